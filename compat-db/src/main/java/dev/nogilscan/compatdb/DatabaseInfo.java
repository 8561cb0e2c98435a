package dev.nogilscan.compatdb;

import java.time.LocalDate;
import java.util.List;

/**
 * The header of a database snapshot.
 *
 * @param formatVersion the data format's version ({@link CompatDatabase#FORMAT_VERSION})
 * @param version the snapshot's version, e.g. {@code 2026.11.27}, stamped into reports
 * @param date the day the snapshot was built
 * @param command the command that built it
 * @param index the index it was built from
 * @param notes what the builder wants readers to know (probe limits, elapsed time, ...)
 */
public record DatabaseInfo(
    int formatVersion,
    String version,
    LocalDate date,
    String command,
    String index,
    List<String> notes) {
  public DatabaseInfo {
    notes = List.copyOf(notes);
  }
}
