package dev.nogilscan.scanner.input;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A TOML or JSON input: its tree, and its lines for finding where an entry was written (origins
 * keep {@code file:line}). Syntax errors become {@link InputException}s with the line and a caret.
 */
final class StructuredText {
  private static final TomlMapper TOML = new TomlMapper();
  private static final ObjectMapper JSON = new ObjectMapper();

  final String display;
  final JsonNode root;
  final List<String> lines;

  private StructuredText(String display, JsonNode root, List<String> lines) {
    this.display = display;
    this.root = root;
    this.lines = lines;
  }

  static StructuredText toml(Path file, String display, String what) {
    return parse(file, display, what, TOML, "TOML");
  }

  static StructuredText json(Path file, String display, String what) {
    return parse(file, display, what, JSON, "JSON");
  }

  private static StructuredText parse(
      Path file, String display, String what, ObjectMapper mapper, String syntax) {
    String text = TextFiles.text(file, display, what);
    List<String> lines = List.of(text.split("\r?\n", -1));
    JsonNode root;
    try {
      root = mapper.readTree(text);
    } catch (JsonProcessingException e) {
      throw syntaxError(display, lines, e, syntax);
    }
    if (root == null || !root.isObject()) {
      throw new InputException(
          display
              + ":1: expected a "
              + syntax
              + " "
              + (syntax.equals("JSON") ? "object" : "table")
              + " but found "
              + (root == null || root.isMissingNode()
                  ? "nothing"
                  : root.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
    }
    return new StructuredText(display, root, lines);
  }

  private static InputException syntaxError(
      String display, List<String> lines, JsonProcessingException e, String syntax) {
    JsonLocation at = e.getLocation();
    int line = at == null ? -1 : at.getLineNr();
    int column = at == null ? -1 : at.getColumnNr();
    String what = e.getOriginalMessage();
    // Jackson's messages carry a second line of parser state; the first says what it saw
    what = what == null ? "invalid " + syntax : what.lines().findFirst().orElse(what).strip();
    StringBuilder msg = new StringBuilder(display);
    if (line >= 1) {
      msg.append(':').append(line);
    }
    msg.append(": invalid ").append(syntax).append(": ").append(what);
    if (line >= 1 && line <= lines.size()) {
      String source = lines.get(line - 1);
      msg.append('\n').append(source);
      if (column >= 1 && column <= source.length() + 1) {
        msg.append('\n').append(" ".repeat(column - 1)).append('^');
      }
    }
    return new InputException(msg.toString(), e);
  }

  /** {@code display:line}. */
  String origin(int line) {
    return display + ":" + line;
  }

  /** The first line at or after {@code from} (1-based) that matches, or empty. */
  Optional<Integer> find(int from, Predicate<String> test) {
    for (int i = Math.max(1, from); i <= lines.size(); i++) {
      if (test.test(lines.get(i - 1))) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  /**
   * The line of the TOML table header {@code [a.b]} (or {@code [[a.b]]}), spaces and quotes
   * ignored.
   */
  Optional<Integer> header(String dotted) {
    return find(
        1,
        l -> {
          String s = l.strip();
          if (!s.startsWith("[")) {
            return false;
          }
          int end = s.lastIndexOf(']');
          if (end < 0) {
            return false;
          }
          String inner = s.substring(0, end + 1).replaceAll("[\\s\"']", "");
          return inner.equals("[" + dotted + "]") || inner.equals("[[" + dotted + "]]");
        });
  }

  /** The 1-based lines of every {@code [[name]]} header, in order. */
  List<Integer> arrayHeaders(String name) {
    Pattern p = Pattern.compile("^\\s*\\[\\[\\s*" + Pattern.quote(name) + "\\s*\\]\\]\\s*(#.*)?$");
    List<Integer> out = new java.util.ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (p.matcher(lines.get(i)).matches()) {
        out.add(i + 1);
      }
    }
    return out;
  }

  /**
   * The origin ({@code file:line}) of each of the {@code count} entries of a {@code [[name]]}
   * array: the line of its {@code name =} key, else of its header, else line 1.
   */
  List<String> entryOrigins(String name, int count) {
    List<Integer> headers = arrayHeaders(name);
    List<String> out = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      int header = i < headers.size() ? headers.get(i) : 1;
      out.add(origin(key(header, "name").orElse(header)));
    }
    return out;
  }

  /** A line at or after {@code from} holding {@code key =} (bare or quoted key), or empty. */
  Optional<Integer> key(int from, String key) {
    Pattern p =
        Pattern.compile(
            "^\\s*(?:"
                + Pattern.quote(key)
                + "|\""
                + Pattern.quote(key)
                + "\"|'"
                + Pattern.quote(key)
                + "')\\s*=.*");
    return find(from, l -> p.matcher(l).matches());
  }

  /** A line at or after {@code from} holding {@code text} as a quoted string, or empty. */
  Optional<Integer> quoted(int from, String text) {
    return find(from, l -> l.contains("\"" + text + "\"") || l.contains("'" + text + "'"))
        .or(() -> find(from, l -> l.contains(text)));
  }
}
