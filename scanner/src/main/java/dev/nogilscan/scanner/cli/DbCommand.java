package dev.nogilscan.scanner.cli;

import dev.nogilscan.compatdb.CompatDatabase;
import dev.nogilscan.compatdb.CompatTarget;
import dev.nogilscan.compatdb.Evidence;
import dev.nogilscan.compatdb.KnownStatus;
import dev.nogilscan.compatdb.PackageEntry;
import dev.nogilscan.compatdb.PackageOverride;
import dev.nogilscan.compatdb.PlatformKey;
import dev.nogilscan.compatdb.PlatformStatus;
import dev.nogilscan.compatdb.Suppression;
import dev.nogilscan.compatdb.TargetStatus;
import dev.nogilscan.compatdb.pep.PackageName;
import dev.nogilscan.compatdb.pep.Platform;
import dev.nogilscan.compatdb.pep.TargetEnvironment;
import dev.nogilscan.compatdb.pep.TargetPython;
import dev.nogilscan.compatdb.pep.Version;
import dev.nogilscan.interpreter.InterpreterDiscovery;
import dev.nogilscan.interpreter.InterpreterInspector;
import dev.nogilscan.interpreter.PythonInterpreter;
import dev.nogilscan.interpreter.probe.ImportProbe;
import dev.nogilscan.interpreter.probe.ProbeWorkspace;
import dev.nogilscan.interpreter.process.ProcessRunner;
import dev.nogilscan.interpreter.process.Sandbox;
import dev.nogilscan.scanner.cache.CacheDirectory;
import dev.nogilscan.scanner.db.CompatDatabases;
import dev.nogilscan.scanner.db.DbUpdater;
import dev.nogilscan.scanner.db.DownloadRanking;
import dev.nogilscan.scanner.db.InterpreterWheelProbe;
import dev.nogilscan.scanner.db.WheelMetadataReader;
import dev.nogilscan.scanner.db.WheelProbe;
import dev.nogilscan.scanner.index.SimpleRepositoryIndex;
import dev.nogilscan.scanner.input.InputException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nogil-scan db show PKG | update | export FILE}: the compatibility database. */
@Command(
    name = "db",
    mixinStandardHelpOptions = true,
    description = "Show, rebuild or export the free-threading compatibility database.",
    subcommands = {
      DbCommand.ShowCommand.class,
      DbCommand.UpdateCommand.class,
      DbCommand.ExportCommand.class
    })
final class DbCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Options every db subcommand shares: which snapshot and which project file. */
  static class Source {
    @Option(
        names = "--db",
        paramLabel = "FILE",
        description =
            "Use this snapshot (from 'db export' or 'db update --output') instead of the one in the cache or the bundled one.")
    Path db;

    @Option(
        names = "--project",
        paramLabel = "FILE",
        description = "Overrides and suppressions (default: ./nogil-scan.toml when present).")
    Path project;

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "Cache directory.")
    Path cacheDir;

    CacheDirectory cache(Context context) {
      return CacheDirectory.resolve(
          Optional.ofNullable(cacheDir), context.environment(), context.home());
    }

    CompatDatabase load(Context context) {
      return CompatDatabases.resolve(
          Optional.ofNullable(db),
          Optional.ofNullable(project),
          cache(context),
          Path.of("").toAbsolutePath());
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Print what the database knows about a package, and why.")
  static final class ShowCommand implements Callable<Integer> {
    private final Context context;

    @Parameters(index = "0", paramLabel = "PKG", description = "The package, e.g. numpy.")
    String pkg;

    @Option(
        names = "--target",
        paramLabel = "3.13t|3.14t|3.15t|nogil-3.9",
        description = "Only this target (default: all).")
    String target;

    @Option(
        names = "--platform",
        paramLabel = "TAG",
        description = "Only this platform, e.g. manylinux_2_36_x86_64 (default: all recorded).")
    String platform;

    @picocli.CommandLine.Mixin Source source = new Source();

    ShowCommand(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      PackageName name =
          PackageName.tryParse(pkg)
              .orElseThrow(
                  () -> new InputException("PKG: expected a project name but found '" + pkg + "'"));
      List<CompatTarget> targets = targets();
      Optional<PlatformKey> onlyPlatform = Optional.empty();
      if (platform != null) {
        Platform p;
        try {
          p = Platform.parse(platform);
        } catch (IllegalArgumentException e) {
          throw new InputException("--platform: " + e.getMessage(), e);
        }
        onlyPlatform = PlatformKey.of(p);
        if (onlyPlatform.isEmpty()) {
          throw new InputException(
              "--platform "
                  + platform
                  + ": the compat-db records linux x86_64/aarch64, macOS arm64 and Windows amd64 only");
        }
      }
      CompatDatabase db = source.load(context);
      PrintWriter out = context.out();
      LocalDate today = LocalDate.ofInstant(context.clock().instant(), ZoneOffset.UTC);
      out.println(name + " in " + CompatDatabases.describe(db));
      Optional<PackageEntry> entry = db.entry(name);
      Optional<PackageOverride> override = db.override(name);
      if (entry.isEmpty() && override.isEmpty()) {
        out.println("  not in the database: nothing is known about it (not an error)");
        printSuppressions(db, name, today, out);
        return ExitCode.OK.code();
      }
      entry.ifPresent(
          e -> {
            out.println(
                "  rank "
                    + (e.rank() > 0 ? e.rank() : "-")
                    + ", newest release "
                    + e.latestVersion().map(Version::toString).orElse("?")
                    + ", learned "
                    + e.learned());
            out.println(
                "  Free Threading classifier: "
                    + e.classifier()
                        .map(c -> c.isEmpty() ? "declared (no level)" : c)
                        .orElse("none"));
            e.alternatives()
                .forEach(a -> out.println("  alternative: " + a.name() + " (" + a.reason() + ")"));
            e.tracking().ifPresent(t -> out.println("  tracking: " + t));
            e.evidence().forEach(ev -> out.println("    evidence: " + evidence(ev)));
          });
      override.ifPresent(
          o ->
              out.println(
                  "  override: "
                      + o.status()
                      + (o.versions().isEmpty() ? "" : " " + o.versions())
                      + ": "
                      + o.reason()
                      + " ("
                      + o.source()
                      + ")"));
      for (CompatTarget t : targets) {
        Optional<TargetStatus> ts = entry.map(e -> e.targets().get(t));
        out.println("  " + t + ":");
        if (ts.isEmpty() || ts.get() == null) {
          out.println("    not examined");
          continue;
        }
        for (PlatformKey k : PlatformKey.values()) {
          if (onlyPlatform.isPresent() && onlyPlatform.get() != k) {
            continue;
          }
          KnownStatus s = db.lookup(name, t, Optional.of(k)).orElseThrow();
          PlatformStatus ps = ts.get().platforms().get(k);
          String versions =
              ps == null || ps.versions().isEmpty()
                  ? ""
                  : ": free-threaded wheels from "
                      + ps.firstVersion().get()
                      + " ("
                      + ps.versions().size()
                      + " release(s), newest "
                      + ps.latestVersion().get()
                      + ")";
          String abiNone =
              ps == null
                  ? ""
                  : ps.firstAbiNoneVersion()
                      .map(v -> "; platform wheels of ABI none from " + v)
                      .orElse("");
          out.printf("    %-14s %s%s%s%n", k.id(), s.readiness().id(), versions, abiNone);
          if (ps != null) {
            ps.evidence().forEach(ev -> out.println("        evidence: " + evidence(ev)));
          }
        }
        ts.get()
            .probe()
            .ifPresent(
                p ->
                    out.println(
                        "    probe: "
                            + p.outcome()
                            + " — "
                            + p.wheel()
                            + " on "
                            + p.interpreter()
                            + ": "
                            + p.detail()
                            + " (learned "
                            + p.learned()
                            + ")"));
      }
      printSuppressions(db, name, today, out);
      return ExitCode.OK.code();
    }

    private List<CompatTarget> targets() {
      if (target == null) {
        return List.of(CompatTarget.values());
      }
      return List.of(
          CompatTarget.byId(target)
              .orElseThrow(
                  () ->
                      new InputException(
                          "--target: expected 3.13t, 3.14t, 3.15t or nogil-3.9 but found '"
                              + target
                              + "'")));
    }
  }

  static void printSuppressions(
      CompatDatabase db, PackageName name, LocalDate today, PrintWriter out) {
    for (Suppression s : db.overrides().suppressions()) {
      if (s.name().equals(name)) {
        out.println(
            "  suppressed until "
                + s.expires()
                + (s.isExpired(today) ? " (EXPIRED)" : "")
                + ": "
                + s.reason()
                + " ("
                + s.source()
                + ")");
      }
    }
    List<Suppression> expired = db.expiredSuppressions(today);
    if (!expired.isEmpty()) {
      out.println("  expired suppressions in " + db.overrides().file() + ":");
      expired.forEach(
          s -> out.println("    " + s.name() + " expired " + s.expires() + ": " + s.reason()));
    }
  }

  static String evidence(Evidence e) {
    return e.kind() + ": " + e.detail() + " (" + e.learned() + ")";
  }

  @Command(
      name = "update",
      mixinStandardHelpOptions = true,
      description = {
        "Rebuild the database from the index: the most-downloaded native projects of a download"
            + " ranking (or --packages), their free-threaded wheels per target and platform, and"
            + " an import probe of the newest one on a free-threaded interpreter.",
        "Without --packages, writes a complete new snapshot; with --packages, refreshes those"
            + " entries of the snapshot in effect."
      })
  static final class UpdateCommand implements Callable<Integer> {
    private final Context context;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--packages",
        paramLabel = "PKG",
        arity = "1..*",
        description = "Refresh only these packages.")
    List<String> packages = new ArrayList<>();

    @Option(
        names = "--top",
        paramLabel = "N",
        description = "How many native projects to keep (default: ${DEFAULT-VALUE}).")
    int top = 500;

    @Option(
        names = "--ranking",
        paramLabel = "FILE",
        description =
            "Download ranking: TSV with columns 'name' and 'rank...' (needed without --packages).")
    Path ranking;

    @Option(
        names = {"-i", "--index-url"},
        paramLabel = "URL",
        description = "Simple repository index (default: " + ScanCommand.DEFAULT_INDEX + ").")
    String indexUrl = ScanCommand.DEFAULT_INDEX;

    @Option(
        names = "--trusted-host",
        paramLabel = "HOST",
        description = "Allow plain HTTP to this host.")
    List<String> trustedHosts = new ArrayList<>();

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FILE",
        description =
            "Write the snapshot here (default: the cache directory, used by later commands).")
    Path output;

    @Option(
        names = {"-j", "--jobs"},
        paramLabel = "N",
        description = "Index requests in parallel (default: ${DEFAULT-VALUE}).")
    int jobs = 4;

    @Option(
        names = "--python",
        paramLabel = "PATH",
        description = "The free-threaded interpreter for import probes.")
    Path python;

    @Option(names = "--no-probe", description = "Do not import anything.")
    boolean noProbe;

    @Option(
        names = "--probe-limit",
        paramLabel = "N",
        description =
            "Probe the newest free-threaded wheel of at most N projects, highest-ranked first (default: ${DEFAULT-VALUE}).")
    int probeLimit = 100;

    @Option(
        names = "--probe-timeout",
        paramLabel = "SECONDS",
        description = "Time limit of one probe (default: ${DEFAULT-VALUE}).")
    int probeTimeout = 60;

    @Option(
        names = "--max-wheel-mb",
        paramLabel = "MB",
        description = "Do not probe wheels larger than this (default: ${DEFAULT-VALUE}).")
    int maxWheelMb = 64;

    @picocli.CommandLine.Mixin Source source = new Source();

    UpdateCommand(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      if (top < 1 || jobs < 1 || jobs > 16 || probeLimit < 0) {
        throw new InputException("--top, --jobs (1..16) and --probe-limit must be positive");
      }
      List<PackageName> names = new ArrayList<>();
      for (String p : packages) {
        names.add(
            PackageName.tryParse(p)
                .orElseThrow(
                    () ->
                        new InputException(
                            "--packages: expected a project name but found '" + p + "'")));
      }
      if (names.isEmpty() && ranking == null) {
        throw new InputException(
            "db update: give --ranking FILE (a download ranking, e.g. /work/.library/env/packages/pypi.tsv) or --packages PKG...");
      }
      Optional<DownloadRanking> rank = Optional.ofNullable(ranking).map(DownloadRanking::read);
      CacheDirectory cache = source.cache(context);
      // Read the snapshot to refresh before spending minutes on the index.
      Optional<CompatDatabase> base =
          names.isEmpty() ? Optional.empty() : Optional.of(source.load(context));
      okhttp3.OkHttpClient http = SimpleRepositoryIndex.defaultClient();
      SimpleRepositoryIndex index =
          new SimpleRepositoryIndex(indexUrl, Set.copyOf(trustedHosts), http);
      ProcessRunner runner = new ProcessRunner();
      // Where probes run as nobody when this runs as root (see ProbeWorkspace); closed after the
      // update, and by a shutdown hook should the JVM stop first.
      ProbeWorkspace workspace = ProbeWorkspace.open(runner, cache.work());
      Optional<WheelProbe> probe = Optional.empty();
      Optional<CompatTarget> probeTarget = Optional.empty();
      Optional<TargetEnvironment> probeEnv = Optional.empty();
      PrintWriter err = context.err();
      if (!noProbe && probeLimit > 0) {
        Optional<PythonInterpreter> interpreter =
            new InterpreterDiscovery(new InterpreterInspector(runner))
                .freeThreaded(
                    PythonCommand.locatorContext(
                        context,
                        Optional.ofNullable(python),
                        Optional.ofNullable(source.cacheDir)));
        if (interpreter.isEmpty()) {
          err.println(
              "nogil-scan: no free-threaded interpreter found; not probing (see 'nogil-scan python install')");
        } else {
          PythonInterpreter py = interpreter.get();
          probeTarget = CompatTarget.of(TargetPython.parse(py.targetName()));
          Platform machine = ScanCommand.machinePlatform(runner, interpreter);
          probeEnv =
              probeTarget.flatMap(CompatTarget::python).map(t -> new TargetEnvironment(t, machine));
          probe =
              Optional.of(
                  new InterpreterWheelProbe(
                      index,
                      new ImportProbe(
                          runner,
                          workspace,
                          Duration.ofSeconds(probeTimeout),
                          Sandbox.forImportProbe()),
                      py,
                      probeEnv.orElseThrow(),
                      workspace,
                      cache.work(),
                      (long) maxWheelMb << 20));
        }
      }
      String command =
          "nogil-scan " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
      LocalDate today = LocalDate.ofInstant(context.clock().instant(), ZoneOffset.UTC);
      DbUpdater.Request request =
          new DbUpdater.Request(
              names, top, rank, probe, probeTarget, probeEnv, probeLimit, command, today);
      err.println(
          "nogil-scan: "
              + (names.isEmpty()
                  ? "finding the " + top + " most-downloaded native projects"
                  : "refreshing " + names.size() + " project(s)")
              + " on "
              + index.describe());
      err.flush();
      DbUpdater.Result result;
      try (workspace) {
        result =
            new DbUpdater(
                    index,
                    new WheelMetadataReader(index, http),
                    jobs,
                    line -> {
                      synchronized (err) {
                        err.println(line);
                        err.flush();
                      }
                    })
                .run(request);
      }
      CompatDatabase db;
      if (base.isPresent()) {
        Map<PackageName, PackageEntry> merged = new LinkedHashMap<>();
        base.get().packages().forEach(e -> merged.put(e.name(), e));
        result.entries().forEach(e -> merged.put(e.name(), e));
        List<String> notes = new ArrayList<>(base.get().info().notes());
        notes.add(today + ": " + command + ": " + String.join("; ", result.notes()));
        // The header keeps the command that built the rest of the snapshot, then the refresh.
        dev.nogilscan.compatdb.DatabaseInfo fresh =
            DbUpdater.info(request, index.describe(), notes);
        dev.nogilscan.compatdb.DatabaseInfo info =
            new dev.nogilscan.compatdb.DatabaseInfo(
                fresh.formatVersion(),
                fresh.version(),
                fresh.date(),
                base.get().info().command() + "; refreshed by: " + command,
                fresh.index(),
                notes);
        db = CompatDatabase.of(info, merged.values());
      } else {
        db =
            CompatDatabase.of(
                DbUpdater.info(request, index.describe(), result.notes()), result.entries());
      }
      Path out = Optional.ofNullable(output).orElse(CompatDatabases.cached(cache));
      db.write(out);
      context
          .out()
          .println(
              "wrote "
                  + out
                  + ": "
                  + CompatDatabases.describe(db)
                  + "; "
                  + result.entries().size()
                  + " native project(s) from "
                  + result.examined()
                  + " examined, "
                  + result.failed()
                  + " unreadable, "
                  + result.probed()
                  + " probed, in "
                  + result.elapsed().toSeconds()
                  + " s");
      return ExitCode.OK.code();
    }
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description = "Write the snapshot in effect to FILE, for offline use with --db FILE.")
  static final class ExportCommand implements Callable<Integer> {
    private final Context context;

    @Parameters(index = "0", paramLabel = "FILE", description = "Where to write the snapshot.")
    Path file;

    @picocli.CommandLine.Mixin Source source = new Source();

    ExportCommand(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      CompatDatabase db = source.load(context);
      db.write(file);
      context.out().println("wrote " + file + ": " + CompatDatabases.describe(db));
      return ExitCode.OK.code();
    }
  }
}
