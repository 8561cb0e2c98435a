package dev.nogilscan.compatdb;

import dev.nogilscan.compatdb.pep.PackageName;
import java.time.LocalDate;

/**
 * A finding the user accepted for a while ({@code [[suppress]]} in {@code nogil-scan.toml}).
 *
 * @param name the package whose finding is suppressed
 * @param reason why, as the user wrote it
 * @param expires the last day it applies; from the next day on it is expired and reported
 * @param source where it was read, e.g. {@code nogil-scan.toml: $.suppress[1]}
 */
public record Suppression(PackageName name, String reason, LocalDate expires, String source) {
  /** Whether it no longer applies on {@code today}. */
  public boolean isExpired(LocalDate today) {
    return today.isAfter(expires);
  }
}
