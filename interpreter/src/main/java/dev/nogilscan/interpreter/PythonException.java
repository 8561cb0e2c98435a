package dev.nogilscan.interpreter;

/**
 * A failure of the run that concerns an interpreter: none found, not free-threaded, unusable, or a
 * provisioning build that failed. The CLI maps it to exit code 3 (environment error).
 */
public class PythonException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PythonException(String message) {
    super(message);
  }

  public PythonException(String message, Throwable cause) {
    super(message, cause);
  }
}
