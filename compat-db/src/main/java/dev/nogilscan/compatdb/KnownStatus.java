package dev.nogilscan.compatdb;

import dev.nogilscan.compatdb.pep.PackageName;
import dev.nogilscan.compatdb.pep.Version;
import java.util.List;
import java.util.Optional;

/**
 * What the database knows about a package for one target on one platform, and why.
 *
 * @param name the package
 * @param target the target profile
 * @param platform the platform family looked up (empty when the platform is none the database
 *     records, e.g. musllinux)
 * @param readiness the summary; an override from the project file wins
 * @param firstSupported the first release with a free-threaded wheel for this target and platform
 * @param latestSupported the newest such release
 * @param latestRelease the newest final release on the index when the data was built
 * @param probe the import probe of the newest free-threaded wheel, when one ran
 * @param classifier the Trove Free Threading classifier level of the newest release, if declared
 * @param alternatives known replacements
 * @param tracking the upstream tracking issue
 * @param override the user's override that decided {@code readiness}, if any
 * @param evidence every fact behind the above: wheel files, probe results, classifier, override
 */
public record KnownStatus(
    PackageName name,
    CompatTarget target,
    Optional<PlatformKey> platform,
    Readiness readiness,
    Optional<Version> firstSupported,
    Optional<Version> latestSupported,
    Optional<Version> latestRelease,
    Optional<ProbeFinding> probe,
    Optional<String> classifier,
    List<Alternative> alternatives,
    Optional<String> tracking,
    Optional<PackageOverride> override,
    List<Evidence> evidence) {
  public KnownStatus {
    alternatives = List.copyOf(alternatives);
    evidence = List.copyOf(evidence);
  }

  /** One line for reports, e.g. {@code free-threaded wheels since 2.1.0 (linux-x86_64, 3.13t)}. */
  public String summary() {
    String where =
        " (" + platform.map(PlatformKey::id).orElse("platform not recorded") + ", " + target + ")";
    return switch (readiness) {
      case KNOWN_GOOD, KNOWN_BAD ->
          readiness.id()
              + " by "
              + override.map(PackageOverride::source).orElse("override")
              + ": "
              + override.map(PackageOverride::reason).orElse("");
      case FREE_THREADED_WHEELS ->
          "free-threaded wheels since "
              + firstSupported.map(Version::toString).orElse("?")
              + where
              + probe
                  .map(p -> "; import probe of " + p.version() + ": GIL stayed disabled")
                  .filter(s -> probe.get().gilStayedOff())
                  .orElse("");
      case GIL_REENABLED ->
          "free-threaded wheels since "
              + firstSupported.map(Version::toString).orElse("?")
              + where
              + ", but importing "
              + probe.map(p -> p.version().toString()).orElse("?")
              + " re-enabled the GIL: "
              + probe.map(p -> String.join(", ", p.gilModules())).orElse("");
      case ABI_NONE_WHEELS ->
          "no free-threaded wheel, but platform wheels of ABI none install" + where;
      case NO_FREE_THREADED_WHEELS ->
          "no release has a free-threaded wheel"
              + where
              + latestRelease.map(v -> "; newest release " + v).orElse("");
      case NOT_EXAMINED -> "not examined for this target or platform" + where;
    };
  }
}
