package dev.nogilscan.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compares output with a file under {@code src/test/resources/golden/}; with {@code
 * -Dgolden.update=true} rewrites the file instead (then review the diff and commit it).
 */
final class GoldenFiles {
  static final Path DIR = Path.of("src", "test", "resources", "golden");

  private GoldenFiles() {}

  static boolean updating() {
    return Boolean.parseBoolean(System.getProperty("golden.update", "false"));
  }

  static void check(String name, String actual) throws IOException {
    Path golden = DIR.resolve(name);
    if (updating()) {
      Files.createDirectories(DIR);
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
      return;
    }
    assertThat(golden)
        .as("golden file %s is missing: run the tests with -Dgolden.update=true", golden)
        .exists();
    assertThat(actual)
        .as("output differs from %s (rewrite with -Dgolden.update=true)", golden)
        .isEqualTo(Files.readString(golden, StandardCharsets.UTF_8).replace("\r\n", "\n"));
  }
}
