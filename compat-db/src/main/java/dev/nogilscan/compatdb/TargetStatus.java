package dev.nogilscan.compatdb;

import java.util.Map;
import java.util.Optional;

/**
 * What is known about a package for one target.
 *
 * @param platforms per platform family; a family without an entry was not examined
 * @param probe the import probe of the newest free-threaded wheel on linux-x86_64, when one ran
 */
public record TargetStatus(
    Map<PlatformKey, PlatformStatus> platforms, Optional<ProbeFinding> probe) {
  public TargetStatus {
    platforms = Map.copyOf(platforms);
  }
}
