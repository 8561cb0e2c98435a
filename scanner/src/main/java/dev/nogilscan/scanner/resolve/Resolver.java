package dev.nogilscan.scanner.resolve;

import dev.nogilscan.compatdb.pep.MarkerEnvironment;
import dev.nogilscan.compatdb.pep.PackageName;
import dev.nogilscan.compatdb.pep.Requirement;
import dev.nogilscan.compatdb.pep.SpecifierSet;
import dev.nogilscan.compatdb.pep.TargetEnvironment;
import dev.nogilscan.compatdb.pep.Version;
import dev.nogilscan.scanner.index.DistributionFile;
import dev.nogilscan.scanner.index.PackageIndex;
import dev.nogilscan.scanner.index.ProjectPage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

/**
 * Resolves requirements to the set of releases a free-threaded install on the target would get, as
 * pip would there: highest versions first, backjumping on conflicts, markers evaluated for the
 * target (never this machine), {@code Requires-Python} checked against the target, yanked files
 * only when pinned exactly (PEP 592), pre-releases only when asked for or when nothing else
 * matches, and releases without an installable file for the target passed over.
 *
 * <p>One instance resolves once; not thread safe itself, but fetches project pages in parallel on
 * the given executor as soon as a name becomes known.
 */
public final class Resolver {
  private static final int MAX_ATTEMPTS = 50_000;

  /** Stands for "no file allowed" when the hashes of two lines for one name do not overlap. */
  static final String NO_HASH_ALLOWED = "(none: the --hash values of its lines share no value)";

  private final PackageIndex index;
  private final TargetEnvironment target;
  private final MarkerEnvironment markers;
  private final MetadataReader metadata;
  private final boolean followDependencies;
  private final boolean pre;
  private final ExecutorService pool;
  private final Map<PackageName, CompletableFuture<Optional<ProjectPage>>> pages =
      new ConcurrentHashMap<>();
  private final Map<PackageName, ProjectReleases> releases = new ConcurrentHashMap<>();

  // search state
  private final Map<PackageName, List<Criterion>> criteria = new LinkedHashMap<>();
  private final Map<PackageName, Pin> pins = new LinkedHashMap<>();
  private final Deque<Runnable> undo = new ArrayDeque<>();
  // per name, whether its last candidates allowed yanked files: what its "passed over" list is of
  private final Map<PackageName, Boolean> yankedAllowed = new HashMap<>();
  private final Map<PackageName, String> missing = new LinkedHashMap<>();
  private final Map<PackageName, List<Criterion>> constraints = new LinkedHashMap<>();
  // read by the look-ahead threads too
  private final Map<PackageName, List<String>> hashes = new ConcurrentHashMap<>();
  private Conflict conflict;
  private int attempts;
  // releases tried per name, for the message when the search gives up
  private final Map<PackageName, Integer> tries = new HashMap<>();
  // first pass: an older release whose dependencies are unknown is not taken (see resolve)
  private boolean knownDependenciesOnly;
  // the pins whose dependencies are being added, innermost first, and what the last criterion
  // that clashed with a pin depended on: that pin and those
  private final Deque<PackageName> applying = new ArrayDeque<>();
  private Set<PackageName> clash = Set.of();

  /**
   * An input to resolve, or a constraint.
   *
   * @param hashes the sha256 values its {@code --hash} options allow (lower-case hex), empty when
   *     it has none
   */
  public record Root(Requirement requirement, String origin, List<String> hashes) {
    public Root {
      hashes = List.copyOf(hashes);
    }

    public Root(Requirement requirement, String origin) {
      this(requirement, origin, List.of());
    }
  }

  /**
   * @param because the pins it came from: its parent and, when it is a dependency of an extra, the
   *     pins whose requirements asked for that extra (empty for inputs and constraints)
   */
  private record Criterion(Requirement requirement, Parent parent, Set<PackageName> because) {}

  private static final class Pin {
    final Candidate candidate;
    final Set<String> extras = new TreeSet<>();
    Dependencies dependencies;
    final List<Requirement> used = new ArrayList<>();

    Pin(Candidate candidate) {
      this.candidate = candidate;
    }
  }

  private record Conflict(PackageName name, String explanation, int depth) {}

  /**
   * @param followDependencies false for {@code --no-deps}: only the inputs are resolved
   * @param pre allow pre-releases everywhere ({@code --pre})
   */
  public Resolver(
      PackageIndex index,
      TargetEnvironment target,
      MetadataReader metadata,
      boolean followDependencies,
      boolean pre,
      ExecutorService pool) {
    this.index = index;
    this.target = target;
    this.markers = target.markerEnvironment();
    this.metadata = metadata;
    this.followDependencies = followDependencies;
    this.pre = pre;
    this.pool = pool;
  }

  /**
   * Resolves the roots. A project whose page the index cannot serve (an HTTP error, a timeout, a
   * malformed page) is reported unresolved with the reason, and the rest is resolved.
   *
   * @throws ResolutionException when no set of releases satisfies every requirement
   */
  public Resolution resolve(List<Root> roots) {
    return resolve(roots, List.of());
  }

  /**
   * Resolves {@code roots} under {@code constraints}, as pip's {@code -c}: a constraint never adds
   * a package, it narrows the versions (and, with {@code --hash}, the files) of any package that
   * ends up in the resolution, an input or a dependency at any depth. Constraints whose marker is
   * false for the target are ignored, as pip does.
   *
   * @throws ResolutionException when no set of releases satisfies every requirement and constraint
   */
  public Resolution resolve(List<Root> roots, List<Root> constraints) {
    for (Root c : constraints) {
      boolean applies;
      try {
        applies = c.requirement().marker().map(m -> m.evaluate(markers)).orElse(true);
      } catch (RuntimeException e) {
        applies = false;
      }
      if (applies) {
        this.constraints
            .computeIfAbsent(c.requirement().name(), k -> new ArrayList<>())
            .add(new Criterion(c.requirement(), Parent.input(c.origin()), Set.of()));
        allowHashes(c);
      }
    }
    roots.forEach(this::allowHashes);
    // every input's page at once (and, reading ahead, what they depend on), not one by one below
    roots.forEach(r -> prefetch(r.requirement().name()));
    List<Unresolved> unresolvedRoots = new ArrayList<>();
    for (Root r : roots) {
      Optional<String> why = unavailable(r.requirement());
      if (why.isPresent()) {
        unresolvedRoots.add(
            new Unresolved(
                r.requirement().name(),
                why.get(),
                List.of(Parent.input(r.origin())),
                List.of(r.requirement().toString())));
        continue;
      }
      addCriterion(r.requirement(), Parent.input(r.origin()));
    }
    // An sdist whose dependencies only a build would tell has none as far as the search knows, so
    // backtracking would take the first such older release as a way out of any conflict (boto3
    // with aiobotocore: aiobotocore 2.3.3 of 2022, where pip, which builds it, backtracks boto3
    // instead). So the first pass takes such a release only as the newest a name offers; the
    // second, only when the first finds nothing, takes any.
    knownDependenciesOnly = followDependencies;
    if (search(0) != null) {
      knownDependenciesOnly = false;
      conflict = null;
      if (search(0) != null) {
        throw new ResolutionException(explain());
      }
    }
    return result(roots, unresolvedRoots);
  }

  /** pip's {@code hashes &= ireq.hashes}: a name's allowed hashes are those every line allows. */
  private void allowHashes(Root r) {
    if (r.hashes().isEmpty()) {
      return;
    }
    PackageName name = r.requirement().name();
    List<String> mine = r.hashes().stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
    List<String> known = hashes.get(name);
    List<String> both = known == null ? mine : known.stream().filter(mine::contains).toList();
    // lines whose hashes share none allow no file at all (pip: an empty allowed set per algorithm)
    hashes.put(name, both.isEmpty() ? List.of(NO_HASH_ALLOWED) : both);
  }

  /** The requirements on {@code name} in force now: those of the search, then constraints. */
  private List<Criterion> criteriaWithConstraints(PackageName name) {
    List<Criterion> out = new ArrayList<>(criteria.getOrDefault(name, List.of()));
    out.addAll(constraints.getOrDefault(name, List.of()));
    return out;
  }

  /** Why a requirement names nothing on the index, if it does not. */
  private Optional<String> unavailable(Requirement r) {
    Optional<ProjectPage> page;
    try {
      page = page(r.name());
    } catch (UncheckedIOException e) {
      return Optional.of(e.getMessage());
    }
    if (page.isEmpty()) {
      return Optional.of("not found on the index " + index.describe());
    }
    boolean any =
        releasesOf(page.get()).releases(true).keySet().stream()
            .anyMatch(v -> r.specifier().contains(v, true));
    if (!any) {
      return Optional.of(
          r.specifier().isEmpty()
              ? "the index lists no release of " + r.name()
              : "no release of "
                  + r.name()
                  + " matching '"
                  + r.specifier()
                  + "' is on the index "
                  + index.describe());
    }
    return Optional.empty();
  }

  /**
   * Pins the next unpinned name and, recursively, the rest. Backjumps (conflict-directed): a
   * failure returns the names whose pins it depends on, and a level whose own pin is not among them
   * returns at once instead of trying its other candidates, which could not change the outcome.
   * Chronological backtracking would try every combination of the unrelated pins in between, for
   * nothing; the first solution found is the same, only sooner. A failure depends on the pins that
   * set the failing name's criteria (with those that asked for the extras they came from) and on
   * the pins its releases clashed with. One approximation, which pip's resolvelib makes too: more
   * criteria are taken to only ever narrow a name's candidates, though one that excludes every
   * final release lets pre-releases in, and an exact pin lets yanked files in.
   *
   * @return null when every name is pinned, else the pinned names the failure depends on
   */
  private Set<PackageName> search(int depth) {
    Optional<PackageName> next =
        criteria.keySet().stream()
            .filter(n -> !pins.containsKey(n) && !missing.containsKey(n))
            .findFirst();
    if (next.isEmpty()) {
      return null;
    }
    PackageName name = next.get();
    Optional<String> gone;
    try {
      gone =
          page(name).isEmpty()
              ? Optional.of("not found on the index " + index.describe())
              : Optional.empty();
    } catch (UncheckedIOException e) {
      gone = Optional.of(e.getMessage()); // the index failed for this project only
    }
    if (gone.isPresent()) {
      // A dependency the index does not have or cannot serve: report it with its chain, keep
      // resolving the rest.
      missing.put(name, gone.get());
      undo.push(() -> missing.remove(name));
      Set<PackageName> below = search(depth + 1);
      if (below == null) {
        return null;
      }
      missing.remove(name);
      return below;
    }
    // Which releases are candidates depends on the criteria on the name, so on who set them.
    Set<PackageName> culprits = new HashSet<>();
    criteria.get(name).forEach(k -> culprits.addAll(k.because()));
    Iterable<Candidate> candidates = candidates(name);
    boolean newest = true;
    for (Candidate c : candidates) {
      if (++attempts > MAX_ATTEMPTS) {
        throw new ResolutionException(gaveUp());
      }
      tries.merge(name, 1, Integer::sum);
      int mark = undo.size();
      Set<PackageName> failure;
      boolean olderUnknown = !newest && knownDependenciesOnly;
      newest = false;
      if (apply(c)) {
        Dependencies read = pins.get(name).dependencies;
        if (olderUnknown && read != null && read.unknown().isPresent()) {
          rollback(mark); // passed over in the first pass, for the failures before it
          continue;
        }
        failure = search(depth + 1);
        if (failure == null) {
          return null;
        }
      } else {
        failure = clash;
      }
      rollback(mark);
      if (!failure.contains(name)) {
        return failure; // another release of this name would fail the same way: jump back
      }
      culprits.addAll(failure);
    }
    if (conflict == null || depth >= conflict.depth()) {
      // explained now, while the pins that led here are still in place
      conflict = new Conflict(name, explain(name, criteriaWithConstraints(name)), depth);
    }
    culprits.remove(name);
    return culprits;
  }

  private boolean apply(Candidate c) {
    Pin pin = new Pin(c);
    pins.put(c.name(), pin);
    undo.push(() -> pins.remove(c.name()));
    Set<String> extras = new TreeSet<>();
    criteria.get(c.name()).forEach(k -> extras.addAll(k.requirement().extras()));
    return addExtras(pin, extras, true);
  }

  /** Adds the dependencies of {@code pin} for the base (when {@code base}) and new extras. */
  private boolean addExtras(Pin pin, Set<String> extras, boolean base) {
    Set<String> added = new TreeSet<>(extras);
    added.removeAll(pin.extras);
    if (!base && added.isEmpty()) {
      return true;
    }
    pin.extras.addAll(added);
    undo.push(() -> pin.extras.removeAll(added));
    if (!followDependencies || !pin.candidate.installable()) {
      return true;
    }
    if (pin.dependencies == null) {
      try {
        pin.dependencies = metadata.dependencies(pin.candidate);
      } catch (IOException | UncheckedIOException e) {
        // One release whose metadata cannot be had (an unreadable sdist, a failed download) must
        // not stop the run: it stays pinned, its dependencies unknown and said so, as a project
        // the index fails for is reported and the rest resolved.
        pin.dependencies =
            new Dependencies(
                List.of(),
                "none",
                Optional.of("dependencies unknown: cannot read them: " + e.getMessage()));
      }
    }
    Parent parent = new Parent(label(pin.candidate, pin.extras), Optional.of(pin.candidate.name()));
    applying.push(pin.candidate.name());
    try {
      return addDependencies(pin, added, base, parent);
    } finally {
      applying.pop();
    }
  }

  private boolean addDependencies(Pin pin, Set<String> added, boolean base, Parent parent) {
    for (Requirement r : pin.dependencies.requires()) {
      boolean needed;
      try {
        boolean withNew = r.appliesTo(markers, added);
        boolean withBase = r.appliesTo(markers, Set.of());
        needed = base ? withNew || withBase : withNew && !withBase;
      } catch (RuntimeException e) {
        needed = false; // a marker that cannot be evaluated for the target does not apply
      }
      if (needed) {
        pin.used.add(r);
        undo.push(() -> pin.used.remove(pin.used.size() - 1));
        if (!addCriterion(r, parent)) {
          return false;
        }
      }
    }
    return true;
  }

  private boolean addCriterion(Requirement r, Parent parent) {
    PackageName name = r.name();
    boolean fresh = !criteria.containsKey(name);
    criteria
        .computeIfAbsent(name, k -> new ArrayList<>())
        .add(new Criterion(r, parent, Set.copyOf(applying)));
    undo.push(
        () -> {
          List<Criterion> list = criteria.get(name);
          list.remove(list.size() - 1);
          if (list.isEmpty()) {
            criteria.remove(name);
          }
        });
    if (fresh) {
      prefetch(name);
    }
    Pin pin = pins.get(name);
    if (pin == null) {
      return true;
    }
    if (!r.specifier().contains(pin.candidate.version(), true)) {
      clash = new HashSet<>(applying);
      clash.add(name);
      if (conflict == null) {
        conflict =
            new Conflict(name, explain(name, criteriaWithConstraints(name)), Integer.MAX_VALUE);
      }
      return false;
    }
    return addExtras(pin, r.extras(), false);
  }

  private void rollback(int mark) {
    while (undo.size() > mark) {
      undo.pop().run();
    }
  }

  /**
   * The releases that satisfy every current criterion of {@code name}, best first, worked out as
   * the search takes them: which file a release would install is decided only when the search gets
   * to it, so a page of hundreds of releases costs one choice when the newest fits. The order and
   * the rules are pip's: final releases first; pre-releases only when allowed or when no final
   * release matches and installs; when releases match but none installs on the target, the best of
   * them as a blocker (a verdict is more useful than a failed resolution; pip would stop here).
   */
  private Iterable<Candidate> candidates(PackageName name) {
    Optional<ProjectPage> page = page(name);
    if (page.isEmpty()) {
      return List.of();
    }
    List<Criterion> cs = criteriaWithConstraints(name);
    boolean pinnedExactly =
        cs.stream().anyMatch(k -> k.requirement().specifier().pinnedVersion().isPresent());
    yankedAllowed.put(name, pinnedExactly);
    ProjectReleases project = releasesOf(page.get());
    Boolean policy =
        pre || cs.stream().anyMatch(k -> k.requirement().specifier().prereleases().orElse(false))
            ? Boolean.TRUE
            : null;
    List<Version> matching = new ArrayList<>();
    for (Version v : project.releases(pinnedExactly).descendingKeySet()) {
      if (cs.stream().allMatch(k -> k.requirement().specifier().contains(v, true))) {
        matching.add(v);
      }
    }
    // with pre-releases allowed, one pass over every match; else finals, then (only when no final
    // installs) pre-releases
    List<List<Version>> passes =
        Boolean.TRUE.equals(policy)
            ? List.of(matching)
            : List.of(
                matching.stream().filter(v -> !v.isPreRelease()).toList(),
                matching.stream().filter(Version::isPreRelease).toList());
    return () ->
        new java.util.Iterator<>() {
          private int pass;
          private int at;
          private boolean yielded;
          private boolean blockerGiven;
          private Candidate next;

          @Override
          public boolean hasNext() {
            while (next == null && pass < passes.size()) {
              List<Version> versions = passes.get(pass);
              if (at < versions.size()) {
                next = project.choice(versions.get(at++), pinnedExactly).candidate().orElse(null);
              } else if (yielded) {
                pass = passes.size(); // a final release installs: pre-releases stay out
              } else {
                pass++;
                at = 0;
              }
            }
            if (next == null && !yielded && !blockerGiven) {
              blockerGiven = true;
              next = blocker(name, project.releases(pinnedExactly), cs, policy).orElse(null);
            }
            return next != null;
          }

          @Override
          public Candidate next() {
            if (!hasNext()) {
              throw new java.util.NoSuchElementException();
            }
            Candidate c = next;
            next = null;
            yielded = true;
            return c;
          }
        };
  }

  private Optional<Candidate> blocker(
      PackageName name,
      Map<Version, List<DistributionFile>> releases,
      List<Criterion> cs,
      Boolean policy) {
    List<Version> versions = new ArrayList<>(releases.keySet());
    for (Criterion k : cs) {
      SpecifierSet spec = k.requirement().specifier();
      versions = versions.stream().filter(v -> spec.contains(v, true)).toList();
    }
    List<Version> finals = versions.stream().filter(v -> !v.isPreRelease()).toList();
    List<Version> usable = Boolean.TRUE.equals(policy) || finals.isEmpty() ? versions : finals;
    if (usable.isEmpty()) {
      return Optional.empty();
    }
    Version best = usable.get(usable.size() - 1);
    List<DistributionFile> files = releases.get(best);
    DistributionFile file = FileSelection.representative(files);
    return Optional.of(
        new Candidate(
            name, best, file, file.isWheel(), false, hashes.getOrDefault(name, List.of())));
  }

  /** The page's releases, grouped once per run and shared by the search and its look-ahead. */
  private ProjectReleases releasesOf(ProjectPage page) {
    return releases.computeIfAbsent(
        page.name(), n -> new ProjectReleases(page, target, hashes.getOrDefault(n, List.of())));
  }

  private List<Version> available(PackageName name) {
    return page(name)
        .map(p -> new ArrayList<>(releasesOf(p).releases(true).keySet()))
        .orElse(new ArrayList<>());
  }

  private void prefetch(PackageName name) {
    pages.computeIfAbsent(
        name,
        n -> {
          CompletableFuture<Optional<ProjectPage>> page =
              CompletableFuture.supplyAsync(
                  () -> {
                    try {
                      return index.project(n);
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  },
                  pool);
          if (followDependencies) {
            page.thenAcceptAsync(p -> p.ifPresent(this::lookAhead), pool);
          }
          return page;
        });
  }

  private boolean appliesWithoutExtras(Requirement r) {
    try {
      return r.appliesTo(markers, Set.of());
    } catch (RuntimeException e) {
      return false; // as the search: a marker it cannot evaluate for the target does not apply
    }
  }

  /**
   * Reads ahead, in the pool, what the search will most likely ask for next: the dependencies of
   * the newest final release that installs on the target (the candidate the search tries first) and
   * the pages of the projects they name, which in turn look ahead. The search itself would read
   * them one pin at a time; this way the requests of a whole dependency graph are in flight
   * together, bounded by the pool. Only a guess: results land in the same caches the search reads
   * ({@link MetadataReader}, the run's page map), and failures are left for the search to meet and
   * report.
   */
  private void lookAhead(ProjectPage page) {
    try {
      ProjectReleases project = releasesOf(page);
      for (Version v : project.releases(false).descendingKeySet()) {
        if (v.isPreRelease()) {
          continue;
        }
        Optional<Candidate> best = project.choice(v, false).candidate();
        if (best.isPresent()) {
          for (Requirement r : metadata.dependencies(best.get()).requires()) {
            if (appliesWithoutExtras(r)) {
              prefetch(r.name());
            }
          }
          return;
        }
      }
    } catch (IOException | RuntimeException e) {
      // the search reads this itself when it needs it, and reports what fails there
    }
  }

  private Optional<ProjectPage> page(PackageName name) {
    prefetch(name);
    try {
      return pages.get(name).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof UncheckedIOException u) {
        throw new UncheckedIOException(
            "cannot read the index page of " + name + ": " + u.getCause().getMessage(),
            u.getCause());
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  /**
   * Why the releases of {@code name} above {@code floor} (all when empty) install nothing, newest
   * first, among those its last candidates were drawn from; empty when it never had candidates.
   */
  private List<String> passedOver(PackageName name, Optional<Version> floor) {
    Boolean allowYanked = yankedAllowed.get(name);
    if (allowYanked == null) {
      return List.of();
    }
    Optional<ProjectPage> page = page(name);
    return page.isEmpty() ? List.of() : releasesOf(page.get()).passedOver(allowYanked, floor);
  }

  /** Which names the search kept trying, and the deepest conflict: what to pin to settle it. */
  private String gaveUp() {
    List<String> most =
        tries.entrySet().stream()
            .sorted(
                Map.Entry.<PackageName, Integer>comparingByValue()
                    .reversed()
                    .thenComparing(e -> e.getKey().normalized()))
            .limit(3)
            .map(e -> e.getKey() + " (" + e.getValue() + ")")
            .toList();
    return "resolution gave up after "
        + MAX_ATTEMPTS
        + " attempts: the requirements are too loose to settle; pin some of them. Releases tried"
        + " most: "
        + String.join(", ", most)
        + (conflict == null ? "" : "; the deepest conflict it met: " + conflict.explanation());
  }

  private String explain() {
    return conflict == null ? "cannot resolve the requirements" : conflict.explanation();
  }

  private String explain(PackageName name, List<Criterion> cs) {
    StringBuilder out = new StringBuilder();
    Optional<ProjectPage> page = page(name);
    if (page.isEmpty()) {
      out.append("cannot resolve: ")
          .append(name)
          .append(" is not on the index ")
          .append(index.describe());
    } else {
      out.append("cannot resolve: no version of ").append(name).append(" satisfies all of:");
    }
    List<Criterion> own = constraints.getOrDefault(name, List.of());
    for (Criterion k : cs) {
      out.append("\n  ")
          .append(k.requirement())
          .append(own.contains(k) ? "  (constraint from " : "  (required by ")
          .append(k.parent().label())
          .append(k.parent().name().map(this::chainOf).orElse(""))
          .append(")");
    }
    if (page.isPresent()) {
      List<Version> available = available(name);
      out.append("\n  versions on the index: ")
          .append(
              available.isEmpty()
                  ? "none"
                  : shortened(available.stream().map(Version::toString).toList(), ", ", 3, 10));
      List<String> skipped = passedOver(name, Optional.empty());
      if (!skipped.isEmpty()) {
        out.append("\n  passed over: ").append(shortened(skipped, "; ", 10, 0));
      }
    }
    return out.toString();
  }

  /**
   * {@code items} joined, or, when there are more than {@code head + tail + 1} of them (botocore
   * has thousands of releases), the first {@code head} and the last {@code tail} around how many
   * were left out.
   */
  static String shortened(List<String> items, String separator, int head, int tail) {
    if (items.size() <= head + tail + 1) {
      return String.join(separator, items);
    }
    List<String> out = new ArrayList<>(items.subList(0, head));
    out.add("… " + (items.size() - head - tail) + " more …");
    out.addAll(items.subList(items.size() - tail, items.size()));
    return String.join(separator, out);
  }

  /** {@code " ← parent ← … ← input line"} for a pinned package, following first requirers. */
  private String chainOf(PackageName name) {
    StringBuilder out = new StringBuilder();
    Set<PackageName> seen = new LinkedHashSet<>();
    PackageName current = name;
    while (current != null && seen.add(current)) {
      List<Criterion> cs = criteria.get(current);
      if (cs == null || cs.isEmpty()) {
        break;
      }
      Parent p = cs.get(0).parent();
      out.append(" \u2190 ").append(p.label());
      current = p.name().orElse(null);
    }
    return out.toString();
  }

  private Resolution result(List<Root> roots, List<Unresolved> unresolvedRoots) {
    List<Unresolved> unresolved = new ArrayList<>(unresolvedRoots);
    missing.forEach(
        (name, reason) -> {
          List<Criterion> cs = criteria.getOrDefault(name, List.of());
          unresolved.add(
              new Unresolved(
                  name,
                  reason,
                  cs.stream().map(Criterion::parent).distinct().toList(),
                  cs.stream().map(k -> k.requirement().toString()).distinct().toList()));
        });
    return new Resolution(packages(roots), unresolved);
  }

  private List<ResolvedPackage> packages(List<Root> roots) {
    Set<PackageName> direct = new LinkedHashSet<>();
    roots.forEach(r -> direct.add(r.requirement().name()));
    List<ResolvedPackage> out = new ArrayList<>();
    for (Pin pin : pins.values()) {
      PackageName name = pin.candidate.name();
      List<Criterion> cs = criteria.getOrDefault(name, List.of());
      List<String> notes = new ArrayList<>();
      List<String> newer = passedOver(name, Optional.of(pin.candidate.version()));
      if (!newer.isEmpty()) {
        notes.add("newer releases passed over: " + String.join("; ", newer));
      }
      for (Criterion k : constraints.getOrDefault(name, List.of())) {
        notes.add("constrained by " + k.parent().label() + ": " + k.requirement());
      }
      Dependencies deps =
          pin.dependencies == null
              ? new Dependencies(
                  List.of(), followDependencies ? "none" : "not read (--no-deps)", Optional.empty())
              : new Dependencies(pin.used, pin.dependencies.source(), pin.dependencies.unknown());
      deps.unknown().ifPresent(notes::add);
      out.add(
          new ResolvedPackage(
              pin.candidate,
              pin.extras,
              cs.stream().map(Criterion::parent).distinct().toList(),
              cs.stream().map(k -> k.requirement().toString()).distinct().toList(),
              deps,
              direct.contains(name),
              notes));
    }
    out.sort(Comparator.comparing((ResolvedPackage p) -> p.candidate().name()));
    return out;
  }

  /** {@code name[extras] version}. */
  static String label(Candidate c, Set<String> extras) {
    String x = extras.isEmpty() ? "" : "[" + String.join(",", extras) + "]";
    return c.name() + x + " " + c.version();
  }
}
