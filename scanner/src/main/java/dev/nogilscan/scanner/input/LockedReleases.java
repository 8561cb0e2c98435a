package dev.nogilscan.scanner.input;

import dev.nogilscan.compatdb.pep.PackageName;
import dev.nogilscan.compatdb.pep.SdistFilename;
import dev.nogilscan.compatdb.pep.TargetEnvironment;
import dev.nogilscan.compatdb.pep.Version;
import dev.nogilscan.compatdb.pep.WheelFilename;
import dev.nogilscan.scanner.index.DistributionFile;
import dev.nogilscan.scanner.index.PackageIndex;
import dev.nogilscan.scanner.index.ProjectPage;
import dev.nogilscan.scanner.resolve.Candidate;
import dev.nogilscan.scanner.resolve.FileSelection;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the releases a lock file pins into candidates without resolving: the lock is the
 * resolution. Each locked version gets the file pip would take for the target, chosen as the
 * resolver chooses (files whose {@code requires-python} excludes the target left out, the
 * best-ranked wheel for the target's tags, else the sdist, {@code .tar.gz} first), from the index's
 * files of that exact version (yanked ones too: a lock pins exactly, PEP 592), else from the file
 * URLs in the lock. When the lock lists hashes, files it lists are preferred, as an installer of
 * the lock takes only those, and the download must hash to one of them. When the lock and the index
 * both give a file's sha256 they must agree; a lock hash the index lacks is kept on the file, so
 * the download is verified against it.
 *
 * <p>Not thread safe; one instance per scan.
 */
public final class LockedReleases {
  private final PackageIndex index;
  private final TargetEnvironment target;

  /**
   * One locked input, planned.
   *
   * @param input the lock's entry
   * @param candidate the release and file to assess, when there is one
   * @param skipReason why it is not assessed, when it is not
   * @param dependencies the locked releases it needs, transitively, as the lock lists them
   */
  public record Planned(
      InputRequirement input,
      Optional<Candidate> candidate,
      Optional<String> skipReason,
      List<Candidate> dependencies) {}

  public LockedReleases(PackageIndex index, TargetEnvironment target) {
    this.index = index;
    this.target = target;
  }

  /**
   * @param inputs locked inputs whose markers hold for the target
   * @throws java.io.UncheckedIOException never: a failing index page becomes that entry's reason
   */
  public List<Planned> plan(List<InputRequirement> inputs) {
    Map<PackageName, Candidate> chosen = new LinkedHashMap<>();
    List<Planned> first = new ArrayList<>();
    for (InputRequirement in : inputs) {
      PackageName name = in.requirement().orElseThrow().name();
      Locked locked = in.locked().orElseThrow();
      Choice c = choose(name, locked);
      c.candidate().ifPresent(x -> chosen.putIfAbsent(name, x));
      first.add(new Planned(in, c.candidate(), c.skipReason(), List.of()));
    }
    List<Planned> out = new ArrayList<>();
    Map<PackageName, List<PackageName>> deps = new LinkedHashMap<>();
    for (InputRequirement in : inputs) {
      deps.putIfAbsent(
          in.requirement().orElseThrow().name(), in.locked().orElseThrow().dependencies());
    }
    for (Planned p : first) {
      if (p.candidate().isEmpty()) {
        out.add(p);
        continue;
      }
      PackageName self = p.candidate().get().name();
      Set<PackageName> seen = new LinkedHashSet<>();
      Deque<PackageName> todo = new ArrayDeque<>(deps.getOrDefault(self, List.of()));
      while (!todo.isEmpty()) {
        PackageName n = todo.poll();
        if (!n.equals(self) && chosen.containsKey(n) && seen.add(n)) {
          todo.addAll(deps.getOrDefault(n, List.of()));
        }
      }
      List<Candidate> closure = seen.stream().map(chosen::get).toList();
      out.add(new Planned(p.input(), p.candidate(), p.skipReason(), closure));
    }
    return out;
  }

  private record Choice(Optional<Candidate> candidate, Optional<String> skipReason) {
    static Choice skip(String reason) {
      return new Choice(Optional.empty(), Optional.of(reason));
    }
  }

  private Choice choose(PackageName name, Locked locked) {
    Version version = locked.version();
    List<DistributionFile> files = new ArrayList<>();
    try {
      Optional<ProjectPage> page = index.project(name);
      page.ifPresent(p -> files.addAll(filesOf(p.files(), name, version)));
    } catch (IOException e) {
      return Choice.skip("cannot read the index page of " + name + ": " + e.getMessage());
    }
    if (files.isEmpty()) {
      for (Locked.LockedFile f : locked.files()) {
        if (f.url().isPresent() && f.filename().isPresent()) {
          files.add(
              new DistributionFile(
                  f.filename().get(),
                  f.url().get(),
                  f.sha256(),
                  Optional.empty(),
                  Optional.empty(),
                  false));
        }
      }
      files.retainAll(filesOf(files, name, version));
    }
    if (files.isEmpty()) {
      return Choice.skip(
          "locked version "
              + version
              + " of "
              + name
              + " is not on the index "
              + index.describe()
              + " and the lock gives no file URL for it");
    }
    // a lock's hashes both choose among the files (those the lock lists) and check the download
    List<String> lockHashes =
        locked.files().stream().flatMap(f -> f.sha256().stream()).distinct().toList();
    Optional<DistributionFile> chosen = FileSelection.installable(files, target, lockHashes);
    boolean installable = chosen.isPresent();
    DistributionFile file = chosen.orElseGet(() -> FileSelection.representative(files));
    Optional<String> mismatch = hashMismatch(file, locked);
    if (mismatch.isPresent()) {
      return Choice.skip(mismatch.get());
    }
    if (file.sha256().isEmpty()) {
      Optional<String> lockSha = lockHash(file, locked);
      if (lockSha.isPresent()) {
        file =
            new DistributionFile(
                file.filename(),
                file.url(),
                lockSha,
                file.requiresPython(),
                file.yanked(),
                file.coreMetadata());
      }
    }
    return new Choice(
        Optional.of(new Candidate(name, version, file, file.isWheel(), installable, lockHashes)),
        Optional.empty());
  }

  /** The lock's sha256 for {@code file}: by file name, or when the lock has just this one hash. */
  private static Optional<String> lockHash(DistributionFile file, Locked locked) {
    for (Locked.LockedFile f : locked.files()) {
      if (f.filename().filter(n -> n.equals(file.filename())).isPresent()
          && f.sha256().isPresent()) {
        return f.sha256();
      }
    }
    return Optional.empty();
  }

  private static Optional<String> hashMismatch(DistributionFile file, Locked locked) {
    if (file.sha256().isEmpty()) {
      return Optional.empty();
    }
    String sha = file.sha256().get().toLowerCase(java.util.Locale.ROOT);
    Optional<String> named = lockHash(file, locked);
    if (named.isPresent()) {
      return named.get().equals(sha)
          ? Optional.empty()
          : Optional.of(
              "sha256 of "
                  + file.filename()
                  + " on the index ("
                  + sha
                  + ") differs from the lock's ("
                  + named.get()
                  + ")");
    }
    // Pipfile.lock: hashes without file names; the chosen file's must be among them
    List<String> bare =
        locked.files().stream()
            .filter(f -> f.filename().isEmpty())
            .flatMap(f -> f.sha256().stream())
            .toList();
    if (!bare.isEmpty() && !bare.contains(sha)) {
      return Optional.of(
          "sha256 of "
              + file.filename()
              + " on the index ("
              + sha
              + ") is not among the lock's hashes");
    }
    return Optional.empty();
  }

  private static List<DistributionFile> filesOf(
      List<DistributionFile> files, PackageName name, Version version) {
    List<DistributionFile> out = new ArrayList<>();
    for (DistributionFile f : files) {
      boolean match =
          f.isWheel()
              ? WheelFilename.tryParse(f.filename())
                  .filter(w -> w.name().equals(name) && w.version().equals(version))
                  .isPresent()
              : SdistFilename.tryParse(f.filename())
                  .filter(s -> s.name().equals(name) && s.version().equals(version))
                  .isPresent();
      if (match) {
        out.add(f);
      }
    }
    return out;
  }
}
