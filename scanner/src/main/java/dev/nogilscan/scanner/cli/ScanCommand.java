package dev.nogilscan.scanner.cli;

import dev.nogilscan.compatdb.CompatDatabase;
import dev.nogilscan.compatdb.Suppression;
import dev.nogilscan.compatdb.pep.PackageName;
import dev.nogilscan.compatdb.pep.PepSyntaxException;
import dev.nogilscan.compatdb.pep.Platform;
import dev.nogilscan.compatdb.pep.Requirement;
import dev.nogilscan.compatdb.pep.TargetEnvironment;
import dev.nogilscan.compatdb.pep.TargetPython;
import dev.nogilscan.interpreter.InterpreterDiscovery;
import dev.nogilscan.interpreter.InterpreterInspector;
import dev.nogilscan.interpreter.PythonInterpreter;
import dev.nogilscan.interpreter.bench.BenchDependencies;
import dev.nogilscan.interpreter.bench.BenchPlan;
import dev.nogilscan.interpreter.bench.BenchResult;
import dev.nogilscan.interpreter.bench.BenchRunner;
import dev.nogilscan.interpreter.probe.ImportProbe;
import dev.nogilscan.interpreter.probe.ProbeOptions;
import dev.nogilscan.interpreter.probe.ProbeScheduler;
import dev.nogilscan.interpreter.probe.ProbeWorkspace;
import dev.nogilscan.interpreter.process.ProcessResult;
import dev.nogilscan.interpreter.process.ProcessRunner;
import dev.nogilscan.interpreter.process.ProcessSpec;
import dev.nogilscan.interpreter.process.Sandbox;
import dev.nogilscan.reports.Baseline;
import dev.nogilscan.reports.BenchReport;
import dev.nogilscan.reports.ConsoleFormat;
import dev.nogilscan.reports.PackageReport;
import dev.nogilscan.reports.ReportFormat;
import dev.nogilscan.reports.ReportFormats;
import dev.nogilscan.reports.ScanReport;
import dev.nogilscan.reports.Status;
import dev.nogilscan.scanner.archive.ArchiveInspector;
import dev.nogilscan.scanner.archive.ArchiveLimits;
import dev.nogilscan.scanner.archive.EggInspector;
import dev.nogilscan.scanner.archive.SdistInspector;
import dev.nogilscan.scanner.archive.WheelInspector;
import dev.nogilscan.scanner.archive.WheelInstaller;
import dev.nogilscan.scanner.assess.Attribution;
import dev.nogilscan.scanner.assess.BenchDependencyInstaller;
import dev.nogilscan.scanner.assess.Installations;
import dev.nogilscan.scanner.assess.PackageAssessor;
import dev.nogilscan.scanner.assess.Planner;
import dev.nogilscan.scanner.assess.Scan;
import dev.nogilscan.scanner.assess.ScanTarget;
import dev.nogilscan.scanner.assess.Subject;
import dev.nogilscan.scanner.cache.ArchiveCache;
import dev.nogilscan.scanner.cache.CacheDirectory;
import dev.nogilscan.scanner.cache.Downloads;
import dev.nogilscan.scanner.cache.InspectionCache;
import dev.nogilscan.scanner.db.CompatDatabases;
import dev.nogilscan.scanner.index.CachingIndex;
import dev.nogilscan.scanner.index.EnvironmentCredentials;
import dev.nogilscan.scanner.index.FindLinksIndex;
import dev.nogilscan.scanner.index.IndexCredentials;
import dev.nogilscan.scanner.index.MultiIndex;
import dev.nogilscan.scanner.index.Netrc;
import dev.nogilscan.scanner.index.PackageIndex;
import dev.nogilscan.scanner.index.PageStore;
import dev.nogilscan.scanner.index.PipConfig;
import dev.nogilscan.scanner.index.SimpleRepositoryIndex;
import dev.nogilscan.scanner.input.IndexOptions;
import dev.nogilscan.scanner.input.InputException;
import dev.nogilscan.scanner.input.InputRequirement;
import dev.nogilscan.scanner.input.LockedReleases;
import dev.nogilscan.scanner.input.PyprojectSource;
import dev.nogilscan.scanner.input.RequirementSource;
import dev.nogilscan.scanner.input.RequirementSources;
import dev.nogilscan.scanner.input.RequirementsTxtSource;
import dev.nogilscan.scanner.progress.Progress;
import dev.nogilscan.scanner.progress.ProgressIndex;
import dev.nogilscan.scanner.resolve.MetadataReader;
import dev.nogilscan.scanner.resolve.Resolver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nogil-scan scan}: a verdict for every requirement, for the target interpreter. */
@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    description = "Assess requirements for a free-threaded CPython target.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:scan completed, nothing reached --fail-on",
      "1:scan completed, a package reached --fail-on",
      "2:usage or input error",
      "3:environment error (index unreachable, interpreter missing or not free-threaded)",
      "4:internal error"
    })
final class ScanCommand implements Callable<Integer> {
  static final String DEFAULT_INDEX = "https://pypi.org/simple/";

  /** Distributions per probe interpreter: ~7 start-ups per core instead of one per package. */
  static final int PROBE_BATCH = 25;

  private final Context context;

  @picocli.CommandLine.Mixin ArchiveLimitOptions archiveLimits = new ArchiveLimitOptions();

  @Option(
      names = {"-r", "--requirement"},
      paramLabel = "FILE",
      description =
          "An input file (repeatable): requirements*.txt/.in, pyproject.toml, pylock.toml, uv.lock,"
              + " poetry.lock, pdm.lock, Pipfile.lock, detected by name.")
  List<Path> requirementFiles = new ArrayList<>();

  @Option(names = "--pyproject", paramLabel = "FILE", description = "A pyproject.toml to scan.")
  Path pyproject;

  @Option(
      names = "--extra",
      paramLabel = "NAME",
      description = "Add this optional-dependencies extra of the pyproject.toml (repeatable).")
  List<String> extras = new ArrayList<>();

  @Option(
      names = "--group",
      paramLabel = "NAME",
      description = "Add this dependency group of the pyproject.toml (repeatable).")
  List<String> groups = new ArrayList<>();

  @Option(
      names = "--lock",
      paramLabel = "FILE",
      description = "A lock file, taken as the resolution (repeatable).")
  List<Path> lockFiles = new ArrayList<>();

  @Option(
      names = "--input-format",
      paramLabel = "FMT",
      description = "Read -r and --lock files as this format instead of detecting it by name.")
  String inputFormat;

  @Parameters(
      paramLabel = "PKG_SPEC",
      arity = "0..*",
      description = "Requirements on the command line, e.g. numpy==2.1.0.")
  List<String> specs = new ArrayList<>();

  @Option(
      names = "--no-deps",
      description = "Scan only what is listed: do not resolve dependencies.")
  boolean noDeps;

  @Option(names = "--pre", description = "Allow pre-releases everywhere (as pip --pre).")
  boolean pre;

  @Option(
      names = {"-i", "--index-url"},
      paramLabel = "URL",
      description = "Simple repository index (default: " + DEFAULT_INDEX + ").")
  String indexUrl;

  @Option(
      names = "--trusted-host",
      paramLabel = "HOST",
      description = "Allow plain HTTP to this host (repeatable).")
  List<String> trustedHosts = new ArrayList<>();

  @Option(
      names = "--extra-index-url",
      paramLabel = "URL",
      description = "Another index whose files are added to the index's (repeatable).")
  List<String> extraIndexUrls = new ArrayList<>();

  @Option(
      names = {"-f", "--find-links"},
      paramLabel = "DIR",
      description = "A local directory of wheels and sdists, used as an extra index (repeatable).")
  List<Path> findLinks = new ArrayList<>();

  /** The index options the requirements files set, read with them by {@link #inputs()}. */
  private IndexOptions fileOptions = IndexOptions.NONE;

  @Option(
      names = "--offline",
      description =
          "Use only what is cached: index pages from the HTTP cache, archives from the archive cache.")
  boolean offline;

  @Option(names = "--cache-dir", paramLabel = "DIR", description = "Cache directory.")
  Path cacheDir;

  @Option(
      names = {"-j", "--jobs"},
      paramLabel = "N",
      description =
          "Requests, downloads and inspections in parallel (default: ${DEFAULT-VALUE}); probe"
              + " interpreters run at most this many and at most one per CPU at once.")
  int jobs = Math.max(8, Runtime.getRuntime().availableProcessors());

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description =
          "Network timeout for connecting and for each wait for data (default: PIP_TIMEOUT, else"
              + " 15, as pip).")
  Integer timeout;

  @Option(
      names = "--target",
      paramLabel = "3.13t|3.14t|3.15t",
      description =
          "Target interpreter (default: the free-threaded interpreter found, else 3.14t).")
  String target;

  @Option(
      names = "--platform",
      paramLabel = "TAG",
      description = "Target platform tag (default: this machine's, e.g. manylinux_2_36_x86_64).")
  String platform;

  @Option(
      names = "--python",
      paramLabel = "PATH",
      description = "The free-threaded interpreter for import probes.")
  Path python;

  @Option(
      names = "--no-probe",
      description = "Do not import anything; classify from archives only.")
  boolean noProbe;

  @Option(
      names = "--bench",
      paramLabel = "none|quick|full",
      description =
          "Also measure the free-threaded build against its GIL twin and add it to the reports (default: none).")
  String bench = "none";

  @Option(
      names = "--with-deps",
      description =
          "With --bench: install the scanned packages for each build (from the archives the scan"
              + " downloaded) and import them before every benchmark run, naming any that"
              + " re-enables the GIL.")
  boolean withDeps;

  @Option(
      names = "--deep",
      description =
          "Also import each distribution's submodules (up to 200, 30 s), naming any that re-enables the GIL.")
  boolean deep;

  @Option(
      names = "--threads-smoke",
      paramLabel = "N",
      description =
          "After importing, import and touch each module from N threads at once; reported separately.")
  int threadsSmoke;

  @Option(
      names = "--probe-timeout",
      paramLabel = "SECONDS",
      description = "Time limit of one import probe (default: ${DEFAULT-VALUE}).")
  int probeTimeout = 120;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write the report here; the format follows the extension (.html, .json).")
  Path output;

  @Option(
      names = "--format",
      split = ",",
      paramLabel = "FMT",
      description =
          "Also write these formats (json, html, md, junit, sarif, console) as nogil-scan-report.EXT in --output-dir.")
  List<String> formatNames = new ArrayList<>();

  @Option(
      names = "--output-dir",
      paramLabel = "DIR",
      description = "Where --format writes its files (default: the current directory).")
  Path outputDir;

  @Option(
      names = "--db",
      paramLabel = "FILE",
      description =
          "Compatibility database snapshot to use (default: the one 'db update' cached, else the bundled one).")
  Path dbFile;

  @Option(
      names = "--project",
      paramLabel = "FILE",
      description = "Overrides and suppressions (default: ./nogil-scan.toml when present).")
  Path projectFile;

  @Option(
      names = "--baseline",
      paramLabel = "FILE",
      description =
          "A previous JSON report: fail only on packages that got worse, and list improvements.")
  Path baselineFile;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the JSON report here.")
  Path json;

  @Option(
      names = "--fail-on",
      paramLabel = "LEVEL",
      description =
          "Exit 1 when a package reaches: compatible, unknown, gil-reenabled, incompatible (default: ${DEFAULT-VALUE}).")
  String failOn = "incompatible";

  @Option(
      names = {"-q", "--quiet"},
      description = "Print nothing but errors.")
  boolean quiet;

  @Option(
      names = {"-v", "--verbose"},
      description = "Print each package as it is assessed.")
  boolean verbose;

  @Option(
      names = "--dry-run",
      description =
          "Resolve and print what a free-threaded install would get (name==version, its file,"
              + " who requires it), then stop: no archive is downloaded for assessment, nothing is"
              + " imported, no report is written.")
  boolean dryRun;

  @Option(
      names = "--timings",
      description =
          "Print the wall time of each phase (inputs, resolve, index+metadata, download, inspect, probe, report) on stderr.")
  boolean timings;

  ScanCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    PhaseTimings clock = new PhaseTimings(System::nanoTime);
    try {
      return scan(clock);
    } finally {
      if (timings) {
        clock.render().forEach(context.err()::println);
        context.err().flush();
      }
    }
  }

  private Integer scan(PhaseTimings clock) {
    Status level =
        Status.fromId(failOn)
            .filter(s -> s != Status.SKIPPED)
            .orElseThrow(
                () ->
                    new InputException(
                        "--fail-on: expected compatible, unknown, gil-reenabled or incompatible but found '"
                            + failOn
                            + "'"));
    Optional<ReportFormat> outputFormat = Optional.empty();
    if (output != null) {
      outputFormat =
          Optional.of(
              ReportFormats.forFile(output)
                  .orElseThrow(
                      () ->
                          new InputException(
                              "-o "
                                  + output
                                  + ": cannot tell the format from the extension; expected one of ."
                                  + String.join(", .", extensions()))));
    }
    List<ReportFormat> formats = new ArrayList<>();
    for (String name : formatNames) {
      formats.add(
          ReportFormats.named(name.strip())
              .orElseThrow(
                  () ->
                      new InputException(
                          "--format: unknown format '"
                              + name
                              + "'; expected one of "
                              + String.join(", ", ReportFormats.names()))));
    }
    Optional<Baseline> baseline = Optional.empty();
    if (baselineFile != null) {
      try {
        baseline = Optional.of(Baseline.load(baselineFile));
      } catch (IOException | IllegalArgumentException e) {
        throw new InputException("--baseline " + e.getMessage(), e);
      }
    }
    CacheDirectory cache =
        CacheDirectory.resolve(
            Optional.ofNullable(cacheDir), context.environment(), context.home());
    // A dry run assesses nothing, so it does not load the database (a tenth of its start).
    // (null only on that path, which returns before the database is used)
    CompatDatabase db =
        dryRun
            ? null
            : CompatDatabases.resolve(
                Optional.ofNullable(dbFile),
                Optional.ofNullable(projectFile),
                cache,
                Path.of("").toAbsolutePath());
    if (!List.of("none", "quick", "full").contains(bench)) {
      throw new InputException("--bench: expected none, quick or full but found '" + bench + "'");
    }
    if (withDeps && bench.equals("none")) {
      throw new InputException(
          "--with-deps: only has a meaning with --bench quick or --bench full");
    }
    clock.begin(PhaseTimings.Phase.INPUTS);
    List<InputRequirement> inputs = inputs();
    clock.end(PhaseTimings.Phase.INPUTS);
    if (inputs.isEmpty()
        && requirementFiles.isEmpty()
        && pyproject == null
        && lockFiles.isEmpty()) {
      throw new InputException(
          "nothing to scan: give -r FILE or package specs such as numpy==2.1.0");
    }

    ProcessRunner runner = new ProcessRunner();
    ScanTarget scanTarget = target(runner, cache);
    Progress progress =
        Progress.forStream(context.err(), context.errIsTerminal(), quiet, context.environment());
    PackageIndex shown = new ProgressIndex(indexes(cache), progress);
    CachingIndex packageIndex = new CachingIndex(timings ? clock.index(shown) : shown);
    ArchiveLimits limits = archiveLimits.limits();
    ArchiveCache archiveCache = new ArchiveCache(cache.archives());
    InspectionCache inspectionCache = new InspectionCache(cache.inspections(), archiveCache);
    List<ArchiveInspector> inspectors =
        Stream.of(new WheelInspector(limits), new SdistInspector(limits), new EggInspector(limits))
            .map(inspectionCache::cached)
            .toList();
    if (timings) {
      inspectors = inspectors.stream().map(clock::inspector).toList();
    }
    Downloads downloads = new Downloads(packageIndex, archiveCache, cache.work());
    // Run as root, probes drop to nobody: the workspace then lies where nobody can read it (the
    // cache under /root cannot be), holding the installed wheels and, when needed, a mirror of the
    // interpreter. Closed below with the installations, on every path.
    // Without an interpreter (for probes or --bench) nothing runs in it, so the sandbox's tools
    // are not looked for.
    ProbeWorkspace workspace =
        scanTarget.interpreter().isPresent() || !bench.equals("none")
            ? ProbeWorkspace.open(runner, cache.work())
            : ProbeWorkspace.open(false, cache.work());
    Optional<ImportProbe> probe =
        scanTarget
            .interpreter()
            .map(
                i ->
                    new ImportProbe(
                        runner,
                        workspace,
                        Duration.ofSeconds(probeTimeout),
                        Sandbox.forImportProbe()));
    if (!quiet) {
      progress.println(
          "nogil-scan: scanning "
              + inputs.size()
              + " requirement(s) for "
              + scanTarget.environment().python()
              + " on "
              + scanTarget.environment().platform()
              + " from "
              + packageIndex.describe()
              + (noDeps ? " (--no-deps)" : ""));
      progress.println("nogil-scan: import probes: " + scanTarget.probeNote());
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, jobs),
            r -> {
              Thread t = new Thread(r, "nogil-scan");
              t.setDaemon(true);
              return t;
            });
    List<PackageReport> packages;
    Optional<BenchReport> benchReport = Optional.empty();
    try (progress;
        workspace;
        Installations installations =
            new Installations(workspace, downloads, new WheelInstaller(limits))) {
      Resolver resolver =
          new Resolver(
              packageIndex,
              scanTarget.environment(),
              new MetadataReader(packageIndex, downloads, inspectors),
              !noDeps,
              pre || fileOptions.pre(),
              pool);
      progress.phase("resolving");
      clock.begin(PhaseTimings.Phase.RESOLVE);
      List<Subject> subjects =
          new Planner(
                  resolver,
                  scanTarget.environment().markerEnvironment(),
                  scanTarget.environment().python().toString(),
                  Optional.of(new LockedReleases(packageIndex, scanTarget.environment())))
              .plan(inputs, fileOptions.requireHashes());
      clock.end(PhaseTimings.Phase.RESOLVE);
      if (dryRun) {
        progress.close();
        ResolutionListing.lines(subjects, scanTarget.environment()).forEach(context.out()::println);
        context.out().flush();
        return ExitCode.OK.code();
      }
      progress.planned(subjects.size());
      progress.phase("assessing");
      PackageAssessor assessor =
          new PackageAssessor(
              packageIndex, downloads, inspectors, installations, scanTarget, Optional.of(db));
      packages =
          new Scan(
                  assessor,
                  pool,
                  probe.map(
                      p ->
                          new ProbeScheduler(
                              p,
                              // more interpreters than CPUs only slows each (and nears timeouts)
                              Math.max(
                                  1, Math.min(jobs, Runtime.getRuntime().availableProcessors())),
                              PROBE_BATCH)),
                  probeOptions())
              .run(
                  subjects,
                  r -> {
                    progress.assessed();
                    if (verbose) {
                      progress.println("  " + r.label() + ": " + r.status().id());
                    }
                  },
                  clock);
      if (!bench.equals("none")) {
        progress.close(); // the benchmark prints its own lines
        // Inside the try: --with-deps reuses the probe's installed wheels before they are removed.
        Optional<BenchDependencyInstaller> deps =
            withDeps
                ? Optional.of(
                    new BenchDependencyInstaller(
                        packageIndex, downloads, installations, inspectors))
                : Optional.empty();
        benchReport = Optional.of(bench(runner, cache, scanTarget, subjects, packages, deps));
      }
    } finally {
      pool.shutdownNow();
    }
    packages = Attribution.attribute(packages);
    List<String> inputNames = new ArrayList<>();
    requirementFiles.forEach(f -> inputNames.add(f.toString()));
    Optional.ofNullable(pyproject).ifPresent(f -> inputNames.add(f.toString()));
    lockFiles.forEach(f -> inputNames.add(f.toString()));
    if (!specs.isEmpty()) {
      inputNames.add("command line");
    }
    clock.begin(PhaseTimings.Phase.REPORT);
    ScanReport report =
        new ScanReport(
            "nogil-scan " + VersionProvider.version(),
            context.clock().instant(),
            scanTarget.environment().python().toString(),
            scanTarget.environment().platform().toString(),
            scanTarget.probeNote(),
            inputNames,
            packages,
            "compat-db " + db.version() + " (" + db.date() + ")",
            benchReport);
    List<Path> written = new ArrayList<>();
    if (output != null) {
      write(output, outputFormat.get().render(report));
      written.add(output);
    }
    if (json != null) {
      write(json, ReportFormats.named("json").orElseThrow().render(report));
      written.add(json);
    }
    for (ReportFormat f : formats) {
      Path file =
          Optional.ofNullable(outputDir)
              .orElse(Path.of("."))
              .resolve("nogil-scan-report." + f.extensions().get(0));
      write(file, f.render(report));
      written.add(file);
    }
    clock.end(PhaseTimings.Phase.REPORT);
    String summaryFile = context.environment().get("GITHUB_STEP_SUMMARY");
    if (summaryFile != null && !summaryFile.isBlank()) {
      append(Path.of(summaryFile), ReportFormats.named("md").orElseThrow().render(report));
    }
    List<Baseline.Change> failing;
    if (baseline.isPresent()) {
      failing = baseline.get().regressions(report, level);
    } else {
      failing =
          report.reaching(level).stream()
              .map(p -> new Baseline.Change(p.name(), Optional.empty(), p.status()))
              .toList();
    }
    java.time.LocalDate today =
        java.time.LocalDate.ofInstant(context.clock().instant(), java.time.ZoneOffset.UTC);
    List<String> suppressed = new ArrayList<>();
    failing =
        failing.stream()
            .filter(
                c -> {
                  Optional<Suppression> sup =
                      PackageName.tryParse(c.name()).flatMap(n -> db.activeSuppression(n, today));
                  sup.ifPresent(
                      x ->
                          suppressed.add(
                              "suppressed: "
                                  + c.name()
                                  + " "
                                  + c.now().id()
                                  + " ("
                                  + x.reason()
                                  + "; until "
                                  + x.expires()
                                  + ", "
                                  + x.source()
                                  + ")"));
                  return sup.isEmpty();
                })
            .toList();
    List<String> expired =
        db.expiredSuppressions(today).stream()
            .map(
                x ->
                    "nogil-scan: expired suppression: "
                        + x.name()
                        + " ("
                        + x.reason()
                        + "; expired "
                        + x.expires()
                        + ", "
                        + x.source()
                        + ")")
            .toList();
    if (!quiet) {
      boolean color =
          System.console() != null
              && !context.environment().containsKey("NO_COLOR")
              && !"dumb".equals(context.environment().get("TERM"));
      context.out().print(new ConsoleFormat(color).render(report));
      if (baseline.isPresent()) {
        baseline
            .get()
            .improvements(report)
            .forEach(c -> context.out().println("improved: " + c.describe()));
        failing.forEach(c -> context.out().println("worse than the baseline: " + c.describe()));
      }
      report
          .bench()
          .ifPresent(
              b ->
                  context
                      .out()
                      .println(
                          "bench ("
                              + b.plan()
                              + "): "
                              + b.singleThreadRatio().stream()
                                  .mapToObj(
                                      r ->
                                          String.format(
                                              java.util.Locale.ROOT,
                                              "single-threaded, the free-threaded build takes %.2fx the time. ",
                                              1 / r))
                                  .findFirst()
                                  .orElse("")
                              + b.gilVerdict()));
      suppressed.forEach(context.out()::println);
      written.forEach(f -> context.out().println("report: " + f));
      context.out().flush();
    }
    expired.forEach(context.err()::println);
    context.err().flush();
    return failing.isEmpty() ? ExitCode.OK.code() : ExitCode.FINDINGS.code();
  }

  /**
   * Runs {@code --bench}: the suite on the free-threaded build and its GIL twin, with {@code
   * --with-deps} after installing the scan's resolved set for each build.
   */
  private BenchReport bench(
      ProcessRunner runner,
      CacheDirectory cache,
      ScanTarget scanTarget,
      List<Subject> subjects,
      List<PackageReport> packages,
      Optional<BenchDependencyInstaller> installer) {
    BenchCommand.Pair pair = BenchCommand.pair(runner, context.environment(), python, null, cache);
    int threads = Runtime.getRuntime().availableProcessors();
    BenchPlan plan = bench.equals("full") ? BenchPlan.full(threads) : BenchPlan.quick(threads);
    if (installer.isPresent()) {
      Map<String, String> outcomes = new java.util.TreeMap<>();
      packages.forEach(p -> p.probe().ifPresent(r -> outcomes.put(p.name(), r.outcome())));
      BenchDependencies deps =
          installer
              .get()
              .install(
                  subjects,
                  scanTarget.environment(),
                  BenchDependencyInstaller.unsafe(outcomes),
                  pair.freeThreaded(),
                  pair.gil());
      if (!quiet) {
        context
            .err()
            .printf(
                "nogil-scan: bench --with-deps: %d distribution(s) for the free-threaded build, %d"
                    + " for the GIL twin, %d not installed%n",
                deps.freeThreaded().size(), deps.gil().size(), deps.notInstalled().size());
        deps.notInstalled()
            .forEach(n -> context.err().println("nogil-scan:   not installed: " + n));
        context.err().flush();
      }
      plan = plan.withDependencies(deps);
    }
    BenchResult result =
        new BenchRunner(runner, context.clock())
            .run(
                pair.freeThreaded(),
                pair.gil(),
                plan,
                line -> {
                  if (!quiet) {
                    context.err().println("nogil-scan: bench: " + line);
                    context.err().flush();
                  }
                });
    return BenchReports.of(result);
  }

  /**
   * The indexes to read, as pip chooses them: flags first, then {@code PIP_INDEX_URL} / {@code
   * PIP_EXTRA_INDEX_URL} / {@code PIP_TRUSTED_HOST} / {@code PIP_FIND_LINKS}, then pip.conf when
   * neither names an index.
   */
  private PackageIndex indexes(CacheDirectory cache) {
    Map<String, String> env = context.environment();
    PipConfig pip = PipConfig.load(env, context.home());
    Optional<String> fromEnv =
        Optional.ofNullable(env.get("PIP_INDEX_URL")).filter(v -> !v.isBlank());
    boolean configured = indexUrl != null || fromEnv.isPresent();
    String index =
        Optional.ofNullable(indexUrl)
            .or(() -> fromEnv)
            .or(() -> pip.indexUrl())
            .orElse(DEFAULT_INDEX);
    List<String> extras = new ArrayList<>(extraIndexUrls);
    splitEnv(env, "PIP_EXTRA_INDEX_URL").forEach(extras::add);
    if (!configured && extraIndexUrls.isEmpty()) {
      extras.addAll(pip.extraIndexUrls());
    }
    // as pip applies a requirements file's own lines over its command line (req_file.py)
    if (fileOptions.indexUrl().isPresent()) {
      index = fileOptions.indexUrl().get();
      extras.clear();
    }
    extras.addAll(fileOptions.extraIndexUrls());
    Set<String> trusted = new java.util.LinkedHashSet<>(trustedHosts);
    trusted.addAll(splitEnv(env, "PIP_TRUSTED_HOST"));
    trusted.addAll(pip.trustedHosts());
    trusted.addAll(fileOptions.trustedHosts());
    List<Path> links = new ArrayList<>(findLinks);
    splitEnv(env, "PIP_FIND_LINKS").stream()
        .filter(l -> !l.contains("://"))
        .forEach(l -> links.add(Path.of(l)));
    pip.findLinks().stream().filter(l -> !l.contains("://")).forEach(l -> links.add(Path.of(l)));
    for (String l : fileOptions.findLinks()) {
      if (l.startsWith("file://")) {
        links.add(Path.of(java.net.URI.create(l)));
      } else if (l.contains("://")) {
        throw new InputException(
            "--find-links "
                + l
                + " (in a requirements file): expected a local directory; find-links pages"
                + " over HTTP are not supported, use --extra-index-url for an index");
      } else {
        links.add(Path.of(l));
      }
    }
    if (fileOptions.noIndex()) {
      // pip --no-index: only the find-links locations are searched
      if (links.isEmpty()) {
        throw new InputException(
            "--no-index (in a requirements file) leaves no index and no --find-links to read");
      }
      return new MultiIndex(links.stream().map(l -> (PackageIndex) new FindLinksIndex(l)).toList());
    }
    Duration networkTimeout = Duration.ofSeconds(networkTimeout(env));
    // built on the first request: a warm run answered from the page store makes none
    Supplier<okhttp3.OkHttpClient> client =
        new Supplier<>() {
          private okhttp3.OkHttpClient built;

          @Override
          public synchronized okhttp3.OkHttpClient get() {
            if (built == null) {
              built = SimpleRepositoryIndex.defaultClient(cache.http(), env, networkTimeout);
            }
            return built;
          }
        };
    Optional<PageStore> store = Optional.of(new PageStore(cache.pages()));
    IndexCredentials credentials;
    try {
      credentials = EnvironmentCredentials.from(env).orElse(Netrc.load(env, context.home()));
    } catch (IllegalArgumentException e) {
      throw new InputException(e.getMessage());
    }
    List<PackageIndex> all = new ArrayList<>();
    all.add(new SimpleRepositoryIndex(index, trusted, client, credentials, offline, store));
    for (String extra : extras) {
      all.add(new SimpleRepositoryIndex(extra, trusted, client, credentials, offline, store));
    }
    links.forEach(l -> all.add(new FindLinksIndex(l)));
    return new MultiIndex(all);
  }

  /** {@code --timeout}, else {@code PIP_TIMEOUT}, else pip's 15 seconds. */
  private int networkTimeout(Map<String, String> env) {
    String given = timeout != null ? timeout.toString() : env.get("PIP_TIMEOUT");
    if (given == null || given.isBlank()) {
      return 15;
    }
    String from = timeout != null ? "--timeout" : "PIP_TIMEOUT";
    try {
      double seconds = Double.parseDouble(given.strip());
      if (seconds >= 1 && seconds <= 3600) {
        return (int) Math.round(seconds);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InputException(
        from + ": expected a number of seconds from 1 to 3600 but found '" + given + "'");
  }

  private ProbeOptions probeOptions() {
    ProbeOptions options = ProbeOptions.DEFAULT;
    if (deep) {
      options = options.withDeep(200, Duration.ofSeconds(30));
    }
    if (threadsSmoke < 0) {
      throw new InputException(
          "--threads-smoke: expected a number of threads, 1 or more, but found " + threadsSmoke);
    }
    return threadsSmoke > 0 ? options.withThreadsSmoke(threadsSmoke) : options;
  }

  private static List<String> splitEnv(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? List.of() : List.of(v.strip().split("\\s+"));
  }

  /** The reader of an input file: --input-format, else detected by name, else requirements. */
  private RequirementSource source(Path file) {
    RequirementSource source =
        inputFormat != null
            ? RequirementSources.named(inputFormat)
                .orElseThrow(
                    () ->
                        new InputException(
                            "--input-format: expected one of "
                                + String.join(", ", RequirementSources.names())
                                + " but found '"
                                + inputFormat
                                + "'"))
            : RequirementSources.detect(file).orElse(RequirementSources.requirementsTxt());
    if (source instanceof PyprojectSource) {
      return new PyprojectSource(extras, groups);
    }
    if (source instanceof RequirementsTxtSource) {
      return new RequirementsTxtSource(context.environment());
    }
    return source;
  }

  private List<InputRequirement> inputs() {
    List<InputRequirement> inputs = new ArrayList<>();
    boolean pyprojectRead = pyproject != null;
    for (Path file : requirementFiles) {
      RequirementSource source = source(file);
      pyprojectRead |= source instanceof PyprojectSource;
      if (source instanceof RequirementsTxtSource txt) {
        RequirementsTxtSource.RequirementsFile read = txt.parse(file, file.toString());
        fileOptions = fileOptions.then(read.options());
        inputs.addAll(read.requirements());
      } else {
        inputs.addAll(source.read(file, file.toString()));
      }
    }
    if (pyproject != null) {
      inputs.addAll(new PyprojectSource(extras, groups).read(pyproject, pyproject.toString()));
    }
    if (!pyprojectRead && (!extras.isEmpty() || !groups.isEmpty())) {
      throw new InputException(
          "--extra and --group choose from a pyproject.toml: give --pyproject FILE");
    }
    for (Path file : lockFiles) {
      RequirementSource source = source(file);
      if (source instanceof RequirementsTxtSource || source instanceof PyprojectSource) {
        throw new InputException(
            "--lock "
                + file
                + ": expected a lock file (pylock.toml, uv.lock, poetry.lock, pdm.lock,"
                + " Pipfile.lock) or --input-format");
      }
      inputs.addAll(source.read(file, file.toString()));
    }
    for (int i = 0; i < specs.size(); i++) {
      String spec = specs.get(i);
      String origin = "command line argument " + (i + 1);
      try {
        inputs.add(InputRequirement.of(spec, origin, Requirement.parse(spec)));
      } catch (PepSyntaxException e) {
        throw new InputException(origin + ": " + e.getMessage(), e);
      }
    }
    return inputs;
  }

  private ScanTarget target(ProcessRunner runner, CacheDirectory cache) {
    Optional<TargetPython> wanted = Optional.empty();
    if (target != null) {
      TargetPython t;
      try {
        t = TargetPython.parse(target);
      } catch (PepSyntaxException e) {
        throw new InputException("--target: " + e.getMessage(), e);
      }
      if (!t.freeThreaded()) {
        throw new InputException(
            "--target "
                + target
                + ": expected a free-threaded target such as 3.13t, 3.14t or 3.15t");
      }
      wanted = Optional.of(t);
    }
    Optional<PythonInterpreter> interpreter = Optional.empty();
    String note;
    if ((noProbe || dryRun) && wanted.isPresent()) {
      note = noProbe ? "skipped (--no-probe)" : "skipped (--dry-run)";
    } else {
      // Even with --no-probe the interpreter in use decides the default target.
      InterpreterDiscovery discovery = new InterpreterDiscovery(new InterpreterInspector(runner));
      interpreter =
          discovery.freeThreaded(
              PythonCommand.locatorContext(
                  context, Optional.ofNullable(python), Optional.ofNullable(cacheDir)));
      note =
          interpreter
              .map(PythonInterpreter::describe)
              .orElse(
                  "skipped: no free-threaded interpreter found; run 'nogil-scan python install' or pass --python");
    }
    TargetPython targetPython = wanted.isPresent() ? wanted.get() : interpreterTarget(interpreter);
    if (noProbe) {
      note = "skipped (--no-probe)";
    }
    Platform machine = machinePlatform(runner, interpreter);
    Platform targetPlatform;
    if (platform != null) {
      try {
        targetPlatform = Platform.parse(platform);
      } catch (PepSyntaxException e) {
        throw new InputException("--platform: " + e.getMessage(), e);
      }
    } else {
      targetPlatform = machine;
    }
    if (interpreter.isPresent()
        && platform != null
        && !sameArchitectureAndOs(targetPlatform, machine)) {
      note =
          "skipped: the target platform "
              + targetPlatform
              + " is not this machine's ("
              + machine
              + "), so its binaries cannot be imported here";
      interpreter = Optional.empty();
    }
    if (interpreter.isPresent()
        && !interpreter.get().targetName().equals(targetPython.toString())) {
      note =
          "skipped: the free-threaded interpreter found is "
              + interpreter.get().targetName()
              + " but the target is "
              + targetPython
              + "; pass --python with a "
              + targetPython
              + " interpreter";
      interpreter = Optional.empty();
    }
    if (noProbe || dryRun) {
      interpreter = Optional.empty();
      note = noProbe ? "skipped (--no-probe)" : "skipped (--dry-run)";
    }
    return new ScanTarget(new TargetEnvironment(targetPython, targetPlatform), interpreter, note);
  }

  private static TargetPython interpreterTarget(Optional<PythonInterpreter> interpreter) {
    return TargetPython.parse(interpreter.map(PythonInterpreter::targetName).orElse("3.14t"));
  }

  private static boolean sameArchitectureAndOs(Platform a, Platform b) {
    return a.compatiblePlatformTags().contains(b.compatiblePlatformTags().get(0))
        || b.compatiblePlatformTags().contains(a.compatiblePlatformTags().get(0));
  }

  /** This machine as a platform tag, e.g. {@code manylinux_2_36_x86_64}. */
  static Platform machinePlatform(ProcessRunner runner, Optional<PythonInterpreter> interpreter) {
    String arch =
        interpreter
            .map(PythonInterpreter::machine)
            .orElseGet(
                () ->
                    switch (System.getProperty("os.arch")) {
                      case "amd64", "x86_64" -> "x86_64";
                      case "aarch64", "arm64" -> "aarch64";
                      default -> System.getProperty("os.arch");
                    });
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    if (os.contains("mac")) {
      return Platform.parse("macosx_11_0_" + (arch.equals("aarch64") ? "arm64" : arch));
    }
    if (os.contains("win")) {
      return Platform.parse(arch.equals("aarch64") ? "win_arm64" : "win_amd64");
    }
    Optional<String> glibc =
        interpreter.flatMap(PythonInterpreter::glibc).or(() -> hostGlibc(runner));
    return glibc
        .map(g -> Platform.parse("manylinux_" + g.replace('.', '_') + "_" + arch))
        .orElseGet(() -> Platform.parse("linux_" + arch));
  }

  private static Optional<String> hostGlibc(ProcessRunner runner) {
    try {
      ProcessResult r =
          runner.run(
              ProcessSpec.of(
                  List.of("getconf", "GNU_LIBC_VERSION"),
                  Map.of("PATH", "/usr/bin:/bin"),
                  Path.of("/"),
                  Duration.ofSeconds(10)));
      String out = r.stdout().strip();
      return r.succeeded() && out.matches("glibc \\d+\\.\\d+")
          ? Optional.of(out.substring(6))
          : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static void append(Path file, String content) {
    try {
      Files.writeString(
          file,
          content,
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new InputException("cannot write the job summary " + file + ": " + e.getMessage(), e);
    }
  }

  private static List<String> extensions() {
    List<String> out = new ArrayList<>();
    ReportFormats.ALL.forEach(f -> out.addAll(f.extensions()));
    return out;
  }

  private static void write(Path file, String content) {
    try {
      Path abs = file.toAbsolutePath();
      Files.createDirectories(abs.getParent());
      Path tmp = Files.createTempFile(abs.getParent(), ".nogil-scan-", ".tmp");
      Files.writeString(tmp, content, StandardCharsets.UTF_8);
      // temporary files are created private (0600); a report is meant to be shared
      if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(
            tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
      }
      Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new InputException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
