package dev.nogilscan.scanner.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The index settings of pip's configuration ({@code [global]} and {@code [install]} sections of
 * {@code $PIP_CONFIG_FILE}, else {@code /etc/pip.conf}, {@code ~/.pip/pip.conf} and {@code
 * ~/.config/pip/pip.conf}, later files overriding earlier ones), used when no flag names an index.
 */
public record PipConfig(
    Optional<String> indexUrl,
    List<String> extraIndexUrls,
    List<String> trustedHosts,
    List<String> findLinks) {

  public static PipConfig load(Map<String, String> env, Path home) {
    List<Path> files = new ArrayList<>();
    String explicit = env.get("PIP_CONFIG_FILE");
    if (explicit != null && !explicit.isBlank()) {
      if (explicit.equals("os.devnull") || explicit.equals("/dev/null")) {
        return new PipConfig(Optional.empty(), List.of(), List.of(), List.of());
      }
      files.add(Path.of(explicit));
    } else {
      files.add(Path.of("/etc/pip.conf"));
      files.add(home.resolve(".pip/pip.conf"));
      files.add(
          Path.of(env.getOrDefault("XDG_CONFIG_HOME", home.resolve(".config").toString()))
              .resolve("pip/pip.conf"));
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (Path f : files) {
      if (Files.isRegularFile(f)) {
        try {
          values.putAll(parse(Files.readString(f)));
        } catch (IOException e) {
          // an unreadable pip.conf is ignored, as pip does with a warning
        }
      }
    }
    return new PipConfig(
        Optional.ofNullable(values.get("index-url")),
        split(values.get("extra-index-url")),
        split(values.get("trusted-host")),
        split(values.get("find-links")));
  }

  /** The index keys of the global and install sections, values with continuation lines joined. */
  static Map<String, String> parse(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    String section = "";
    String key = null;
    for (String raw : text.split("\r?\n")) {
      String line = raw.stripTrailing();
      if (line.isBlank() || line.strip().startsWith("#") || line.strip().startsWith(";")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        section = line.substring(1, line.length() - 1).strip();
        key = null;
        continue;
      }
      boolean relevant = section.equals("global") || section.equals("install");
      if (Character.isWhitespace(raw.charAt(0)) && key != null) {
        if (relevant) {
          out.merge(key, line.strip(), (a, b) -> (a + " " + b).strip());
        }
        continue;
      }
      int eq = line.indexOf('=') >= 0 ? line.indexOf('=') : line.indexOf(':');
      if (eq < 0) {
        continue;
      }
      key = line.substring(0, eq).strip().replace('_', '-');
      if (relevant) {
        out.put(key, line.substring(eq + 1).strip());
      }
    }
    return out;
  }

  private static List<String> split(String value) {
    return value == null || value.isBlank() ? List.of() : List.of(value.strip().split("\\s+"));
  }
}
