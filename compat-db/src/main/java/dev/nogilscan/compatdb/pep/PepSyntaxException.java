package dev.nogilscan.compatdb.pep;

/**
 * An invalid string given to one of the Python packaging standards parsers of this package (PEP 440
 * versions and specifiers, PEP 508 requirements and markers, PEP 503 names, PEP 427 and sdist
 * filenames, PEP 425 tags, target descriptions).
 *
 * <p>Every parser in this package throws this one type, and only this type, for invalid input. The
 * message has three lines: {@code "expected <what> at position <n>"}, the input itself, and a caret
 * line with {@code ^} under the first offending character (position {@code input().length()} means
 * the input ended too early).
 */
public final class PepSyntaxException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String input;
  private final int position;
  private final String expected;

  /**
   * @param expected what the parser expected, e.g. {@code "a version after '=='"}
   * @param input the whole string being parsed
   * @param position zero-based index of the first offending character, between 0 and {@code
   *     input.length()} inclusive
   */
  public PepSyntaxException(String expected, String input, int position) {
    super((String) null);
    this.input = input;
    this.position = Math.max(0, Math.min(position, input.length()));
    this.expected = expected;
  }

  /** The three-line message (built on first use: parsers that try alternatives stay cheap). */
  @Override
  public String getMessage() {
    return format(expected, input, position);
  }

  /** The whole string that failed to parse. */
  public String input() {
    return input;
  }

  /** Zero-based index of the first offending character ({@code input().length()} at the end). */
  public int position() {
    return position;
  }

  /** What the parser expected at {@link #position()}, without the position. */
  public String expected() {
    return expected;
  }

  static String format(String expected, String input, int position) {
    int pos = Math.max(0, Math.min(position, input.length()));
    StringBuilder caret = new StringBuilder(pos + 1);
    for (int i = 0; i < pos; i++) {
      // keep tabs so the caret stays under the character in a terminal
      caret.append(input.charAt(i) == '\t' ? '\t' : ' ');
    }
    caret.append('^');
    return "expected " + expected + " at position " + pos + "\n" + input + "\n" + caret;
  }
}
