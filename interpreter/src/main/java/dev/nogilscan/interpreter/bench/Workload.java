package dev.nogilscan.interpreter.bench;

/**
 * One workload of the suite, as the suite script lists it.
 *
 * @param name identifier, e.g. {@code nbody}
 * @param kind whether it runs on one thread, on N threads, or is the user's own script
 * @param description one line for tables
 */
public record Workload(String name, Kind kind, String description) {

  /** How a workload uses threads. */
  public enum Kind {
    /** Runs on the main thread only: measures the single-thread cost of the build. */
    SINGLE,
    /** Divides a fixed amount of work among 1, 2, 4 … N threads: measures scaling. */
    MULTI,
    /** The user's script ({@code --bench-script}), run as {@code __main__} on the main thread. */
    USER;

    /** The word the suite script uses. */
    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The kind for the suite script's word. */
    public static Kind parse(String id) {
      return valueOf(id.toUpperCase(java.util.Locale.ROOT));
    }
  }
}
