package dev.nogilscan.reports;

import java.util.Arrays;
import java.util.Optional;

/**
 * The verdict on one package (PRODUCT.md, "Verdicts"), with the severity {@code --fail-on} compares
 * against: {@code compatible < skipped = unknown < gil-reenabled < incompatible}.
 */
public enum Status {
  COMPATIBLE("compatible", 0),
  SKIPPED("skipped", 1),
  UNKNOWN("unknown", 1),
  GIL_REENABLED("gil-reenabled", 2),
  INCOMPATIBLE("incompatible", 3);

  private final String id;
  private final int severity;

  Status(String id, int severity) {
    this.id = id;
    this.severity = severity;
  }

  /** The name used in every report and on the command line, e.g. {@code gil-reenabled}. */
  public String id() {
    return id;
  }

  public int severity() {
    return severity;
  }

  /** True when a package with this status fails a gate set at {@code level}. */
  public boolean reaches(Status level) {
    return severity >= level.severity;
  }

  public static Optional<Status> fromId(String id) {
    return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst();
  }

  @Override
  public String toString() {
    return id;
  }
}
