package dev.nogilscan.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nogilscan.scanner.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runs the CLI in-process with a controlled environment and captures what it printed. */
record Cli(int exitCode, String out, String err) {
  static Cli run(Map<String, String> env, Path home, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err), env, home);
    return new Cli(code, out.toString(), err.toString());
  }

  static Map<String, String> env(Path home, String... extra) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", "/usr/bin:/bin");
    env.put("HOME", home.toString());
    env.put("SOURCE_DATE_EPOCH", "1767225600");
    for (int i = 0; i + 1 < extra.length; i += 2) {
      env.put(extra[i], extra[i + 1]);
    }
    return env;
  }

  /** The JSON report's packages by name. */
  static Map<String, JsonNode> packages(Path json) throws IOException {
    JsonNode root = new ObjectMapper().readTree(Files.readString(json));
    Map<String, JsonNode> byName = new LinkedHashMap<>();
    root.path("packages").forEach(p -> byName.put(p.path("name").asText(), p));
    return byName;
  }

  /** name -> status, for whole-report comparisons. */
  static Map<String, String> statuses(Path json) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    packages(json).forEach((k, v) -> out.put(k, v.path("status").asText()));
    return out;
  }
}
