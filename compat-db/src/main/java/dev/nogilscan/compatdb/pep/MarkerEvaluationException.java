package dev.nogilscan.compatdb.pep;

/**
 * A syntactically valid PEP 508 marker that cannot be evaluated: an operator the spec leaves
 * undefined for its operands (e.g. {@code ~=} on {@code os_name}, or {@code <} on a set of extras)
 * or a comparison of two literals, which names no variable.
 */
public final class MarkerEvaluationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  MarkerEvaluationException(String message) {
    super(message);
  }
}
