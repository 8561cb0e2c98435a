package dev.nogilscan.interpreter.probe;

import java.time.Duration;

/**
 * What a probe does beyond importing each top-level import name once.
 *
 * @param deep also import submodules ({@code --deep}): breadth first through {@code
 *     pkgutil.iter_modules}, skipping {@code __main__}, {@code test}, {@code tests}, {@code
 *     testing}, {@code conftest} and {@code setup}; failures there are reported in {@link
 *     DeepImport} and do not change the outcome, but a submodule that re-enables the GIL, crashes
 *     or hangs does
 * @param deepLimit at most this many submodules per distribution
 * @param deepTime stop starting new submodule imports after this long, per distribution
 * @param threadsSmoke when positive ({@code --threads-smoke N}), after importing, import every
 *     top-level module again and read its public attributes ({@code dir()} and {@code __all__}, so
 *     lazy PEP 562 attributes are created) from N threads released at once; reported in {@link
 *     ThreadsSmoke}, never in the outcome
 */
public record ProbeOptions(boolean deep, int deepLimit, Duration deepTime, int threadsSmoke) {
  /** Top-level imports only, no threads. */
  public static final ProbeOptions DEFAULT =
      new ProbeOptions(false, 200, Duration.ofSeconds(30), 0);

  public ProbeOptions {
    if (deepLimit < 0 || threadsSmoke < 0 || threadsSmoke > 64) {
      throw new IllegalArgumentException(
          "deepLimit must be >= 0 and threadsSmoke within 0..64: "
              + deepLimit
              + ", "
              + threadsSmoke);
    }
  }

  public ProbeOptions withDeep(int limit, Duration time) {
    return new ProbeOptions(true, limit, time, threadsSmoke);
  }

  public ProbeOptions withThreadsSmoke(int threads) {
    return new ProbeOptions(deep, deepLimit, deepTime, threads);
  }
}
