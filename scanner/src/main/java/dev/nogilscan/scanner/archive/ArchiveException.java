package dev.nogilscan.scanner.archive;

/**
 * An archive that cannot be read safely: corrupt, truncated, hostile (path traversal, links, bombs)
 * or over a limit. Becomes that package's {@code skipped} verdict, never a crash.
 */
public final class ArchiveException extends Exception {
  private static final long serialVersionUID = 1L;

  public ArchiveException(String message) {
    super(message);
  }

  public ArchiveException(String message, Throwable cause) {
    super(message, cause);
  }
}
