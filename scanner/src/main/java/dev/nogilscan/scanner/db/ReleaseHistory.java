package dev.nogilscan.scanner.db;

import dev.nogilscan.compatdb.CompatTarget;
import dev.nogilscan.compatdb.Evidence;
import dev.nogilscan.compatdb.PlatformKey;
import dev.nogilscan.compatdb.PlatformStatus;
import dev.nogilscan.compatdb.TargetStatus;
import dev.nogilscan.compatdb.pep.PackageName;
import dev.nogilscan.compatdb.pep.TargetEnvironment;
import dev.nogilscan.compatdb.pep.Version;
import dev.nogilscan.compatdb.pep.WheelFilename;
import dev.nogilscan.compatdb.pep.WheelTag;
import dev.nogilscan.scanner.index.DistributionFile;
import dev.nogilscan.scanner.index.ProjectPage;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A project's release history as its index page lists it (PEP 691 lists every file of every
 * version), reduced to what the compat-db records: whether the project ships native code, its
 * newest final release, and per target and platform family the releases with a free-threaded wheel.
 * Only final releases count (no pre-, dev- or yanked releases).
 */
public final class ReleaseHistory {
  private final PackageName name;
  private final TreeMap<Version, List<Wheel>> wheels = new TreeMap<>();
  private final TreeMap<Version, List<DistributionFile>> files = new TreeMap<>();
  private final int fileCount;

  /** A wheel file and its parsed name. */
  public record Wheel(DistributionFile file, WheelFilename filename) {}

  private ReleaseHistory(ProjectPage page) {
    this.name = page.name();
    int count = 0;
    for (DistributionFile f : page.files()) {
      if (f.yanked().isPresent()) {
        continue;
      }
      count++;
      Optional<Version> version;
      if (f.isWheel()) {
        Optional<WheelFilename> w = WheelFilename.tryParse(f.filename());
        if (w.isEmpty()) {
          continue;
        }
        version = Optional.of(w.get().version());
        if (isFinal(version.get())) {
          wheels.computeIfAbsent(version.get(), v -> new ArrayList<>()).add(new Wheel(f, w.get()));
        }
      } else {
        version = sdistVersion(f.filename(), page.name());
      }
      version
          .filter(ReleaseHistory::isFinal)
          .ifPresent(v -> files.computeIfAbsent(v, k -> new ArrayList<>()).add(f));
    }
    this.fileCount = count;
  }

  /** The history on a project page. */
  public static ReleaseHistory of(ProjectPage page) {
    return new ReleaseHistory(page);
  }

  private static boolean isFinal(Version v) {
    return !v.isPreRelease() && !v.isDevRelease();
  }

  private static Optional<Version> sdistVersion(String filename, PackageName name) {
    String stem = filename;
    for (String ext : List.of(".tar.gz", ".zip", ".tar.bz2", ".tgz", ".tar.xz", ".tar")) {
      if (stem.endsWith(ext)) {
        stem = stem.substring(0, stem.length() - ext.length());
        int dash = stem.lastIndexOf('-');
        if (dash <= 0
            || !PackageName.normalize(stem.substring(0, dash)).equals(name.normalized())) {
          return Optional.empty();
        }
        return Version.tryParse(stem.substring(dash + 1));
      }
    }
    return Optional.empty();
  }

  /** Whether any release has a wheel with a platform-specific tag (not {@code any}). */
  public boolean isNative() {
    return wheels.values().stream()
        .flatMap(List::stream)
        .anyMatch(w -> w.filename().tags().stream().anyMatch(t -> !t.platform().equals("any")));
  }

  /** The newest final release with any file. */
  public Optional<Version> latestVersion() {
    return files.isEmpty() ? Optional.empty() : Optional.of(files.lastKey());
  }

  /** The wheels of a release. */
  public List<Wheel> wheels(Version version) {
    return wheels.getOrDefault(version, List.of());
  }

  /**
   * Whether the target on the family's representative platform installs the wheel with a tag whose
   * ABI is the target's free-threaded ABI.
   */
  static boolean isFreeThreaded(Wheel w, CompatTarget target, PlatformKey key) {
    if (target == CompatTarget.NOGIL39) {
      return w.filename().tags().stream()
          .anyMatch(t -> target.isFreeThreadedAbi(t.abi()) && legacyPlatformMatches(t, key));
    }
    TargetEnvironment env =
        new TargetEnvironment(target.python().orElseThrow(), key.representative());
    return w.filename().tags().stream()
        .anyMatch(t -> target.isFreeThreadedAbi(t.abi()) && env.tagRank(t).isPresent());
  }

  private static boolean legacyPlatformMatches(WheelTag t, PlatformKey key) {
    String p = t.platform();
    return switch (key) {
      case LINUX_X86_64 -> p.contains("linux") && p.endsWith("x86_64");
      case LINUX_AARCH64 -> p.contains("linux") && p.endsWith("aarch64");
      case MACOS_ARM64 ->
          p.startsWith("macosx") && (p.endsWith("arm64") || p.endsWith("universal2"));
      case WINDOWS_AMD64 -> p.equals("win_amd64");
    };
  }

  private static boolean isAbiNonePlatformWheel(Wheel w, CompatTarget target, PlatformKey key) {
    if (target == CompatTarget.NOGIL39) {
      return false;
    }
    TargetEnvironment env =
        new TargetEnvironment(target.python().orElseThrow(), key.representative());
    return w.filename().tags().stream()
        .anyMatch(
            t ->
                t.abi().equals("none")
                    && !t.platform().equals("any")
                    && env.tagRank(t).isPresent());
  }

  /** The newest release with a free-threaded wheel for the target and family, and that wheel. */
  public Optional<Wheel> newestFreeThreaded(CompatTarget target, PlatformKey key) {
    for (Version v : wheels.descendingKeySet()) {
      for (Wheel w : wheels.get(v)) {
        if (isFreeThreaded(w, target, key)) {
          return Optional.of(w);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The newest release's best free-threaded wheel for the target that {@code machine} installs (to
   * probe it here).
   */
  public Optional<Wheel> newestInstallable(CompatTarget target, TargetEnvironment machine) {
    for (Version v : wheels.descendingKeySet()) {
      Wheel best = null;
      int bestRank = Integer.MAX_VALUE;
      for (Wheel w : wheels.get(v)) {
        boolean ft = w.filename().tags().stream().anyMatch(t -> target.isFreeThreadedAbi(t.abi()));
        Optional<Integer> r = machine.bestRank(w.filename());
        if (ft && r.isPresent() && r.get() < bestRank) {
          best = w;
          bestRank = r.get();
        }
      }
      if (best != null) {
        return Optional.of(best);
      }
    }
    return Optional.empty();
  }

  /** What the history shows for one target, every platform family, with evidence. */
  public TargetStatus targetStatus(CompatTarget target, LocalDate learned) {
    Map<PlatformKey, PlatformStatus> platforms = new EnumMap<>(PlatformKey.class);
    for (PlatformKey key : PlatformKey.values()) {
      List<Version> versions = new ArrayList<>();
      Wheel first = null;
      Wheel last = null;
      Optional<Version> abiNone = Optional.empty();
      Wheel abiNoneWheel = null;
      for (Map.Entry<Version, List<Wheel>> e : wheels.entrySet()) {
        for (Wheel w : e.getValue()) {
          if (isFreeThreaded(w, target, key)) {
            versions.add(e.getKey());
            if (first == null) {
              first = w;
            }
            last = w;
            break;
          }
        }
        if (abiNone.isEmpty()) {
          for (Wheel w : e.getValue()) {
            if (isAbiNonePlatformWheel(w, target, key)) {
              abiNone = Optional.of(e.getKey());
              abiNoneWheel = w;
              break;
            }
          }
        }
      }
      List<Evidence> evidence = new ArrayList<>();
      if (first != null) {
        evidence.add(new Evidence("wheel", first.file().filename(), learned));
        if (last != first) {
          evidence.add(new Evidence("wheel", last.file().filename(), learned));
        }
      } else {
        evidence.add(
            new Evidence(
                "index",
                "no "
                    + target.abiTag()
                    + (target == CompatTarget.CP315T ? "/abi3t" : "")
                    + " wheel for "
                    + key.id()
                    + " among "
                    + fileCount
                    + " files of "
                    + files.size()
                    + " final releases"
                    + (target == CompatTarget.NOGIL39
                        ? " (the fork's own index not consulted)"
                        : ""),
                learned));
      }
      if (abiNoneWheel != null) {
        evidence.add(new Evidence("wheel", abiNoneWheel.file().filename(), learned));
      }
      platforms.put(key, new PlatformStatus(versions, abiNone, evidence));
    }
    return new TargetStatus(platforms, Optional.empty());
  }

  /** The project. */
  public PackageName name() {
    return name;
  }
}
