package dev.nogilscan.scanner.resolve;

/**
 * The requirements cannot be satisfied together on the target. The message says which requirements
 * disagree and from which lines; the CLI maps it to exit code 2.
 */
public final class ResolutionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ResolutionException(String message) {
    super(message);
  }
}
