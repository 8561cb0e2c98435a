package dev.nogilscan.scanner.assess;

import dev.nogilscan.compatdb.pep.PackageName;
import dev.nogilscan.compatdb.pep.SdistFilename;
import dev.nogilscan.compatdb.pep.TargetEnvironment;
import dev.nogilscan.compatdb.pep.TargetPython;
import dev.nogilscan.compatdb.pep.Version;
import dev.nogilscan.compatdb.pep.WheelFilename;
import dev.nogilscan.interpreter.PythonInterpreter;
import dev.nogilscan.interpreter.bench.BenchDependencies;
import dev.nogilscan.scanner.archive.ArchiveException;
import dev.nogilscan.scanner.archive.ArchiveInspector;
import dev.nogilscan.scanner.archive.Inspection;
import dev.nogilscan.scanner.cache.Downloads;
import dev.nogilscan.scanner.index.DistributionFile;
import dev.nogilscan.scanner.index.PackageIndex;
import dev.nogilscan.scanner.index.ProjectPage;
import dev.nogilscan.scanner.resolve.Candidate;
import dev.nogilscan.scanner.resolve.FileSelection;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Installs the scan's resolved set for {@code bench --with-deps}, once per build: the releases the
 * scan resolved, installed from the same archives into the same directories as the import probe
 * ({@link Installations}) where the benchmarked build is the scan's target; for the other build
 * (the GIL twin, {@code cp313} instead of {@code cp313t}) the file pip would pick for it among the
 * same release's files, through the same index and archive cache. Everything is fetched before the
 * benchmark starts: nothing touches the network while it measures.
 *
 * <p>What cannot be installed for a build (sdist only: nogil-scan never runs build scripts; no file
 * for the build's tags; an unreadable archive) or must not be (its import probe crashed, hung or
 * exited the interpreter, which would fail every run) is listed with the reason. Not thread safe;
 * call once per scan.
 */
public final class BenchDependencyInstaller {
  private final PackageIndex index;
  private final Downloads downloads;
  private final Installations installations;
  private final List<ArchiveInspector> inspectors;
  private final Map<String, List<String>> importNames = new HashMap<>();

  public BenchDependencyInstaller(
      PackageIndex index,
      Downloads downloads,
      Installations installations,
      List<ArchiveInspector> inspectors) {
    this.index = index;
    this.downloads = downloads;
    this.installations = installations;
    this.inspectors = List.copyOf(inspectors);
  }

  /**
   * The dependencies of both builds.
   *
   * @param subjects the scan's plan: every assessed release and the releases each needs
   * @param scanned the environment the scan resolved for
   * @param excluded normalised project name to the reason it must not be imported in a benchmark
   * @param freeThreaded the benchmarked free-threaded build
   * @param gil its GIL twin
   */
  public BenchDependencies install(
      List<Subject> subjects,
      TargetEnvironment scanned,
      Map<String, String> excluded,
      PythonInterpreter freeThreaded,
      PythonInterpreter gil) {
    TreeMap<String, Candidate> releases = new TreeMap<>();
    for (Subject s : subjects) {
      if (s.skipReason().isEmpty()) {
        s.candidate().ifPresent(c -> releases.putIfAbsent(c.name().toString(), c));
      }
      s.dependencies().forEach(c -> releases.putIfAbsent(c.name().toString(), c));
    }
    TargetEnvironment ftEnv = environment(freeThreaded, scanned);
    TargetEnvironment gilEnv = environment(gil, scanned);
    List<BenchDependencies.Distribution> ft = new ArrayList<>();
    List<BenchDependencies.Distribution> gl = new ArrayList<>();
    List<String> notInstalled = new ArrayList<>();
    for (Candidate c : releases.values()) {
      String label = c.name() + " " + c.version();
      String exclusion = excluded.get(c.name().toString());
      if (exclusion != null) {
        notInstalled.add(label + " (both builds): " + exclusion);
        continue;
      }
      Outcome f = installFor(c, ftEnv, scanned);
      Outcome g = installFor(c, gilEnv, scanned);
      f.installed().ifPresent(ft::add);
      g.installed().ifPresent(gl::add);
      if (f.problem().isPresent() && f.problem().equals(g.problem())) {
        notInstalled.add(label + " (both builds): " + f.problem().get());
      } else {
        f.problem().ifPresent(p -> notInstalled.add(label + " (free-threaded): " + p));
        g.problem().ifPresent(p -> notInstalled.add(label + " (GIL): " + p));
      }
    }
    return new BenchDependencies(ft, gl, notInstalled);
  }

  private record Outcome(
      Optional<BenchDependencies.Distribution> installed, Optional<String> problem) {
    static Outcome failed(String problem) {
      return new Outcome(Optional.empty(), Optional.of(problem));
    }
  }

  private Outcome installFor(Candidate c, TargetEnvironment env, TargetEnvironment scanned) {
    Optional<DistributionFile> file;
    if (env.equals(scanned)) {
      file = c.installable() ? Optional.of(c.file()) : Optional.empty();
    } else {
      try {
        file = fileFor(c.name(), c.version(), env);
      } catch (IOException e) {
        return Outcome.failed("cannot read its project page: " + e.getMessage());
      }
    }
    if (file.isEmpty()) {
      return Outcome.failed("no wheel or sdist of this release for " + env.python());
    }
    DistributionFile f = file.get();
    if (!f.isWheel()) {
      return Outcome.failed(
          "sdist only (" + f.filename() + "): nogil-scan does not build packages");
    }
    try {
      Path site = installations.site(new Candidate(c.name(), c.version(), f, true, true));
      return new Outcome(
          Optional.of(
              new BenchDependencies.Distribution(
                  c.name().toString(), c.version().toString(), f.filename(), site, modules(f))),
          Optional.empty());
    } catch (ArchiveException e) {
      return Outcome.failed("cannot install " + f.filename() + ": " + e.getMessage());
    } catch (IOException e) {
      return Outcome.failed("cannot download " + f.filename() + ": " + e.getMessage());
    }
  }

  /** The file pip would install on {@code env} among the files of that release. */
  private Optional<DistributionFile> fileFor(
      PackageName name, Version version, TargetEnvironment env) throws IOException {
    Optional<ProjectPage> page = index.project(name);
    if (page.isEmpty()) {
      return Optional.empty();
    }
    List<DistributionFile> files = new ArrayList<>();
    for (DistributionFile f : page.get().files()) {
      Optional<Version> v =
          f.isWheel()
              ? WheelFilename.tryParse(f.filename()).map(WheelFilename::version)
              : SdistFilename.tryParse(f.filename()).map(SdistFilename::version);
      if (v.isPresent() && v.get().equals(version)) {
        files.add(f);
      }
    }
    return FileSelection.installable(files, env);
  }

  private List<String> modules(DistributionFile f) throws IOException, ArchiveException {
    List<String> known = importNames.get(f.filename());
    if (known != null) {
      return known;
    }
    Path archive = downloads.fetch(f).path();
    for (ArchiveInspector inspector : inspectors) {
      if (inspector.accepts(f.filename())) {
        Inspection inspection = inspector.inspect(archive, f.filename());
        List<String> names = List.copyOf(inspection.importNames());
        importNames.put(f.filename(), names);
        return names;
      }
    }
    return List.of();
  }

  /** The scanned platform with {@code python}'s version and build. */
  static TargetEnvironment environment(PythonInterpreter python, TargetEnvironment scanned) {
    String[] parts = python.version().split("\\.");
    TargetPython target =
        new TargetPython(
            Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), python.freeThreaded());
    return target.equals(scanned.python())
        ? scanned
        : new TargetEnvironment(target, scanned.platform());
  }

  /** Project names that must not be imported in a benchmark, with why, from the probe outcomes. */
  public static Map<String, String> unsafe(Map<String, String> probeOutcomes) {
    Map<String, String> out = new LinkedHashMap<>();
    probeOutcomes.forEach(
        (name, outcome) -> {
          switch (outcome) {
            case "crash", "timeout", "exit-at-import" ->
                out.put(
                    name,
                    "left out: its import probe ended in '"
                        + outcome
                        + "', which would end every benchmark run");
            default -> {}
          }
        });
    return out;
  }
}
