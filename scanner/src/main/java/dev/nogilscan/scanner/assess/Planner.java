package dev.nogilscan.scanner.assess;

import dev.nogilscan.compatdb.pep.MarkerEnvironment;
import dev.nogilscan.compatdb.pep.PackageName;
import dev.nogilscan.compatdb.pep.Requirement;
import dev.nogilscan.scanner.input.InputRequirement;
import dev.nogilscan.scanner.input.LockedReleases;
import dev.nogilscan.scanner.resolve.Candidate;
import dev.nogilscan.scanner.resolve.Parent;
import dev.nogilscan.scanner.resolve.Resolution;
import dev.nogilscan.scanner.resolve.ResolvedPackage;
import dev.nogilscan.scanner.resolve.Resolver;
import dev.nogilscan.scanner.resolve.Unresolved;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the inputs into the packages to assess: lines that are not assessed become skipped
 * subjects, the rest is resolved for the target, and every resolved package gets its chain back to
 * an input line and the closure of what it needs at import.
 */
public final class Planner {
  private final Resolver resolver;
  private final MarkerEnvironment markers;
  private final String python;
  private final Optional<LockedReleases> locked;

  public Planner(Resolver resolver, MarkerEnvironment markers, String python) {
    this(resolver, markers, python, Optional.empty());
  }

  /**
   * @param locked plans lock-file inputs around the resolver (the lock is the resolution); without
   *     it they are resolved as {@code ==} pins
   */
  public Planner(
      Resolver resolver,
      MarkerEnvironment markers,
      String python,
      Optional<LockedReleases> locked) {
    this.resolver = resolver;
    this.markers = markers;
    this.python = python;
    this.locked = locked;
  }

  public List<Subject> plan(List<InputRequirement> inputs) {
    return plan(inputs, false);
  }

  /**
   * @param requireHashes {@code --require-hashes} was given (in a requirements file); any {@code
   *     --hash} on an input line turns hash-checking mode on as well, as in pip
   * @throws InputException in hash-checking mode, when a requirement is not pinned with {@code ==}
   *     or a package of the resolution has no {@code --hash} (all of them listed, as pip does)
   */
  public List<Subject> plan(List<InputRequirement> inputs, boolean requireHashes) {
    List<Subject> subjects = new ArrayList<>();
    List<Resolver.Root> roots = new ArrayList<>();
    Map<PackageName, List<InputRequirement>> byName = new HashMap<>();
    List<InputRequirement> lockedInputs = new ArrayList<>();
    List<InputRequirement> constraints = new ArrayList<>();
    for (InputRequirement in : inputs) {
      String origin = in.origin();
      if (in.constraint()) {
        constraints.add(in);
        continue;
      }
      if (in.skipReason().isPresent()) {
        subjects.add(
            Subject.skipped(
                in.text(),
                in.text(),
                List.of(origin),
                true,
                List.of(origin),
                in.skipReason().get()));
        continue;
      }
      Requirement r = in.requirement().orElseThrow();
      if (r.url().isPresent()) {
        subjects.add(
            Subject.skipped(
                r.name().normalized(),
                in.text(),
                List.of(origin),
                true,
                List.of(origin),
                "direct URL requirement: not assessed yet"));
        continue;
      }
      boolean applies;
      try {
        applies = r.marker().map(m -> m.evaluate(markers)).orElse(true);
      } catch (RuntimeException e) {
        applies = false;
      }
      if (!applies) {
        subjects.add(
            Subject.skipped(
                r.name().normalized(),
                in.text(),
                List.of(origin),
                true,
                List.of(origin),
                "marker '" + r.marker().orElseThrow() + "' is false for the target " + python));
        continue;
      }
      if (in.locked().isPresent() && locked.isPresent()) {
        lockedInputs.add(in);
        continue;
      }
      roots.add(new Resolver.Root(r, origin, sha256s(in)));
      byName.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(in);
    }
    subjects.addAll(lockedSubjects(lockedInputs));
    HashChecking hashChecking =
        new HashChecking(
            requireHashes
                || inputs.stream().anyMatch(i -> !i.hashes().isEmpty() && i.locked().isEmpty()));
    hashChecking.checkUnassessable(inputs);
    if (roots.isEmpty()) {
      hashChecking.throwIfFailed();
      return subjects;
    }
    // pip -c: a constraint narrows any package that ends up in the resolution, never adds one
    List<Resolver.Root> constraintRoots =
        constraints.stream()
            .map(c -> new Resolver.Root(c.requirement().orElseThrow(), c.origin(), sha256s(c)))
            .toList();
    Resolution resolution = resolver.resolve(roots, constraintRoots);
    hashChecking.checkResolution(resolution, byName);
    hashChecking.throwIfFailed();
    Map<PackageName, ResolvedPackage> resolved = new HashMap<>();
    resolution.packages().forEach(p -> resolved.put(p.candidate().name(), p));
    Map<PackageName, List<Parent>> parents = new HashMap<>();
    resolution.packages().forEach(p -> parents.put(p.candidate().name(), p.requiredBy()));
    resolution.unresolved().forEach(u -> parents.put(u.name(), u.requiredBy()));

    // pip installs a package that a "name @ URL" constraint names from that URL, not the index
    Map<PackageName, InputRequirement> urlConstraints = new HashMap<>();
    constraints.stream()
        .filter(c -> c.requirement().flatMap(Requirement::url).isPresent())
        .forEach(c -> urlConstraints.putIfAbsent(c.requirement().get().name(), c));
    for (ResolvedPackage p : resolution.packages()) {
      PackageName name = p.candidate().name();
      List<String> chain = chain(name, parents);
      List<InputRequirement> lines = byName.getOrDefault(name, List.of());
      InputRequirement urlConstraint = urlConstraints.get(name);
      if (urlConstraint != null) {
        subjects.add(
            Subject.skipped(
                name.normalized(),
                urlConstraint.text(),
                origins(lines, chain),
                p.direct(),
                chain,
                "constrained to a direct URL by "
                    + urlConstraint.origin()
                    + " (pip installs that URL, not a release of the index): not assessed yet"));
        continue;
      }
      subjects.add(
          new Subject(
              name.normalized(),
              Optional.of(p.candidate().version().toString()),
              lines.isEmpty()
                  ? String.join(", ", p.requirements())
                  : String.join(", ", lines.stream().map(InputRequirement::text).toList()),
              origins(lines, chain),
              p.direct(),
              chain,
              Optional.empty(),
              Optional.of(p.candidate()),
              closure(p, resolved),
              p.notes()));
    }
    for (Unresolved u : resolution.unresolved()) {
      List<String> chain = chain(u.name(), parents);
      List<InputRequirement> lines = byName.getOrDefault(u.name(), List.of());
      subjects.add(
          Subject.skipped(
              u.name().normalized(),
              lines.isEmpty()
                  ? String.join(", ", u.requirements())
                  : String.join(", ", lines.stream().map(InputRequirement::text).toList()),
              origins(lines, chain),
              !lines.isEmpty(),
              chain,
              u.reason()));
    }
    return subjects;
  }

  private static List<String> origins(List<InputRequirement> lines, List<String> chain) {
    if (!lines.isEmpty()) {
      return lines.stream().map(InputRequirement::origin).toList();
    }
    return chain.isEmpty() ? List.of() : List.of(chain.get(chain.size() - 1));
  }

  /** The shortest path from {@code name} to an input line, nearest first (breadth first). */
  static List<String> chain(PackageName name, Map<PackageName, List<Parent>> parents) {
    record Step(PackageName name, List<String> path) {}
    Deque<Step> queue = new ArrayDeque<>();
    Set<PackageName> seen = new HashSet<>();
    queue.add(new Step(name, List.of()));
    seen.add(name);
    while (!queue.isEmpty()) {
      Step s = queue.poll();
      for (Parent p : parents.getOrDefault(s.name(), List.of())) {
        List<String> path = new ArrayList<>(s.path());
        path.add(p.label());
        if (p.name().isEmpty()) {
          return path;
        }
        if (seen.add(p.name().get())) {
          queue.add(new Step(p.name().get(), path));
        }
      }
    }
    return List.of();
  }

  /** Every installable release {@code p} needs, transitively, without itself. */
  private static List<Candidate> closure(
      ResolvedPackage p, Map<PackageName, ResolvedPackage> resolved) {
    Set<PackageName> seen = new LinkedHashSet<>();
    Deque<ResolvedPackage> todo = new ArrayDeque<>(List.of(p));
    while (!todo.isEmpty()) {
      ResolvedPackage next = todo.poll();
      for (Requirement r : next.dependencies().requires()) {
        ResolvedPackage dep = resolved.get(r.name());
        if (dep != null
            && !dep.candidate().name().equals(p.candidate().name())
            && seen.add(r.name())) {
          todo.add(dep);
        }
      }
    }
    List<Candidate> out = new ArrayList<>();
    seen.forEach(n -> out.add(resolved.get(n).candidate()));
    return out;
  }

  /** The sha256 values of an input's {@code --hash} options (other algorithms never match). */
  private static List<String> sha256s(InputRequirement in) {
    List<String> out = new ArrayList<>();
    for (String h : in.hashes()) {
      int sep = h.indexOf(':');
      if (sep > 0 && h.substring(0, sep).equals("sha256")) {
        out.add(h.substring(sep + 1).toLowerCase(java.util.Locale.ROOT));
      }
    }
    if (out.isEmpty() && !in.hashes().isEmpty()) {
      out.add("(none: only " + String.join(", ", in.hashes()) + ", and only sha256 is checked)");
    }
    return out;
  }

  /** Lock-file inputs: the locked version's file for the target, no resolution. */
  private List<Subject> lockedSubjects(List<InputRequirement> inputs) {
    List<Subject> out = new ArrayList<>();
    if (inputs.isEmpty()) {
      return out;
    }
    for (LockedReleases.Planned p : locked.orElseThrow().plan(inputs)) {
      InputRequirement in = p.input();
      String name = in.requirement().orElseThrow().name().normalized();
      List<String> origin = List.of(in.origin());
      out.add(
          p.candidate().isEmpty()
              ? Subject.skipped(name, in.text(), origin, true, origin, p.skipReason().orElseThrow())
              : new Subject(
                  name,
                  Optional.of(p.candidate().get().version().toString()),
                  in.text(),
                  origin,
                  true,
                  origin,
                  Optional.empty(),
                  p.candidate(),
                  p.dependencies(),
                  List.of("locked by " + in.origin() + ": not re-resolved")));
    }
    return out;
  }
}
