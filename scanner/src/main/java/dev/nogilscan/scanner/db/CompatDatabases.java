package dev.nogilscan.scanner.db;

import dev.nogilscan.compatdb.CompatDatabase;
import dev.nogilscan.compatdb.CompatDbException;
import dev.nogilscan.scanner.cache.CacheDirectory;
import dev.nogilscan.scanner.input.InputException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which compat-db snapshot a command uses, and with which overrides: {@code --db FILE}, else the
 * snapshot {@code db update} wrote into the cache directory, else the bundled one; plus the
 * overrides of {@code --project FILE}, else of {@code nogil-scan.toml} in the working directory
 * when present.
 */
public final class CompatDatabases {
  private CompatDatabases() {}

  /** Where {@code db update} writes by default. */
  public static Path cached(CacheDirectory cache) {
    return cache.root().resolve("compat-db").resolve("compat-db.json");
  }

  /**
   * The snapshot in effect, with overrides.
   *
   * @throws InputException when a given file is missing or malformed (the message names the file
   *     and the path inside it)
   */
  public static CompatDatabase resolve(
      Optional<Path> db, Optional<Path> project, CacheDirectory cache, Path workingDirectory) {
    CompatDatabase base;
    try {
      if (db.isPresent()) {
        if (!Files.isRegularFile(db.get())) {
          throw new InputException("--db " + db.get() + ": no such file");
        }
        base = CompatDatabase.load(db.get());
      } else if (Files.isRegularFile(cached(cache))) {
        base = CompatDatabase.load(cached(cache));
      } else {
        base = CompatDatabase.load();
      }
      Optional<Path> projectFile =
          project.or(
              () ->
                  Optional.of(workingDirectory.resolve(ProjectFile.DEFAULT_NAME))
                      .filter(Files::isRegularFile));
      if (project.isPresent() && !Files.isRegularFile(project.get())) {
        throw new InputException("--project " + project.get() + ": no such file");
      }
      return projectFile.map(p -> base.withOverrides(ProjectFile.read(p))).orElse(base);
    } catch (CompatDbException e) {
      throw new InputException(e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new InputException(e.getMessage() + ": " + e.getCause().getMessage(), e);
    }
  }

  /** A description for headers: {@code compat-db 2026.11.27 (2026-11-27, 512 packages)}. */
  public static String describe(CompatDatabase db) {
    return "compat-db "
        + db.version()
        + " ("
        + db.date()
        + ", "
        + db.packages().size()
        + " packages)";
  }
}
