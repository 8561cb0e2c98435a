package dev.nogilscan.scanner.db;

import dev.nogilscan.compatdb.ProbeFinding;
import dev.nogilscan.compatdb.pep.WheelFilename;
import dev.nogilscan.interpreter.PythonInterpreter;
import dev.nogilscan.interpreter.probe.ImportProbe;
import dev.nogilscan.interpreter.probe.ProbeResult;
import dev.nogilscan.interpreter.probe.ProbeTarget;
import dev.nogilscan.scanner.archive.ArchiveException;
import dev.nogilscan.scanner.archive.ArchiveLimits;
import dev.nogilscan.scanner.archive.Inspection;
import dev.nogilscan.scanner.archive.WheelInspector;
import dev.nogilscan.scanner.archive.WheelInstaller;
import dev.nogilscan.scanner.index.DistributionFile;
import dev.nogilscan.scanner.index.PackageIndex;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Downloads a wheel (at most {@code maxBytes}, sha256 checked when the index gives one), installs
 * it alone into a temporary directory and imports its top-level modules with {@link ImportProbe}.
 * Dependencies are not installed, so an import that needs another distribution ends as {@code
 * import-error} naming the missing module; modules that re-enabled the GIL before that are still
 * recorded. Thread safe.
 */
public final class InterpreterWheelProbe implements WheelProbe {
  private final PackageIndex index;
  private final ImportProbe probe;
  private final PythonInterpreter python;
  private final Path workRoot;
  private final long maxBytes;
  private final ArchiveLimits limits = ArchiveLimits.DEFAULT;

  public InterpreterWheelProbe(
      PackageIndex index,
      ImportProbe probe,
      PythonInterpreter python,
      Path workRoot,
      long maxBytes) {
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
      Files.createDirectories(workRoot);
      dir = Files.createTempDirectory(workRoot, "db-probe-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a probe directory under " + workRoot, e);
    }
    try {
      Path archive = dir.resolve("wheel.whl");
      String problem = download(file, archive);
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
          r.detail(),
          today);
    } catch (ArchiveException e) {
      return failed(file, wheel, e.getMessage(), today);
    } catch (IOException e) {
      return failed(file, wheel, "cannot download or install: " + e.getMessage(), today);
    } finally {
      deleteTree(dir);
    }
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
