package dev.nogilscan.scanner.cli;

/** The exit codes of PRODUCT.md; the only place they are numbered. */
public enum ExitCode {
  /** The scan completed and nothing reached the {@code --fail-on} level. */
  OK(0),
  /** The scan completed and at least one package reached the {@code --fail-on} level. */
  FINDINGS(1),
  /** Usage or input error. */
  USAGE(2),
  /** Environment error: index unreachable, interpreter missing or not free-threaded. */
  ENVIRONMENT(3),
  /** Internal error (a bug). */
  INTERNAL(4);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
