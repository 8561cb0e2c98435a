package dev.nogilscan.interpreter.process;

/** Helpers for presenting captured output in one-line messages. */
public final class ProcessOutput {
  private ProcessOutput() {}

  /** The last {@code lines} non-empty lines of {@code text}, joined by {@code \n}. */
  public static String tail(String text, int lines) {
    String[] all = text.strip().split("\n");
    int from = Math.max(0, all.length - lines);
    StringBuilder out = new StringBuilder();
    for (int i = from; i < all.length; i++) {
      if (out.length() > 0) {
        out.append('\n');
      }
      out.append(all[i].stripTrailing());
    }
    return out.toString();
  }
}
