package dev.nogilscan.scanner.archive;

import java.util.ArrayList;
import java.util.List;

/**
 * How a wheel's {@code RECORD} (PEP 376/427) matches the files the wheel carries, checked member by
 * member while streaming (one buffer, never a whole file in memory).
 *
 * @param present false when the wheel has no {@code *.dist-info/RECORD} at all
 * @param unlisted files in the archive that RECORD does not name (RECORD itself and its {@code
 *     .jws}/{@code .p7s} signatures excepted)
 * @param missing paths RECORD names that the archive does not contain
 * @param unhashed files RECORD names without a hash
 * @param mismatched files whose content differs from RECORD: {@code path: sha256 differs}, {@code
 *     path: 120 bytes, RECORD says 100}, {@code path: unsupported hash md5}
 */
public record RecordCheck(
    boolean present,
    List<String> unlisted,
    List<String> missing,
    List<String> unhashed,
    List<String> mismatched) {
  private static final int SHOWN = 3;

  public RecordCheck {
    unlisted = List.copyOf(unlisted);
    missing = List.copyOf(missing);
    unhashed = List.copyOf(unhashed);
    mismatched = List.copyOf(mismatched);
  }

  /** The check of a wheel without a RECORD. */
  public static RecordCheck absent() {
    return new RecordCheck(false, List.of(), List.of(), List.of(), List.of());
  }

  /** True when RECORD is present and names exactly the files, each with its hash. */
  public boolean matches() {
    return present
        && unlisted.isEmpty()
        && missing.isEmpty()
        && unhashed.isEmpty()
        && mismatched.isEmpty();
  }

  /**
   * True when a file's content differs from what RECORD says: the wheel was modified after it was
   * built (or is corrupt), and is not installed for a probe.
   */
  public boolean contentDiffers() {
    return !mismatched.isEmpty();
  }

  /** One line for the report, e.g. {@code RECORD does not match: 2 files differ (a.py: …)}. */
  public String describe() {
    if (!present) {
      return "no RECORD: the wheel does not list its files and their hashes (PEP 427 requires it)";
    }
    if (matches()) {
      return "RECORD matches every file (sizes and hashes)";
    }
    List<String> parts = new ArrayList<>();
    add(parts, mismatched, "file differs from RECORD", "files differ from RECORD");
    add(parts, unlisted, "file not listed in RECORD", "files not listed in RECORD");
    add(
        parts,
        missing,
        "RECORD entry missing from the archive",
        "RECORD entries missing from the archive");
    add(parts, unhashed, "file listed without a hash", "files listed without a hash");
    return "RECORD does not match the files: " + String.join("; ", parts);
  }

  private static void add(List<String> parts, List<String> items, String one, String many) {
    if (items.isEmpty()) {
      return;
    }
    String shown = String.join(", ", items.subList(0, Math.min(SHOWN, items.size())));
    parts.add(
        items.size()
            + " "
            + (items.size() == 1 ? one : many)
            + " ("
            + shown
            + (items.size() > SHOWN ? ", …" : "")
            + ")");
  }
}
