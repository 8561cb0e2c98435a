package dev.nogilscan.scanner.db;

import dev.nogilscan.compatdb.ProbeFinding;
import dev.nogilscan.compatdb.pep.CoreMetadata;
import dev.nogilscan.compatdb.pep.MarkerEnvironment;
import dev.nogilscan.compatdb.pep.PackageName;
import dev.nogilscan.compatdb.pep.Requirement;
import dev.nogilscan.compatdb.pep.TargetEnvironment;
import dev.nogilscan.compatdb.pep.WheelFilename;
import dev.nogilscan.interpreter.PythonInterpreter;
import dev.nogilscan.interpreter.probe.ImportProbe;
import dev.nogilscan.interpreter.probe.ProbeResult;
import dev.nogilscan.interpreter.probe.ProbeTarget;
import dev.nogilscan.interpreter.probe.ProbeWorkspace;
import dev.nogilscan.scanner.archive.ArchiveException;
import dev.nogilscan.scanner.archive.ArchiveLimits;
import dev.nogilscan.scanner.archive.Inspection;
import dev.nogilscan.scanner.archive.WheelInspector;
import dev.nogilscan.scanner.archive.WheelInstaller;
import dev.nogilscan.scanner.index.DistributionFile;
import dev.nogilscan.scanner.index.PackageIndex;
import dev.nogilscan.scanner.index.ProjectPage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Downloads a wheel (at most {@code maxBytes}, sha256 checked when the index gives one), installs
 * it into a temporary directory with its dependencies (the {@code Requires-Dist} entries that apply
 * to the machine's target environment, transitively, each the newest final release with a wheel the
 * environment installs, at most {@value #MAX_DEPENDENCIES} of them) and imports its top-level
 * modules with {@link ImportProbe}. A dependency without a suitable wheel is left out, so the
 * import may end as {@code import-error} naming it; modules that re-enabled the GIL before that are
 * still recorded. Downloaded wheels are kept by file name under the work root for the run. Thread
 * safe.
 */
public final class InterpreterWheelProbe implements WheelProbe {
  private final PackageIndex index;
  private final ImportProbe probe;
  private final PythonInterpreter python;
  private final Path workRoot;
  private final ProbeWorkspace workspace;
  private final long maxBytes;
  private final ArchiveLimits limits = ArchiveLimits.DEFAULT;
  private final TargetEnvironment machine;
  static final int MAX_DEPENDENCIES = 30;

  /**
   * @param machine the interpreter's target on this machine, for choosing dependency wheels
   */
  public InterpreterWheelProbe(
      PackageIndex index,
      ImportProbe probe,
      PythonInterpreter python,
      TargetEnvironment machine,
      ProbeWorkspace workspace,
      Path workRoot,
      long maxBytes) {
    this.machine = machine;
    this.workspace = workspace;
    this.index = index;
    this.probe = probe;
    this.python = python;
    this.workRoot = workRoot;
    this.maxBytes = maxBytes;
  }

  @Override
  public String describe() {
    return python.describe();
  }

  private String interpreterName() {
    return "CPython " + python.version() + (python.freeThreaded() ? "t" : "");
  }

  @Override
  public ProbeFinding probe(DistributionFile file, WheelFilename wheel, LocalDate today) {
    Path dir;
    try {
      Files.createDirectories(workspace.sites());
      dir = Files.createTempDirectory(workspace.sites(), "db-probe-");
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create a probe directory under " + workspace.sites(), e);
    }
    try {
      Path archive = dir.resolve("wheel.whl");
      String problem = fetch(file, archive);
      if (problem != null) {
        return failed(file, wheel, problem, today);
      }
      Inspection inspection = new WheelInspector(limits).inspect(archive, file.filename());
      if (inspection.importNames().isEmpty()) {
        return failed(file, wheel, "no top-level importable module in the wheel", today);
      }
      Path site = dir.resolve("site");
      Files.createDirectories(site);
      new WheelInstaller(limits).install(archive, file.filename(), site);
      List<String> deps = new ArrayList<>();
      List<String> missing = new ArrayList<>();
      installDependencies(inspection, wheel.name(), site, dir, deps, missing);
      workspace.shareable(dir);
      ProbeResult r =
          probe.probe(
              python,
              new ProbeTarget(wheel.name().normalized(), List.of(site), inspection.importNames()));
      return new ProbeFinding(
          wheel.version(),
          file.filename(),
          interpreterName(),
          r.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-'),
          r.gilModules(),
          r.detail()
              + (deps.isEmpty() ? "" : "; installed with " + deps.size() + " dependencies")
              + (missing.isEmpty() ? "" : "; without " + String.join(", ", missing)),
          today);
    } catch (ArchiveException e) {
      return failed(file, wheel, e.getMessage(), today);
    } catch (IOException e) {
      return failed(file, wheel, "cannot download or install: " + e.getMessage(), today);
    } finally {
      deleteTree(dir);
    }
  }

  private void installDependencies(
      Inspection root,
      PackageName rootName,
      Path site,
      Path dir,
      List<String> installed,
      List<String> missing)
      throws IOException, ArchiveException {
    MarkerEnvironment env = machine.markerEnvironment();
    Deque<Requirement> queue = new ArrayDeque<>(applicable(root, Set.of(), env));
    Set<PackageName> seen = new HashSet<>();
    seen.add(rootName);
    while (!queue.isEmpty() && installed.size() < MAX_DEPENDENCIES) {
      Requirement req = queue.poll();
      if (!seen.add(req.name())) {
        continue;
      }
      Optional<ProjectPage> page = index.project(req.name());
      Optional<WheelFilename> best = Optional.empty();
      DistributionFile bestFile = null;
      for (DistributionFile f : page.map(ProjectPage::files).orElse(List.of())) {
        Optional<WheelFilename> w =
            f.isWheel() ? WheelFilename.tryParse(f.filename()) : Optional.empty();
        if (w.isEmpty()
            || f.yanked().isPresent()
            || w.get().version().isPreRelease()
            || w.get().version().isDevRelease()
            || !req.specifier().contains(w.get().version())
            || machine.bestRank(w.get()).isEmpty()) {
          continue;
        }
        int c = best.isEmpty() ? 1 : w.get().version().compareTo(best.get().version());
        if (c > 0
            || (c == 0 && machine.bestRank(w.get()).get() < machine.bestRank(best.get()).get())) {
          best = w;
          bestFile = f;
        }
      }
      if (best.isEmpty()) {
        missing.add(req.name().normalized());
        continue;
      }
      Path archive = dir.resolve("dep-" + installed.size() + ".whl");
      if (fetch(bestFile, archive) != null) {
        missing.add(req.name().normalized());
        continue;
      }
      Inspection inspection = new WheelInspector(limits).inspect(archive, bestFile.filename());
      new WheelInstaller(limits).install(archive, bestFile.filename(), site);
      installed.add(req.name() + " " + best.get().version());
      queue.addAll(applicable(inspection, req.extras(), env));
    }
  }

  private static List<Requirement> applicable(
      Inspection inspection, Set<String> extras, MarkerEnvironment env) {
    if (inspection.metadata().isEmpty()) {
      return List.of();
    }
    List<Requirement> out = new ArrayList<>();
    for (Requirement r : CoreMetadata.parse(inspection.metadata().get()).requiresDist()) {
      try {
        if (r.url().isEmpty() && r.appliesTo(env, extras)) {
          out.add(r);
        }
      } catch (RuntimeException e) {
        // a marker that cannot be evaluated here: leave that dependency out
      }
    }
    return out;
  }

  /** A download kept by file name under the work root, so shared dependencies download once. */
  private String fetch(DistributionFile file, Path to) throws IOException {
    Path cacheDir = workRoot.resolve("db-wheels");
    Files.createDirectories(cacheDir);
    String safe = file.filename().replaceAll("[^A-Za-z0-9._+-]", "_");
    Path cached = cacheDir.resolve(safe);
    if (!Files.isRegularFile(cached)) {
      Path tmp = Files.createTempFile(cacheDir, "part-", ".whl");
      String problem = download(file, tmp);
      if (problem != null) {
        Files.deleteIfExists(tmp);
        return problem;
      }
      Files.move(
          tmp,
          cached,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
    Files.copy(cached, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return null;
  }

  /** Downloads into {@code to}; returns why it could not, or null. */
  private String download(DistributionFile file, Path to) throws IOException {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    long total = 0;
    try (InputStream in = index.open(file);
        OutputStream out = Files.newOutputStream(to)) {
      byte[] buf = new byte[65536];
      int n;
      while ((n = in.read(buf)) > 0) {
        total += n;
        if (total > maxBytes) {
          return "not probed: the wheel is larger than " + (maxBytes >> 20) + " MiB";
        }
        sha.update(buf, 0, n);
        out.write(buf, 0, n);
      }
    }
    String got = HexFormat.of().formatHex(sha.digest());
    if (file.sha256().isPresent() && !file.sha256().get().equals(got)) {
      return "not probed: sha256 mismatch (index "
          + file.sha256().get()
          + ", downloaded "
          + got
          + ")";
    }
    return null;
  }

  private ProbeFinding failed(
      DistributionFile file, WheelFilename wheel, String why, LocalDate today) {
    return new ProbeFinding(
        wheel.version(), file.filename(), interpreterName(), "probe-failed", List.of(), why, today);
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a leftover directory under the tool's own work root is harmless
    }
  }
}
