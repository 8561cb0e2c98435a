package dev.nogilscan.compatdb;

import java.time.LocalDate;
import java.util.Objects;

/**
 * Why the database believes a fact.
 *
 * @param kind {@code wheel} (a file name on the index), {@code index} (what the index lists or
 *     lacks), {@code probe} (an import on a free-threaded interpreter), {@code classifier} (a Trove
 *     classifier in the core metadata), {@code release-note}, {@code override} (the user's project
 *     file)
 * @param detail the file name, probe result or quotation
 * @param learned the day the fact was observed
 */
public record Evidence(String kind, String detail, LocalDate learned) {
  public Evidence {
    Objects.requireNonNull(kind);
    Objects.requireNonNull(detail);
    Objects.requireNonNull(learned);
  }
}
