package dev.nogilscan.scanner.db;

import dev.nogilscan.compatdb.Alternative;
import dev.nogilscan.compatdb.CompatDatabase;
import dev.nogilscan.compatdb.CompatTarget;
import dev.nogilscan.compatdb.DatabaseInfo;
import dev.nogilscan.compatdb.Evidence;
import dev.nogilscan.compatdb.PackageEntry;
import dev.nogilscan.compatdb.PlatformKey;
import dev.nogilscan.compatdb.ProbeFinding;
import dev.nogilscan.compatdb.TargetStatus;
import dev.nogilscan.compatdb.pep.CoreMetadata;
import dev.nogilscan.compatdb.pep.PackageName;
import dev.nogilscan.compatdb.pep.TargetEnvironment;
import dev.nogilscan.compatdb.pep.Version;
import dev.nogilscan.scanner.index.DistributionFile;
import dev.nogilscan.scanner.index.IndexException;
import dev.nogilscan.scanner.index.PackageIndex;
import dev.nogilscan.scanner.index.ProjectPage;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Builds compat-db entries from an index ({@code nogil-scan db update}): reads each project's page
 * (every file of every release), keeps native projects (any wheel with a platform-specific tag),
 * finds per target and platform family the releases with free-threaded wheels, reads the Trove Free
 * Threading classifier from the newest release's PEP 658 metadata, notes a {@code <name>-ft} fork
 * the ranking lists when it has free-threaded wheels, and — given a {@link WheelProbe} — imports
 * the newest free-threaded wheel for the probe's target on this machine.
 *
 * <p>Requests are bounded: at most {@code jobs} pages are fetched at a time, in ranking order, and
 * fetching stops once enough native projects were found. A project whose page cannot be read is
 * left out and counted in the notes; an unreachable index ({@link IndexException}) ends the run.
 */
public final class DbUpdater {
  private final PackageIndex index;
  private final int jobs;
  private final Consumer<String> progress;
  private final WheelMetadataReader metadata;

  /** What to build. */
  public record Request(
      List<PackageName> packages,
      int top,
      Optional<DownloadRanking> ranking,
      Optional<WheelProbe> probe,
      Optional<CompatTarget> probeTarget,
      Optional<TargetEnvironment> probeEnvironment,
      int probeLimit,
      String command,
      LocalDate today) {
    public Request {
      packages = List.copyOf(packages);
    }
  }

  /** The result, and what the run did, for the command's summary. */
  public record Result(
      List<PackageEntry> entries,
      int examined,
      int failed,
      int probed,
      Duration elapsed,
      List<String> notes) {
    public Result {
      entries = List.copyOf(entries);
      notes = List.copyOf(notes);
    }
  }

  private record Analysis(
      PackageName name,
      int rank,
      boolean isNative,
      Optional<PackageEntry> entry,
      Optional<ReleaseHistory.Wheel> probeWheel,
      Optional<String> error) {}

  public DbUpdater(
      PackageIndex index, WheelMetadataReader metadata, int jobs, Consumer<String> progress) {
    this.index = index;
    this.metadata = metadata;
    this.jobs = Math.max(1, jobs);
    this.progress = progress;
  }

  /**
   * Runs the update.
   *
   * @throws IndexException when the index cannot be reached
   */
  public Result run(Request request) {
    long start = System.nanoTime();
    List<Map.Entry<PackageName, Integer>> candidates = new ArrayList<>();
    boolean explicit = !request.packages().isEmpty();
    if (explicit) {
      for (PackageName n : request.packages()) {
        candidates.add(Map.entry(n, request.ranking().flatMap(r -> r.rank(n)).orElse(0)));
      }
    } else {
      request
          .ranking()
          .orElseThrow(() -> new IllegalArgumentException("a ranking is needed without --packages"))
          .projects()
          .forEach(r -> candidates.add(Map.entry(r.name(), r.rank())));
    }
    int wanted = explicit ? candidates.size() : request.top();
    List<Analysis> natives = new ArrayList<>();
    int examined = 0;
    int failed = 0;
    List<String> failures = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(jobs);
    try {
      Deque<Future<Analysis>> window = new ArrayDeque<>();
      int next = 0;
      while (natives.size() < wanted && (next < candidates.size() || !window.isEmpty())) {
        while (window.size() < jobs * 2 && next < candidates.size()) {
          Map.Entry<PackageName, Integer> c = candidates.get(next++);
          window.add(pool.submit(() -> analyse(c.getKey(), c.getValue(), request)));
        }
        Analysis a = join(window.poll());
        examined++;
        if (a.error().isPresent()) {
          failed++;
          failures.add(a.name() + ": " + a.error().get());
          progress.accept("  " + a.name() + ": skipped: " + a.error().get());
        } else if (a.isNative()) {
          natives.add(a);
          if (natives.size() % 25 == 0 || explicit) {
            progress.accept(
                "  "
                    + natives.size()
                    + " native projects of "
                    + examined
                    + " examined (last: "
                    + a.name()
                    + ")");
          }
        } else if (explicit) {
          progress.accept(
              "  " + a.name() + ": no platform-specific wheel on the index; not recorded");
        }
      }
      window.forEach(f -> f.cancel(true));
    } finally {
      pool.shutdownNow();
    }

    // Probes: the highest-ranked first, up to the limit, two at a time (they are CPU-bound).
    Map<PackageName, ProbeFinding> findings = new LinkedHashMap<>();
    if (request.probe().isPresent() && request.probeTarget().isPresent()) {
      List<Analysis> toProbe =
          natives.stream()
              .filter(a -> a.probeWheel().isPresent())
              .limit(request.probeLimit())
              .toList();
      progress.accept(
          "probing " + toProbe.size() + " wheels on " + request.probe().get().describe());
      ExecutorService probes = Executors.newFixedThreadPool(2);
      try {
        List<Future<ProbeFinding>> futures = new ArrayList<>();
        for (Analysis a : toProbe) {
          ReleaseHistory.Wheel w = a.probeWheel().get();
          futures.add(
              probes.submit(
                  () -> request.probe().get().probe(w.file(), w.filename(), request.today())));
        }
        for (int i = 0; i < toProbe.size(); i++) {
          ProbeFinding f = join(futures.get(i));
          findings.put(toProbe.get(i).name(), f);
          progress.accept(
              "  probe " + toProbe.get(i).name() + " " + f.version() + ": " + f.outcome());
        }
      } finally {
        probes.shutdownNow();
      }
    }

    List<PackageEntry> entries = new ArrayList<>();
    for (Analysis a : natives) {
      PackageEntry e = a.entry().orElseThrow();
      ProbeFinding f = findings.get(a.name());
      if (f != null) {
        Map<CompatTarget, TargetStatus> targets = new EnumMap<>(e.targets());
        CompatTarget t = request.probeTarget().get();
        targets.put(t, new TargetStatus(targets.get(t).platforms(), Optional.of(f)));
        e =
            new PackageEntry(
                e.name(),
                e.rank(),
                e.latestVersion(),
                e.classifier(),
                e.alternatives(),
                e.tracking(),
                targets,
                e.evidence(),
                e.learned());
      }
      entries.add(e);
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    List<String> notes = new ArrayList<>();
    notes.add(
        (explicit
                ? "refreshed " + entries.size() + " named projects"
                : "the "
                    + entries.size()
                    + " most-downloaded projects with platform-specific wheels, found among the top "
                    + examined
                    + " of "
                    + request.ranking().map(DownloadRanking::source).orElse("?"))
            + "; "
            + failed
            + " pages could not be read"
            + (failures.isEmpty()
                ? ""
                : ": " + String.join("; ", failures.subList(0, Math.min(5, failures.size())))));
    notes.add(
        "first versions count final releases only (no pre-, dev- or yanked releases); a wheel counts"
            + " for a platform family when a recent release of it (manylinux_2_39, macOS 15, Windows)"
            + " installs it");
    if (request.probe().isPresent()) {
      notes.add(
          "import probes: the newest "
              + request.probeTarget().map(CompatTarget::id).orElse("?")
              + " wheel for this machine of the "
              + findings.size()
              + " highest-ranked projects that have one (--probe-limit "
              + request.probeLimit()
              + "), each installed with its dependencies (newest wheels this machine installs) on "
              + request.probe().get().describe()
              + "; the others were not probed");
    } else {
      notes.add("import probes: none (no free-threaded interpreter or --no-probe)");
    }
    notes.add("built in " + elapsed.toSeconds() + " s");
    return new Result(entries, examined, failed, findings.size(), elapsed, notes);
  }

  /** The database header for a result. */
  public static DatabaseInfo info(Request request, String indexUrl, List<String> notes) {
    LocalDate d = request.today();
    return new DatabaseInfo(
        CompatDatabase.FORMAT_VERSION,
        String.format("%04d.%02d.%02d", d.getYear(), d.getMonthValue(), d.getDayOfMonth()),
        d,
        request.command(),
        indexUrl,
        notes);
  }

  private Analysis analyse(PackageName name, int rank, Request request) {
    Optional<ProjectPage> page;
    try {
      page = index.project(name);
    } catch (IOException e) {
      return new Analysis(
          name, rank, false, Optional.empty(), Optional.empty(), Optional.of(e.getMessage()));
    }
    if (page.isEmpty()) {
      return new Analysis(
          name, rank, false, Optional.empty(), Optional.empty(), Optional.of("not on the index"));
    }
    ReleaseHistory history = ReleaseHistory.of(page.get());
    if (!history.isNative()) {
      return new Analysis(name, rank, false, Optional.empty(), Optional.empty(), Optional.empty());
    }
    LocalDate today = request.today();
    Map<CompatTarget, TargetStatus> targets = new EnumMap<>(CompatTarget.class);
    for (CompatTarget t : CompatTarget.values()) {
      targets.put(t, history.targetStatus(t, today));
    }
    List<Evidence> evidence = new ArrayList<>();
    Optional<String> classifier = classifier(history, evidence, today);
    List<Alternative> alternatives = fork(name, request, today);
    Optional<ReleaseHistory.Wheel> probeWheel = Optional.empty();
    if (request.probeTarget().isPresent() && request.probeEnvironment().isPresent()) {
      probeWheel =
          history.newestInstallable(request.probeTarget().get(), request.probeEnvironment().get());
    }
    PackageEntry entry =
        new PackageEntry(
            name,
            rank,
            history.latestVersion(),
            classifier,
            alternatives,
            Optional.empty(),
            targets,
            evidence,
            today);
    return new Analysis(name, rank, true, Optional.of(entry), probeWheel, Optional.empty());
  }

  /** The Free Threading classifier level of the newest release, from a wheel's PEP 658 metadata. */
  private Optional<String> classifier(
      ReleaseHistory history, List<Evidence> evidence, LocalDate today) {
    Optional<Version> latest = history.latestVersion();
    if (latest.isEmpty()) {
      return Optional.empty();
    }
    // Prefer a wheel with PEP 658 metadata; else the smallest range reads are the same for all.
    Optional<ReleaseHistory.Wheel> withMetadata =
        history.wheels(latest.get()).stream()
            .sorted(
                java.util.Comparator.comparing(
                    (ReleaseHistory.Wheel w) -> !w.file().coreMetadata()))
            .findFirst();
    if (withMetadata.isEmpty()) {
      evidence.add(
          new Evidence(
              "classifier",
              "not read: the newest release " + latest.get() + " has no wheel",
              today));
      return Optional.empty();
    }
    DistributionFile w = withMetadata.get().file();
    Optional<String> text;
    try {
      text = metadata.read(w);
    } catch (IOException e) {
      evidence.add(
          new Evidence("classifier", "not read: " + w.filename() + ": " + e.getMessage(), today));
      return Optional.empty();
    }
    if (text.isEmpty()) {
      evidence.add(
          new Evidence("classifier", "not read: " + w.filename() + " has no METADATA", today));
      return Optional.empty();
    }
    List<String> ft;
    try {
      ft = CoreMetadata.parse(text.get()).freeThreadingClassifiers();
    } catch (RuntimeException e) {
      evidence.add(
          new Evidence(
              "classifier", "not read: " + w.filename() + ".metadata: " + e.getMessage(), today));
      return Optional.empty();
    }
    if (ft.isEmpty()) {
      evidence.add(
          new Evidence(
              "classifier",
              "METADATA of "
                  + w.filename()
                  + ": no 'Programming Language :: Python :: Free Threading' classifier",
              today));
      return Optional.empty();
    }
    String best = "";
    for (String c : ft) {
      String level =
          c.replaceFirst("^Programming Language :: Python :: Free Threading( :: )?", "").strip();
      if (level.compareTo(best) > 0) {
        best = level;
      }
      evidence.add(new Evidence("classifier", "METADATA of " + w.filename() + ": " + c, today));
    }
    return Optional.of(best);
  }

  /** A {@code <name>-ft} fork the ranking lists, when it has free-threaded wheels. */
  private List<Alternative> fork(PackageName name, Request request, LocalDate today) {
    if (request.ranking().isEmpty() || name.normalized().endsWith("-ft")) {
      return List.of();
    }
    PackageName fork = PackageName.of(name.normalized() + "-ft");
    if (!request.ranking().get().listed().contains(fork)) {
      return List.of();
    }
    try {
      Optional<ProjectPage> page = index.project(fork);
      if (page.isEmpty()) {
        return List.of();
      }
      ReleaseHistory h = ReleaseHistory.of(page.get());
      for (CompatTarget t : List.of(CompatTarget.CP313T, CompatTarget.CP314T)) {
        Optional<ReleaseHistory.Wheel> w = h.newestFreeThreaded(t, PlatformKey.LINUX_X86_64);
        if (w.isPresent()) {
          return List.of(
              new Alternative(
                  fork, "a fork with free-threaded wheels, e.g. " + w.get().file().filename()));
        }
      }
    } catch (IOException e) {
      progress.accept("  " + fork + ": " + e.getMessage());
    }
    return List.of();
  }

  private static <T> T join(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
