package dev.nogilscan.compatdb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nogilscan.compatdb.pep.PackageName;
import dev.nogilscan.compatdb.pep.PepSyntaxException;
import dev.nogilscan.compatdb.pep.SpecifierSet;
import dev.nogilscan.compatdb.pep.Version;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a Jackson tree while tracking the JSON path, so that every problem is reported as {@code
 * file: $.path: expected ... but found ...}.
 */
final class JsonReader {
  private final String file;
  // Snapshots repeat the same dates and versions thousands of times; parse each text once.
  private final Map<String, LocalDate> dates;
  private final Map<String, Version> versions;

  JsonReader(String file) {
    this(file, new HashMap<>(), new HashMap<>());
  }

  /**
   * A reader sharing its caches of parsed dates and versions with others (thread-safe maps when the
   * readers run on several threads).
   */
  JsonReader(String file, Map<String, LocalDate> dates, Map<String, Version> versions) {
    this.file = file;
    this.dates = dates;
    this.versions = versions;
  }

  At root(JsonNode node) {
    return new At(node, "$");
  }

  /**
   * The member {@code key} of the object at {@code parentPath}, read on its own: its path and
   * messages are those it has when read from the whole document.
   */
  At member(String parentPath, String key, JsonNode value) {
    return new At(null, parentPath).child(key, value);
  }

  /** A node and its path (built only when a message needs it). */
  final class At {
    private final JsonNode node;
    private final At parent;
    // The last step of the path: the whole path at the root, else a key, else an array index.
    // Kept raw, as a snapshot has ~100,000 nodes and messages need the path of one.
    private final String key;
    private final int index;

    At(JsonNode node, String path) {
      this(node, null, path, -1);
    }

    private At(JsonNode node, At parent, String key, int index) {
      this.node = node;
      this.parent = parent;
      this.key = key;
      this.index = index;
    }

    String path() {
      if (parent == null) {
        return key;
      }
      String segment =
          key == null ? "[" + index + "]" : plainKey(key) ? "." + key : "['" + key + "']";
      return parent.path() + segment;
    }

    CompatDbException fail(String problem) {
      return new CompatDbException(file, path(), problem);
    }

    private CompatDbException expected(String what) {
      return fail("expected " + what + " but found " + describe(node));
    }

    At object() {
      if (!node.isObject()) {
        throw expected("an object");
      }
      return this;
    }

    List<At> array() {
      if (!node.isArray()) {
        throw expected("an array");
      }
      List<At> out = new ArrayList<>();
      for (int i = 0; i < node.size(); i++) {
        out.add(new At(node.get(i), this, null, i));
      }
      return out;
    }

    /** The members of an object, in document order. */
    List<Map.Entry<String, At>> members() {
      object();
      List<Map.Entry<String, At>> out = new ArrayList<>();
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        out.add(Map.entry(e.getKey(), child(e.getKey(), e.getValue())));
      }
      return out;
    }

    void allowOnly(String... keys) {
      Iterator<String> names = node.fieldNames();
      while (names.hasNext()) {
        String n = names.next();
        if (!Arrays.asList(keys).contains(n)) {
          Set<String> allowed = new LinkedHashSet<>(Arrays.asList(keys));
          throw child(n, node.get(n))
              .fail("unknown key '" + n + "'; expected one of " + String.join(", ", allowed));
        }
      }
    }

    private At child(String key, JsonNode value) {
      return new At(value, this, key, -1);
    }

    At field(String key) {
      object();
      JsonNode v = node.get(key);
      if (v == null) {
        throw fail("expected the key '" + key + "'");
      }
      return child(key, v);
    }

    /** The member, empty when absent or null. */
    Optional<At> optional(String key) {
      object();
      JsonNode v = node.get(key);
      return v == null || v.isNull() ? Optional.empty() : Optional.of(child(key, v));
    }

    String text() {
      if (!node.isTextual()) {
        throw expected("a string");
      }
      return node.textValue();
    }

    String nonBlankText() {
      String t = text();
      if (t.isBlank()) {
        throw fail("expected a non-empty string");
      }
      return t;
    }

    String oneOf(String... values) {
      String t = text();
      if (!Arrays.asList(values).contains(t)) {
        throw fail("expected one of " + String.join(", ", values) + " but found '" + t + "'");
      }
      return t;
    }

    int integer() {
      if (!node.isIntegralNumber() || !node.canConvertToInt()) {
        throw expected("an integer");
      }
      return node.intValue();
    }

    Version version() {
      String t = text();
      Version v = versions.get(t);
      if (v == null) {
        v =
            Version.tryParse(t)
                .orElseThrow(() -> fail("expected a PEP 440 version but found '" + t + "'"));
        versions.put(t, v);
      }
      return v;
    }

    PackageName packageName() {
      String t = text();
      return PackageName.tryParse(t)
          .orElseThrow(() -> fail("expected a PEP 508 project name but found '" + t + "'"));
    }

    SpecifierSet specifiers() {
      String t = text();
      try {
        return SpecifierSet.parse(t);
      } catch (PepSyntaxException e) {
        throw new CompatDbException(
            file, path(), "expected PEP 440 version specifiers: " + e.getMessage(), e);
      }
    }

    LocalDate date() {
      // A TOML date reaches us as text (Jackson's TOML reader without JavaTimeModule).
      String t = node.isTextual() ? node.textValue() : null;
      if (t == null) {
        throw expected("a date YYYY-MM-DD");
      }
      LocalDate cached = dates.get(t);
      if (cached != null) {
        return cached;
      }
      try {
        LocalDate d = isoDate(t);
        dates.put(t, d);
        return d;
      } catch (DateTimeParseException e) {
        throw fail("expected a date YYYY-MM-DD but found '" + t + "'");
      }
    }
  }

  /**
   * {@link LocalDate#parse} for plain {@code YYYY-MM-DD} without its formatter, whose first use
   * costs a fresh JVM tens of milliseconds; anything else (other shapes, a day the month lacks)
   * goes to {@link LocalDate#parse}, which accepts or refuses it as always.
   */
  static LocalDate isoDate(String t) {
    if (t.length() == 10 && t.charAt(4) == '-' && t.charAt(7) == '-') {
      int year = digits(t, 0, 4);
      int month = digits(t, 5, 7);
      int day = digits(t, 8, 10);
      if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 28) {
        return LocalDate.of(year, month, day);
      }
    }
    return LocalDate.parse(t);
  }

  /** The ASCII digits from {@code from} to {@code to} as a number, -1 when any is not a digit. */
  private static int digits(String t, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  private static boolean plainKey(String key) {
    if (key.isEmpty() || !(Character.isLetter(key.charAt(0)) || key.charAt(0) == '_')) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (!(c < 128 && (Character.isLetterOrDigit(c) || c == '_'))) {
        return false;
      }
    }
    return true;
  }

  static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    if (node.isNull()) {
      return "null";
    }
    if (node.isObject()) {
      return "an object";
    }
    if (node.isArray()) {
      return "an array";
    }
    if (node.isTextual()) {
      String t = node.textValue();
      return "the string '" + (t.length() > 60 ? t.substring(0, 60) + "..." : t) + "'";
    }
    if (node.isBoolean()) {
      return node.asText();
    }
    if (node.isNumber()) {
      return "the number " + node.asText();
    }
    return node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
  }
}
