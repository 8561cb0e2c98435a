package dev.nogilscan.compatdb;

/** The database's summary of a package for one target and platform family. */
public enum Readiness {
  /** Free-threaded wheels exist, and the import probe (when one ran) kept the GIL disabled. */
  FREE_THREADED_WHEELS("free-threaded-wheels"),
  /** Free-threaded wheels exist, but importing the newest one re-enabled the GIL. */
  GIL_REENABLED("gil-reenabled"),
  /** No free-threaded wheel, but platform wheels of ABI {@code none} that the target installs. */
  ABI_NONE_WHEELS("abi-none-wheels"),
  /** No release has a free-threaded wheel for this target and platform. */
  NO_FREE_THREADED_WHEELS("no-free-threaded-wheels"),
  /** The database has the package, but not this target or platform family. */
  NOT_EXAMINED("not-examined"),
  /** The user's project file says it works. */
  KNOWN_GOOD("known-good"),
  /** The user's project file says it does not work. */
  KNOWN_BAD("known-bad");

  private final String id;

  Readiness(String id) {
    this.id = id;
  }

  /** The identifier used in output, e.g. {@code no-free-threaded-wheels}. */
  public String id() {
    return id;
  }
}
