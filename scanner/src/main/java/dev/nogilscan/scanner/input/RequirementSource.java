package dev.nogilscan.scanner.input;

import java.nio.file.Path;
import java.util.List;

/** One kind of input that lists requirements (requirements.txt, pyproject.toml, lock files). */
public interface RequirementSource {
  /** The name used with {@code --input-format}, e.g. {@code requirements}. */
  String name();

  /** True when a file with this name is of this kind (auto-detection). */
  boolean detects(Path file);

  /**
   * Reads every requirement of the file, in file order.
   *
   * @param display how the file is named in origins and messages (as the user gave it)
   * @throws InputException when the file cannot be read or has a syntax error
   */
  List<InputRequirement> read(Path file, String display);
}
