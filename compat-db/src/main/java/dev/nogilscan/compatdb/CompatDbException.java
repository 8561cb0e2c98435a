package dev.nogilscan.compatdb;

/**
 * A database snapshot or a project override file is malformed. The message names the file, the JSON
 * path inside it (e.g. {@code $.packages.numpy.targets.3.13t}) and what was expected.
 */
public final class CompatDbException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String file;
  private final String path;

  public CompatDbException(String file, String path, String problem) {
    super(file + ": " + path + ": " + problem);
    this.file = file;
    this.path = path;
  }

  public CompatDbException(String file, String path, String problem, Throwable cause) {
    super(file + ": " + path + ": " + problem, cause);
    this.file = file;
    this.path = path;
  }

  /** The file, as given to the loader. */
  public String file() {
    return file;
  }

  /** The JSON path of the problem, {@code $} for the whole document. */
  public String path() {
    return path;
  }
}
