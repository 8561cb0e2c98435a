package dev.nogilscan.scanner.assess;

import dev.nogilscan.compatdb.CompatDatabase;
import dev.nogilscan.compatdb.KnownStatus;
import dev.nogilscan.compatdb.PackageOverride;
import dev.nogilscan.compatdb.pep.Platform;
import dev.nogilscan.compatdb.pep.TargetPython;
import dev.nogilscan.interpreter.PythonInterpreter;
import dev.nogilscan.interpreter.probe.ModuleImport;
import dev.nogilscan.interpreter.probe.ProbeResult;
import dev.nogilscan.interpreter.probe.ProbeTarget;
import dev.nogilscan.reports.Evidence;
import dev.nogilscan.reports.PackageReport;
import dev.nogilscan.reports.ProbeReport;
import dev.nogilscan.reports.Remediation;
import dev.nogilscan.reports.Status;
import dev.nogilscan.scanner.archive.ArchiveException;
import dev.nogilscan.scanner.archive.ArchiveInspector;
import dev.nogilscan.scanner.archive.ExtensionModule;
import dev.nogilscan.scanner.archive.Inspection;
import dev.nogilscan.scanner.archive.RecordCheck;
import dev.nogilscan.scanner.cache.ArchiveCache;
import dev.nogilscan.scanner.cache.Downloads;
import dev.nogilscan.scanner.index.DistributionFile;
import dev.nogilscan.scanner.index.PackageIndex;
import dev.nogilscan.scanner.index.ProjectPage;
import dev.nogilscan.scanner.resolve.Candidate;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns one input requirement into its verdict. This is the one place where a problem with a single
 * package becomes data (a {@link PackageReport} with a one-line reason) instead of an exception;
 * failures of the whole run ({@code IndexException}, {@code PythonException}) pass through. Thread
 * safe: each call works in its own directory.
 */
public final class PackageAssessor {
  private static final String INSTALL_HINT = "run 'nogil-scan python install'";

  private final PackageIndex index;
  private final Downloads downloads;
  private final List<ArchiveInspector> inspectors;
  private final Installations installations;
  private final ScanTarget target;
  private final Optional<CompatDatabase> db;

  public PackageAssessor(
      PackageIndex index,
      Downloads downloads,
      List<ArchiveInspector> inspectors,
      Installations installations,
      ScanTarget target,
      Optional<CompatDatabase> db) {
    this.index = index;
    this.downloads = downloads;
    this.inspectors = List.copyOf(inspectors);
    this.installations = installations;
    this.target = target;
    this.db = db;
  }

  /**
   * A package that only waits for its import probe: everything else (download, inspection,
   * installation) is done, so probes of many packages can be batched into few interpreters.
   */
  public static final class Pending {
    private final Subject subject;
    private final Builder builder;
    private final Inspection inspection;
    private final ProbeTarget target;
    private final PythonInterpreter python;

    private Pending(
        Subject subject,
        Builder builder,
        Inspection inspection,
        ProbeTarget target,
        PythonInterpreter python) {
      this.subject = subject;
      this.builder = builder;
      this.inspection = inspection;
      this.target = target;
      this.python = python;
    }

    public ProbeTarget target() {
      return target;
    }

    public PythonInterpreter python() {
      return python;
    }
  }

  /** Either a finished report or a package waiting for its probe. */
  public record Step(Optional<PackageReport> report, Optional<Pending> pending) {}

  /** Assesses up to the import probe; the probe itself is left to the caller ({@link #finish}). */
  public Step prepare(Subject subject) {
    List<Pending> sink = new ArrayList<>();
    PackageReport report = assessOnly(subject, sink);
    if (!sink.isEmpty()) {
      return new Step(Optional.empty(), Optional.of(sink.get(0)));
    }
    return new Step(Optional.of(withKnowledge(subject, report)), Optional.empty());
  }

  /** The verdict of a package whose probe ran. */
  public PackageReport finish(Pending p, ProbeResult result) {
    return withKnowledge(p.subject, fromProbe(p.builder, p.inspection, result, p.python));
  }

  private PackageReport withKnowledge(Subject subject, PackageReport report) {
    return db.isPresent() && subject.candidate().isPresent()
        ? withKnowledge(report, subject.candidate().get(), db.get())
        : report;
  }

  /**
   * Adds the database's knowledge: its summary as evidence, a project override (known-good or
   * known-bad, with its reason) deciding the verdict, and upgrade advice and alternatives for a
   * package that is not compatible.
   */
  private PackageReport withKnowledge(PackageReport r, Candidate c, CompatDatabase db) {
    TargetPython python = target.environment().python();
    Platform platform = target.environment().platform();
    List<Evidence> evidence = new ArrayList<>(r.evidence());
    List<Remediation> advice = new ArrayList<>(r.remediation());
    Status status = r.status();
    String reason = r.reason();
    Optional<KnownStatus> known = db.lookup(c.name(), python, platform);
    known.ifPresent(k -> evidence.add(new Evidence("compat-db", k.summary(), db.version())));
    Optional<PackageOverride> override = db.override(c.name(), c.version());
    if (override.isPresent()) {
      PackageOverride o = override.get();
      Status decided = o.good() ? Status.COMPATIBLE : Status.INCOMPATIBLE;
      if (decided != status) {
        reason =
            o.status()
                + " by "
                + o.source()
                + ": "
                + o.reason()
                + " (the scan alone said "
                + status.id()
                + ": "
                + reason
                + ")";
        status = decided;
      }
    }
    if (status != Status.COMPATIBLE) {
      Optional<dev.nogilscan.compatdb.Remediation> fix =
          db.remediation(c.name(), c.version(), python, platform);
      if (fix.isPresent()) {
        fix.get()
            .upgradeTo()
            .ifPresent(
                v ->
                    advice.add(
                        0,
                        new Remediation(
                            "upgrade",
                            "upgrade "
                                + c.name()
                                + " "
                                + c.version()
                                + " \u2192 "
                                + v
                                + " ("
                                + fix.get().reason()
                                + ")",
                            v.toString())));
        fix.get()
            .alternatives()
            .forEach(
                a ->
                    advice.add(
                        new Remediation(
                            "alternative",
                            "alternative: "
                                + a.name()
                                + (a.reason().isEmpty() ? "" : " (" + a.reason() + ")"),
                            "")));
        fix.get()
            .tracking()
            .ifPresent(
                t -> advice.add(new Remediation("action", "upstream tracking issue: " + t, "")));
      }
    }
    return new PackageReport(
        r.name(),
        r.version(),
        r.requirement(),
        r.origins(),
        r.direct(),
        status,
        reason,
        r.file(),
        r.kind(),
        evidence,
        advice,
        r.chain(),
        r.probe());
  }

  private PackageReport assessOnly(Subject subject, List<Pending> sink) {
    Builder b = new Builder(subject);
    if (subject.skipReason().isPresent()) {
      return b.done(Status.SKIPPED, subject.skipReason().get());
    }
    Candidate c = subject.candidate().orElseThrow();
    subject.notes().forEach(n -> b.evidence("resolution", n, ""));
    try {
      return assessCandidate(b, c, subject, sink);
    } catch (IOException e) {
      return b.done(Status.SKIPPED, "index error: " + e.getMessage());
    }
  }

  private PackageReport assessCandidate(Builder b, Candidate c, Subject subject, List<Pending> sink)
      throws IOException {
    Optional<ProjectPage> page = index.project(c.name());
    if (page.isEmpty()) {
      return b.done(Status.SKIPPED, "not found on the index " + index.describe());
    }
    b.evidence(
        "index",
        page.get().files().size() + " files listed (" + page.get().format() + " page)",
        page.get().url());
    List<String> wheelTags = WheelTags.of(page.get().files(), c.name(), c.version());
    if (!wheelTags.isEmpty()) {
      b.evidence(
          "wheel-tags", "wheels of " + c.version() + ": " + String.join(", ", wheelTags), "");
    }
    boolean onlyAbi3 =
        !wheelTags.isEmpty() && wheelTags.stream().allMatch(t -> t.contains("-abi3-"));
    if (onlyAbi3 && target.environment().python().freeThreaded()) {
      b.evidence(
          "wheel-tags",
          "only abi3 wheels: the stable ABI is never installed on a free-threaded build (FACTS.md)",
          "");
    }
    boolean nativeOnlyAbi3 = nativeOnlyAbi3(wheelTags);
    if (nativeOnlyAbi3 && !onlyAbi3 && target.environment().python().freeThreaded()) {
      b.evidence(
          "wheel-tags",
          "the only native wheels are abi3, which a free-threaded build never installs: the"
              + " install silently takes "
              + (c.installable() && c.wheel()
                  ? "the pure-Python fallback wheel"
                  : c.installable() ? "the sdist" : "nothing")
              + " instead",
          c.installable() ? c.file().filename() : "");
    }
    if (target.environment().python().freeThreaded()) {
      inspectAbi3Wheel(b, c, page.get());
    }
    if (!c.installable() && c.file().isEgg()) {
      return assessEgg(b, c);
    }
    if (!c.installable()) {
      b.file = Optional.of(c.file().filename());
      return b.done(
          Status.INCOMPATIBLE,
          "no installable file for "
              + target.environment().python()
              + " on "
              + target.environment().platform()
              + (onlyAbi3
                  ? ": only abi3 wheels and no sdist"
                  : ": no matching wheel and no sdist"));
    }
    DistributionFile file = c.file();
    b.file = Optional.of(file.filename());
    if (file.yanked().isPresent()) {
      b.evidence(
          "index",
          "yanked" + (file.yanked().get().isEmpty() ? "" : ": " + file.yanked().get()),
          file.filename());
    }
    Inspection inspection;
    try {
      inspection = fetchAndInspect(b, c);
    } catch (Unreadable e) {
      return b.done(Status.SKIPPED, e.getMessage());
    }
    return c.wheel()
        ? assessWheel(b, c, subject, inspection, sink)
        : assessSdist(b, inspection, onlyAbi3);
  }

  /** Why a file could not be had or read: that package's verdict is {@code skipped}. */
  private static final class Unreadable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreadable(String message) {
      super(message);
    }
  }

  /**
   * Fetches the candidate's file (checked against the index's and the input's hashes), inspects it,
   * and writes what it found into {@code b}.
   */
  private Inspection fetchAndInspect(Builder b, Candidate c) throws IOException, Unreadable {
    DistributionFile file = c.file();
    Downloads.Fetched fetched;
    try {
      fetched = downloads.fetch(file, c.hashes());
    } catch (ArchiveCache.HashMismatchException e) {
      throw new Unreadable(e.getMessage());
    }
    b.evidence("archive", fetched.describe(), file.filename());
    Inspection inspection;
    try {
      inspection = inspector(file.filename()).inspect(fetched.path(), file.filename());
    } catch (ArchiveException e) {
      throw new Unreadable("unreadable archive: " + e.getMessage());
    }
    b.kind = inspection.kind();
    describe(b, inspection);
    return inspection;
  }

  /**
   * A release whose only file is a legacy egg: pip never installs eggs, so it is a blocker; the egg
   * is still read (never installed, never imported) so the report shows what it contains.
   */
  private PackageReport assessEgg(Builder b, Candidate c) throws IOException {
    b.file = Optional.of(c.file().filename());
    Inspection inspection;
    try {
      inspection = fetchAndInspect(b, c);
    } catch (Unreadable e) {
      return b.done(Status.SKIPPED, e.getMessage());
    }
    b.probe = Optional.of(skippedProbe("eggs are read, never installed; nothing to import"));
    b.remediation.add(
        new Remediation(
            "action",
            "ask upstream for a wheel or an sdist: pip has never installed eggs from an index",
            ""));
    return b.done(
        Status.INCOMPATIBLE,
        "only a legacy .egg ("
            + inspection.kind()
            + (inspection.isNative()
                ? ", extension modules for " + abis(inspection.extensions())
                : "")
            + "): pip never installs eggs, so nothing installs on "
            + target.environment().python());
  }

  /**
   * A free-threaded target never installs an {@code abi3} wheel, so the file selection passes over
   * it; but a free-threaded build mis-tagged {@code abi3} is a trap worth naming (its maintainers
   * meant it for this target). The release's {@code abi3} wheel for the target's platform is read
   * for that, and only for that: problems reading it are evidence, never the verdict.
   */
  private void inspectAbi3Wheel(Builder b, Candidate c, ProjectPage page) throws IOException {
    java.util.Set<String> platforms =
        target.environment().supportedTags().stream()
            .map(dev.nogilscan.compatdb.pep.WheelTag::platform)
            .collect(java.util.stream.Collectors.toSet());
    Optional<DistributionFile> abi3 =
        page.files().stream()
            // a name with an abi3 tag says "abi3": the other files of a large page are not parsed
            .filter(f -> f.isWheel() && f.filename().contains("abi3"))
            .filter(
                f ->
                    dev.nogilscan.compatdb.pep.WheelFilename.tryParse(f.filename())
                        .filter(w -> w.name().equals(c.name()) && w.version().equals(c.version()))
                        .filter(
                            w ->
                                w.tags().stream()
                                    .anyMatch(
                                        t ->
                                            t.abi().equals("abi3")
                                                && platforms.contains(t.platform())))
                        .isPresent())
            .findFirst();
    if (abi3.isEmpty() || (c.installable() && abi3.get().equals(c.file()))) {
      return;
    }
    DistributionFile file = abi3.get();
    try {
      Inspection inspection =
          inspector(file.filename()).inspect(downloads.fetch(file).path(), file.filename());
      List<String> misTagged =
          inspection.traps().stream()
              .filter(t -> t.startsWith("a free-threaded build tagged abi3"))
              .toList();
      misTagged.forEach(t -> b.evidence("trap", t, file.filename()));
      if (!misTagged.isEmpty()) {
        b.remediation.add(
            new Remediation(
                "action",
                "ask upstream to tag its free-threaded build "
                    + target.environment().python().abiTag()
                    + " instead of abi3: pip never installs it on a free-threaded interpreter",
                ""));
      }
    } catch (ArchiveException | ArchiveCache.HashMismatchException e) {
      b.evidence("archive", "the abi3 wheel could not be read: " + e.getMessage(), file.filename());
    }
  }

  private static boolean nativeOnlyAbi3(List<String> wheelTags) {
    List<String> nativeTags = wheelTags.stream().filter(t -> !t.contains("-none-")).toList();
    return !nativeTags.isEmpty() && nativeTags.stream().allMatch(t -> t.contains("-abi3-"));
  }

  private static String abis(List<ExtensionModule> extensions) {
    return String.join(
        ", ", new java.util.TreeSet<>(extensions.stream().map(ExtensionModule::abi).toList()));
  }

  /**
   * True when the target interpreter can load an extension module with this ABI: its own {@code
   * cpython-3Xt}, {@code abi3t} from 3.15 on, or a bare suffix (FACTS.md, extension suffixes).
   */
  private boolean loadable(ExtensionModule e) {
    TargetPython python = target.environment().python();
    String own = "cpython-" + python.major() + python.minor() + (python.freeThreaded() ? "t" : "");
    return e.abi().equals("bare")
        || e.abi().equals(own)
        || (e.abi().equals("abi3t") && python.freeThreaded() && python.minor() >= 15)
        || (e.abi().equals("abi3") && !python.freeThreaded());
  }

  private PackageReport assessSdist(Builder b, Inspection inspection, boolean onlyAbi3) {
    b.evidence(
        "archive",
        "no wheel installable on the target: the sdist would have to be built",
        b.file.orElse(""));
    b.probe = Optional.of(skippedProbe("sdists are read, never built; nothing to import"));
    if (!inspection.isNative()) {
      return b.done(
          Status.COMPATIBLE,
          "pure-Python sdist (no compiled sources): installs on any interpreter; not import-probed because sdists are never built");
    }
    String languages =
        inspection.nativeSources().stream()
            .map(s -> s.substring(0, s.indexOf(':')))
            .distinct()
            .sorted()
            .reduce((x, y) -> x + ", " + y)
            .orElse("native");
    if (onlyAbi3) {
      b.remediation.add(
          new Remediation(
              "action",
              "ask upstream for cp3Xt wheels: its abi3 wheels cannot be used on a free-threaded build",
              ""));
    }
    return b.done(
        Status.UNKNOWN,
        "sdist only, with "
            + languages
            + " sources: needs a compiler, and whether the built extension keeps the GIL off"
            + " is not known"
            + (inspection.freeThreadingHints().isEmpty()
                ? ""
                : " (the sources declare free-threading support)"));
  }

  private PackageReport assessWheel(
      Builder b, Candidate c, Subject subject, Inspection inspection, List<Pending> sink) {
    List<ExtensionModule> unloadable =
        inspection.extensions().stream().filter(e -> !loadable(e)).toList();
    boolean noneLoads =
        inspection.isNative() && unloadable.size() == inspection.extensions().size();
    Optional<RecordCheck> record = inspection.record().filter(RecordCheck::contentDiffers);
    if (record.isPresent()) {
      // the policy of WheelInstaller: a wheel modified after it was built is not run
      b.probe = Optional.of(skippedProbe("not installed: files differ from the wheel's RECORD"));
      if (noneLoads) {
        return unloadableVerdict(b, unloadable);
      }
      return b.done(
          Status.UNKNOWN,
          "the wheel's files differ from its RECORD (modified after it was built, or corrupt):"
              + " not installed for the import probe, as an installer that checks RECORD would"
              + " refuse it");
    }
    Optional<String> cannotProbe = cannotProbe();
    if (cannotProbe.isPresent()) {
      b.probe = Optional.of(skippedProbe(cannotProbe.get()));
      if (!inspection.isNative()) {
        return b.done(
            Status.COMPATIBLE,
            "pure-Python wheel: runs on a free-threaded build by design (import probe "
                + cannotProbe.get()
                + ")");
      }
      if (noneLoads) {
        return unloadableVerdict(b, unloadable);
      }
      return b.done(
          Status.UNKNOWN,
          "native wheel for the target; only an import on a free-threaded interpreter shows whether the GIL stays off, and the probe was "
              + cannotProbe.get());
    }
    if (inspection.importNames().isEmpty()) {
      b.probe = Optional.of(skippedProbe("the distribution has no top-level importable module"));
      return b.done(
          inspection.isNative() ? Status.UNKNOWN : Status.COMPATIBLE,
          "no top-level importable module found; nothing to probe");
    }
    List<Path> paths = new ArrayList<>();
    try {
      paths.add(installations.site(c));
      for (Candidate dep : subject.dependencies()) {
        if (dep.installable() && dep.wheel()) {
          paths.add(installations.site(dep));
        } else {
          b.evidence(
              "probe",
              "dependency "
                  + dep
                  + " is not installed for the probe ("
                  + (dep.installable() ? "sdist" : "not installable")
                  + ")",
              "");
        }
      }
    } catch (ArchiveException e) {
      return b.done(Status.SKIPPED, "cannot install for the probe: " + e.getMessage());
    } catch (IOException e) {
      return b.done(Status.SKIPPED, "cannot download for the probe: " + e.getMessage());
    }
    PythonInterpreter python = target.interpreter().orElseThrow();
    sink.add(
        new Pending(
            subject,
            b,
            inspection,
            new ProbeTarget(b.name, paths, inspection.importNames()),
            python));
    return null;
  }

  /** A native wheel none of whose extension modules the target can load (a mis-tagged wheel). */
  private PackageReport unloadableVerdict(Builder b, List<ExtensionModule> unloadable) {
    b.remediation.add(
        new Remediation(
            "action",
            "ask upstream for a wheel built for "
                + target.environment().python()
                + ": this one is tagged for it but carries other builds",
            ""));
    return b.done(
        Status.INCOMPATIBLE,
        "installs on "
            + target.environment().python()
            + " by its tag, but its extension modules are built for "
            + abis(unloadable)
            + ", which "
            + target.environment().python()
            + " does not load");
  }

  private PackageReport fromProbe(
      Builder b, Inspection inspection, ProbeResult r, PythonInterpreter python) {
    List<String> modules = r.modules().stream().map(ModuleImport::module).toList();
    b.probe =
        Optional.of(
            new ProbeReport(
                r.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                r.detail(),
                modules.isEmpty() ? inspection.importNames() : modules,
                r.gilModules(),
                r.outputTail(),
                r.isolation(),
                "CPython " + python.version() + (python.freeThreaded() ? " free-threaded" : "")));
    b.evidence("probe", r.detail(), python.executable().toString());
    r.deep()
        .ifPresent(
            d ->
                b.evidence(
                    "probe",
                    "--deep: imported "
                        + d.modules().size()
                        + " submodules"
                        + (d.gilModules().isEmpty()
                            ? ""
                            : "; re-enabled the GIL: " + String.join(", ", d.gilModules()))
                        + (d.failures().isEmpty() ? "" : "; " + d.failures().size() + " raised")
                        + d.truncated().map(t -> " (" + t + ")").orElse(""),
                    ""));
    r.threadsSmoke()
        .ifPresent(
            t ->
                b.evidence(
                    "threads-smoke",
                    t.threads()
                        + " threads importing at once: "
                        + t.outcome().name().toLowerCase(Locale.ROOT)
                        + (t.errors().isEmpty() ? "" : " (" + t.errors().get(0) + ")"),
                    ""));
    String kind = inspection.isNative() ? "native" : "pure-Python";
    return switch (r.outcome()) {
      case CLEAN ->
          b.done(
              Status.COMPATIBLE,
              kind + " wheel imports on " + python.targetName() + " with the GIL still disabled");
      case GIL_REENABLED -> {
        b.remediation.add(
            new Remediation(
                "action",
                "each module named must declare Py_mod_gil = Py_MOD_GIL_NOT_USED (or PyUnstable_Module_SetGIL); look for a newer release that does",
                ""));
        yield b.done(
            Status.GIL_REENABLED,
            "importing re-enables the GIL: "
                + (r.gilModules().isEmpty()
                    ? "(module not named)"
                    : String.join(", ", r.gilModules())));
      }
      case IMPORT_ERROR -> {
        Optional<ModuleImport> failed = r.modules().stream().filter(m -> !m.imported()).findFirst();
        Optional<String> missing = failed.flatMap(ModuleImport::missing);
        boolean missingDependency =
            missing.isPresent()
                && !inspection.importNames().contains(missing.get().split("\\.")[0]);
        if (missingDependency) {
          yield b.done(
              Status.UNKNOWN,
              "import needs '"
                  + missing.get()
                  + "', which is not part of this distribution and was not installed (dependencies are not probed yet)");
        }
        yield b.done(
            Status.INCOMPATIBLE, "import fails on " + python.targetName() + ": " + r.detail());
      }
      case CRASH ->
          b.done(
              Status.INCOMPATIBLE, "import crashes the free-threaded interpreter: " + r.detail());
      case EXIT_AT_IMPORT ->
          b.done(Status.INCOMPATIBLE, "import exits the interpreter: " + r.detail());
      case TIMEOUT -> b.done(Status.UNKNOWN, "import probe timed out: " + r.detail());
      case PROBE_FAILED -> b.done(Status.UNKNOWN, "import probe failed: " + r.detail());
    };
  }

  private Optional<String> cannotProbe() {
    if (target.interpreter().isEmpty()) {
      return Optional.of(target.probeNote());
    }
    PythonInterpreter python = target.interpreter().get();
    String wanted = target.environment().python().toString();
    if (!python.targetName().equals(wanted)) {
      return Optional.of(
          "the interpreter is "
              + python.targetName()
              + " but the target is "
              + wanted
              + "; pass --python with a "
              + wanted
              + " interpreter");
    }
    return Optional.empty();
  }

  private ProbeReport skippedProbe(String why) {
    return new ProbeReport("skipped", why, List.of(), List.of(), "", List.of(), "");
  }

  private void describe(Builder b, Inspection inspection) {
    for (ExtensionModule e : inspection.extensions()) {
      b.evidence("archive", "extension module for ABI " + e.abi(), e.path());
    }
    if (!inspection.nativeSources().isEmpty()) {
      List<String> first = inspection.nativeSources().stream().limit(5).toList();
      b.evidence(
          "archive",
          inspection.nativeSources().size()
              + " compiled-language source files, e.g. "
              + String.join(", ", first),
          "");
    }
    inspection
        .freeThreadingHints()
        .forEach(h -> b.evidence("archive", "free-threading declaration: " + h, ""));
    inspection
        .metadata()
        .ifPresent(
            m ->
                m.lines()
                    .filter(
                        l ->
                            l.startsWith(
                                "Classifier: Programming Language :: Python :: Free Threading"))
                    .forEach(
                        l -> b.evidence("classifier", l.substring("Classifier: ".length()), "")));
    if (!inspection.importNames().isEmpty()) {
      b.evidence("archive", "import names: " + String.join(", ", inspection.importNames()), "");
    }
    inspection.traps().forEach(t -> b.evidence("trap", t, inspection.filename()));
    inspection
        .record()
        .ifPresent(
            r -> b.evidence(r.matches() ? "archive" : "trap", r.describe(), inspection.filename()));
  }

  private ArchiveInspector inspector(String filename) throws ArchiveException {
    return inspectors.stream()
        .filter(i -> i.accepts(filename))
        .findFirst()
        .orElseThrow(() -> new ArchiveException(filename + ": unsupported archive format"));
  }

  /** Collects one package's report as the assessment proceeds. */
  private static final class Builder {
    final Subject subject;
    final String name;
    final Optional<String> version;
    Optional<String> file = Optional.empty();
    String kind = "unknown";
    final List<Evidence> evidence = new ArrayList<>();
    final List<Remediation> remediation = new ArrayList<>();
    Optional<ProbeReport> probe = Optional.empty();

    Builder(Subject subject) {
      this.subject = subject;
      this.name = subject.name();
      this.version = subject.version();
    }

    void evidence(String kind, String detail, String where) {
      evidence.add(new Evidence(kind, detail, where));
    }

    PackageReport done(Status status, String reason) {
      return new PackageReport(
          name,
          version,
          subject.requirement(),
          subject.origins(),
          subject.direct(),
          status,
          reason,
          file,
          kind,
          evidence,
          remediation,
          subject.chain(),
          probe);
    }
  }
}
