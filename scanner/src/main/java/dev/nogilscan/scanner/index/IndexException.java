package dev.nogilscan.scanner.index;

/**
 * The index cannot be used at all (unreachable, refused, or not allowed by the transport rules). A
 * failure of the run: the CLI maps it to exit code 3.
 */
public final class IndexException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public IndexException(String message) {
    super(message);
  }

  public IndexException(String message, Throwable cause) {
    super(message, cause);
  }
}
