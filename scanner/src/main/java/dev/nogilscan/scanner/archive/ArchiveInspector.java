package dev.nogilscan.scanner.archive;

import java.nio.file.Path;

/** Reads one kind of distribution archive by streaming, never extracting it. */
public interface ArchiveInspector {
  /** True when this inspector reads files with this name. */
  boolean accepts(String filename);

  /**
   * @throws ArchiveException when the archive is corrupt, hostile or over a limit
   */
  Inspection inspect(Path archive, String filename) throws ArchiveException;

  /**
   * Everything besides the archive's bytes and its file name that {@link #inspect} depends on (its
   * limits, …), as one line: two inspectors of one class with equal settings return equal
   * inspections of the same file. A cached inspection is reused only under the same settings.
   */
  String settings();
}
