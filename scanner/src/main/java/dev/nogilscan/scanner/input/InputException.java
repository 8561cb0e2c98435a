package dev.nogilscan.scanner.input;

/**
 * An input the user gave cannot be read or has a syntax error. A failure of the run: the CLI maps
 * it to exit code 2. The message names the file and line, and for syntax errors shows the line with
 * a caret under the problem.
 */
public final class InputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InputException(String message) {
    super(message);
  }

  public InputException(String message, Throwable cause) {
    super(message, cause);
  }
}
