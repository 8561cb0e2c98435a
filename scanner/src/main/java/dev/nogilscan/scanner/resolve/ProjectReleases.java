package dev.nogilscan.scanner.resolve;

import dev.nogilscan.compatdb.pep.PackageName;
import dev.nogilscan.compatdb.pep.SdistFilename;
import dev.nogilscan.compatdb.pep.TargetEnvironment;
import dev.nogilscan.compatdb.pep.Version;
import dev.nogilscan.compatdb.pep.WheelFilename;
import dev.nogilscan.scanner.index.DistributionFile;
import dev.nogilscan.scanner.index.EggFilename;
import dev.nogilscan.scanner.index.ProjectPage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One project's page as the resolver reads it, worked out once per run however often the search,
 * its look-ahead and its messages ask: the files grouped by release (each file name parsed once),
 * and, per release and only when first asked, the file the target would install or why there is
 * none. A page of a popular project lists thousands of files over hundreds of releases while the
 * search mostly takes the newest, so choices are made lazily. Thread safe.
 */
final class ProjectReleases {
  /** The file a release would install on the target, or why it has none. */
  record Choice(Optional<Candidate> candidate, String whyNot) {}

  private final PackageName name;
  private final TargetEnvironment target;
  private final List<String> hashes;
  private final NavigableMap<Version, List<DistributionFile>> withYanked;
  private final NavigableMap<Version, List<DistributionFile>> withoutYanked;
  private final Map<Version, Choice> yankedAllowed = new ConcurrentHashMap<>();
  private final Map<Version, Choice> yankedRefused = new ConcurrentHashMap<>();

  /**
   * @param hashes the sha256 values the input allows for this project (empty: any file)
   */
  ProjectReleases(ProjectPage page, TargetEnvironment target, List<String> hashes) {
    this.name = page.name();
    this.target = target;
    this.hashes = List.copyOf(hashes);
    TreeMap<Version, List<DistributionFile>> all = new TreeMap<>();
    TreeMap<Version, List<DistributionFile>> unyanked = new TreeMap<>();
    for (DistributionFile f : page.files()) {
      Optional<Version> v = version(f, page.name());
      if (v.isPresent()) {
        all.computeIfAbsent(v.get(), k -> new ArrayList<>()).add(f);
        if (f.yanked().isEmpty()) {
          unyanked.computeIfAbsent(v.get(), k -> new ArrayList<>()).add(f);
        }
      }
    }
    this.withYanked = Collections.unmodifiableNavigableMap(all);
    this.withoutYanked = Collections.unmodifiableNavigableMap(unyanked);
  }

  /**
   * The release a file belongs to, when its name parses and names this project. Eggs count as
   * releases so that an egg-only project is reported, never installed.
   */
  private static Optional<Version> version(DistributionFile f, PackageName project) {
    if (f.isWheel()) {
      return WheelFilename.tryParse(f.filename())
          .filter(w -> w.name().equals(project))
          .map(WheelFilename::version);
    }
    if (f.isEgg()) {
      return EggFilename.tryParse(f.filename())
          .filter(e -> e.name().equals(project))
          .map(EggFilename::version);
    }
    return SdistFilename.tryParse(f.filename())
        .filter(s -> s.name().equals(project))
        .map(SdistFilename::version);
  }

  /**
   * Every release with its files, lowest version first; yanked files (PEP 592) only when {@code
   * allowYanked}, i.e. when the project is pinned exactly.
   */
  NavigableMap<Version, List<DistributionFile>> releases(boolean allowYanked) {
    return allowYanked ? withYanked : withoutYanked;
  }

  /** What the target would install of release {@code v} (which must be in the map). */
  Choice choice(Version v, boolean allowYanked) {
    Map<Version, Choice> memo = allowYanked ? yankedAllowed : yankedRefused;
    Choice known = memo.get(v);
    if (known != null) {
      return known;
    }
    List<DistributionFile> files = releases(allowYanked).get(v);
    Optional<DistributionFile> file = FileSelection.installable(files, target, hashes);
    Choice made =
        file.isPresent()
            ? new Choice(
                Optional.of(new Candidate(name, v, file.get(), file.get().isWheel(), true, hashes)),
                "")
            : new Choice(
                Optional.empty(),
                v
                    + (files.stream().allMatch(DistributionFile::isEgg)
                        ? ": only a legacy .egg, which pip never installs"
                        : ": no file installable on " + target.python() + " " + target.platform()));
    memo.putIfAbsent(v, made);
    return made;
  }

  /**
   * Why each release above {@code floor} (all of them when empty) installs nothing, newest first.
   */
  List<String> passedOver(boolean allowYanked, Optional<Version> floor) {
    NavigableMap<Version, List<DistributionFile>> releases = releases(allowYanked);
    NavigableMap<Version, List<DistributionFile>> above =
        floor.isPresent() ? releases.tailMap(floor.get(), false) : releases;
    List<String> out = new ArrayList<>();
    for (Version v : above.descendingKeySet()) {
      Choice c = choice(v, allowYanked);
      if (c.candidate().isEmpty()) {
        out.add(c.whyNot());
      }
    }
    return out;
  }
}
