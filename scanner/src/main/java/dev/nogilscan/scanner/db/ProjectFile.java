package dev.nogilscan.scanner.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.nogilscan.compatdb.Overrides;
import dev.nogilscan.scanner.input.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project file {@code nogil-scan.toml}: its {@code [[override]]} and {@code [[suppress]]}
 * tables (format in {@link Overrides}). Malformed files fail with {@link
 * dev.nogilscan.compatdb.CompatDbException} (path inside the file) or {@link InputException} (TOML
 * syntax, with line and column).
 */
public final class ProjectFile {
  /** The name looked for in the working directory. */
  public static final String DEFAULT_NAME = "nogil-scan.toml";

  private ProjectFile() {}

  /**
   * Reads the overrides of a project file.
   *
   * @throws InputException when it cannot be read or is not TOML
   * @throws dev.nogilscan.compatdb.CompatDbException when a table is malformed
   */
  public static Overrides read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new InputException("cannot read " + file + ": " + e.getMessage(), e);
    }
    JsonNode tree;
    try {
      tree = new TomlMapper().readTree(text);
    } catch (IOException e) {
      String where =
          e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                  && j.getLocation() != null
              ? ":" + j.getLocation().getLineNr() + ":" + j.getLocation().getColumnNr()
              : "";
      String msg =
          e instanceof com.fasterxml.jackson.core.JsonProcessingException j
              ? j.getOriginalMessage()
              : e.getMessage();
      throw new InputException(file + where + ": not valid TOML: " + msg, e);
    }
    if (tree == null || tree.isMissingNode()) {
      return Overrides.fromTree(new TomlMapper().createObjectNode(), file.toString());
    }
    return Overrides.fromTree(tree, file.toString());
  }
}
