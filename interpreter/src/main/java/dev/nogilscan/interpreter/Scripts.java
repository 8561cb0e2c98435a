package dev.nogilscan.interpreter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The Python scripts this module runs, kept as resources beside its classes. */
public final class Scripts {
  private Scripts() {}

  /**
   * The text of a bundled script.
   *
   * @throws IllegalStateException when the resource is missing (a packaging bug)
   */
  public static String load(String name) {
    try (InputStream in = Scripts.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("bundled script missing: " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read bundled script " + name, e);
    }
  }
}
