package dev.nogilscan.compatdb.pep;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Recursive-descent parser of PEP 508 dependency specifiers and environment markers, accepting what
 * pypa/packaging's grammar accepts. Grammar (WS is spaces and tabs):
 *
 * <pre>
 * requirement  = WS? NAME WS? extras? WS? (AT WS? URL (WS marker_part?)? | version_many marker_part?) END
 * extras       = '[' WS? (NAME (WS? ',' WS? NAME)*)? WS? ']' WS?
 * version_many = '(' WS? specs WS? ')' WS? | specs        specs = (SPEC (WS? ',' WS? SPEC)* ','?)?
 * marker_part  = ';' marker
 * marker       = atom (('and' | 'or') atom)*
 * atom         = WS? ('(' marker ')' | var WS? op WS? var) WS?
 * var          = VARIABLE | QUOTED_STRING
 * op           = 'in' | 'not' WS 'in' | '===' | '==' | '~=' | '!=' | '<=' | '>=' | '<' | '>'
 * </pre>
 *
 * Not thread-safe; one instance per parse.
 */
final class Pep508Parser {
  static final int MAX_NESTING = 200;

  private static final String[] VARIABLES = {
    "python_full_version",
    "python_version",
    "os_name",
    "os.name",
    "sys_platform",
    "sys.platform",
    "platform_release",
    "platform_system",
    "platform_version",
    "platform.version",
    "platform_machine",
    "platform.machine",
    "platform_python_implementation",
    "platform.python_implementation",
    "python_implementation",
    "implementation_name",
    "implementation_version",
    "extras",
    "extra",
    "dependency_groups",
  };
  private static final String[] OPS = {"===", "==", "~=", "!=", "<=", ">=", "<", ">"};

  final String src;
  int pos;

  /** The set the specifier fast path built, so that the caller need not parse it again. */
  SpecifierSet parsedSpecifier;

  Pep508Parser(String src) {
    this.src = src;
  }

  PepSyntaxException error(String expected) {
    return new PepSyntaxException(expected, src, pos);
  }

  PepSyntaxException error(String expected, int at) {
    return new PepSyntaxException(expected, src, at);
  }

  boolean atEnd() {
    return pos >= src.length();
  }

  boolean at(char c) {
    return pos < src.length() && src.charAt(pos) == c;
  }

  /** {@code [ \t]*}; returns whether anything was consumed. */
  boolean ws() {
    int s = pos;
    while (pos < src.length() && (src.charAt(pos) == ' ' || src.charAt(pos) == '\t')) {
      pos++;
    }
    return pos > s;
  }

  private boolean wordBoundary(int p) {
    boolean before = p > 0 && Text.isPyWordChar(src.charAt(p - 1));
    boolean after = p < src.length() && Text.isPyWordChar(src.charAt(p));
    return before != after;
  }

  /** Matches {@code \bword\b} at the current position and consumes it. */
  private boolean keyword(String word) {
    if (src.startsWith(word, pos) && wordBoundary(pos) && wordBoundary(pos + word.length())) {
      pos += word.length();
      return true;
    }
    return false;
  }

  // ---------------------------------------------------------------- markers

  List<Object> fullMarker() {
    List<Object> m = marker(0);
    if (!atEnd()) {
      throw error("'and', 'or' or end of marker expression");
    }
    return m;
  }

  List<Object> marker(int depth) {
    List<Object> expr = new ArrayList<>(3);
    expr.add(atom(depth));
    while (true) {
      if (keyword("or")) {
        expr.add("or");
      } else if (keyword("and")) {
        expr.add("and");
      } else {
        return expr;
      }
      expr.add(atom(depth));
    }
  }

  private Object atom(int depth) {
    ws();
    Object result;
    if (at('(')) {
      if (depth >= MAX_NESTING) {
        throw error("a marker nested at most " + MAX_NESTING + " levels deep");
      }
      int open = pos;
      pos++;
      result = marker(depth + 1);
      if (!at(')')) {
        throw error("'and', 'or' or ')' to close the '(' at index " + open);
      }
      pos++;
    } else {
      result = item();
    }
    ws();
    return result;
  }

  private Marker.Item item() {
    Marker.Operand lhs = operand();
    ws();
    String op = operator();
    ws();
    Marker.Operand rhs = operand();
    return new Marker.Item(lhs, op, rhs);
  }

  private String operator() {
    if (keyword("in")) {
      return "in";
    }
    if (keyword("not")) {
      if (!ws()) {
        throw error("whitespace after 'not'");
      }
      if (!keyword("in")) {
        throw error("'in' after 'not'");
      }
      return "not in";
    }
    for (String op : OPS) {
      if (src.startsWith(op, pos)) {
        pos += op.length();
        return op;
      }
    }
    throw error("a marker operator (one of <=, <, !=, ==, >=, >, ~=, ===, in, not in)");
  }

  private Marker.Operand operand() {
    if (pos < src.length() && wordBoundary(pos)) {
      for (String v : VARIABLES) {
        if (src.startsWith(v, pos) && wordBoundary(pos + v.length())) {
          pos += v.length();
          String name = v.replace('.', '_');
          if (name.equals("python_implementation")) {
            name = "platform_python_implementation";
          }
          return new Marker.Operand(true, name);
        }
      }
    }
    if (at('\'') || at('"')) {
      char q = src.charAt(pos);
      int close = src.indexOf(q, pos + 1);
      if (close < 0) {
        throw error("a closing " + q + " for the quoted string", src.length());
      }
      String raw = src.substring(pos + 1, close);
      String value = PyString.unquote(raw, src, pos + 1);
      pos = close + 1;
      return new Marker.Operand(false, value);
    }
    throw error("a marker variable (python_version, sys_platform, extra...) or a quoted string");
  }

  // ---------------------------------------------------------------- requirements

  /** Reads {@code \b[a-zA-Z0-9][a-zA-Z0-9._-]*\b}; returns null when there is none. */
  String identifier() {
    if (pos >= src.length() || !PackageName.isAsciiAlnum(src.charAt(pos)) || !wordBoundary(pos)) {
      return null;
    }
    int e = pos + 1;
    while (e < src.length()) {
      char c = src.charAt(e);
      if (PackageName.isAsciiAlnum(c) || c == '.' || c == '_' || c == '-') {
        e++;
      } else {
        break;
      }
    }
    // backtrack to a word boundary, as the regex does
    while (e > pos + 1 && !wordBoundary(e)) {
      e--;
    }
    if (!wordBoundary(e)) {
      return null;
    }
    String id = src.substring(pos, e);
    pos = e;
    return id;
  }

  /** The parts of a requirement, before they are turned into values. */
  record Parts(
      String name,
      int nameAt,
      List<String> extras,
      String specifier,
      String url,
      List<Object> marker) {}

  Parts requirement() {
    ws();
    int nameAt = pos;
    String name = identifier();
    if (name == null) {
      throw error("a package name at the start of the dependency specifier");
    }
    ws();
    List<String> extras = new ArrayList<>(0);
    if (at('[')) {
      int open = pos;
      pos++;
      ws();
      String id = identifier();
      if (id != null) {
        extras.add(id);
        while (true) {
          ws();
          int save = pos;
          if (identifier() != null) {
            pos = save;
            throw error("',' between extra names");
          }
          if (!at(',')) {
            break;
          }
          pos++;
          ws();
          id = identifier();
          if (id == null) {
            throw error("an extra name after ','");
          }
          extras.add(id);
        }
      }
      ws();
      if (!at(']')) {
        throw error("',' or ']' to close the '[' at index " + open);
      }
      pos++;
      ws();
    }
    String specifier = "";
    String url = null;
    List<Object> marker = null;
    if (at('@')) {
      pos++;
      ws();
      int s = pos;
      while (pos < src.length() && !Text.isPyWhitespace(src.charAt(pos))) {
        pos++;
      }
      if (s == pos) {
        throw error("a URL after '@'");
      }
      url = src.substring(s, pos);
      if (atEnd()) {
        return new Parts(name, nameAt, extras, specifier, url, null);
      }
      if (!ws()) {
        throw error("a space or tab after the URL");
      }
      if (atEnd()) {
        return new Parts(name, nameAt, extras, specifier, url, null);
      }
      if (!at(';')) {
        throw error("';' (after the URL and whitespace) or end");
      }
    } else {
      specifier = versionSpec();
      if (atEnd()) {
        return new Parts(name, nameAt, extras, specifier, url, null);
      }
      if (!at(';')) {
        throw error(
            specifier.isEmpty()
                ? "a version specifier, ';' (before a marker) or end"
                : "',' (within the version specifier), ';' (after it) or end");
      }
    }
    pos++;
    marker = marker(0);
    if (!atEnd()) {
      throw error("'and', 'or' or end of the dependency specifier");
    }
    return new Parts(name, nameAt, extras, specifier, url, marker);
  }

  /**
   * {@code '(' WS? specs WS? ')' WS? | specs}; returns the specifier text to hand to SpecifierSet.
   */
  private String versionSpec() {
    if (!at('(')) {
      return specs(false);
    }
    int open = pos;
    pos++;
    ws();
    String s = specs(true);
    ws();
    if (!at(')')) {
      throw error("',' or ')' to close the '(' at index " + open);
    }
    pos++;
    ws();
    return s;
  }

  private static boolean specifierListChar(char c) {
    return c == '\t' || (c >= 0x20 && c <= 0x7e && c != ')' && c != ';');
  }

  /**
   * A comma-separated specifier list. pypa/packaging first tries the whole printable-ASCII run up
   * to {@code ;}, {@code )} or the end as a SpecifierSet (a single trailing comma allowed), then
   * falls back to reading one specifier token at a time; this does the same so both accept the same
   * set.
   */
  private String specs(boolean inParens) {
    if (atEnd()) {
      return "";
    }
    int e = pos;
    while (e < src.length() && specifierListChar(src.charAt(e))) {
      e++;
    }
    if (e > pos && (e == src.length() || src.charAt(e) == ';' || src.charAt(e) == ')')) {
      String text = src.substring(pos, e);
      Optional<SpecifierSet> set = SpecifierSet.tryParse(text);
      if (set.isPresent()) {
        int commas = 0;
        for (int i = 0; i < text.length(); i++) {
          if (text.charAt(i) == ',') {
            commas++;
          }
        }
        int n = set.get().specifiers().size();
        String trimmed = text.strip();
        if (n == commas + 1 || (n > 0 && n == commas && trimmed.endsWith(","))) {
          pos = e;
          parsedSpecifier = set.get();
          return text;
        }
      }
    }
    StringBuilder out = new StringBuilder();
    while (true) {
      int start = pos;
      int end = specifierToken();
      if (end < 0) {
        break;
      }
      out.append(src, start, end);
      pos = end;
      String op = out.length() >= 0 ? src.substring(start, Math.min(start + 3, end)) : "";
      if (src.startsWith(".*", pos)) {
        boolean eq = (op.startsWith("==") && !op.startsWith("===")) || op.startsWith("!=");
        throw error(
            eq
                ? "no '.*' after a pre-, post-, dev-release or local version"
                : "no '.*' here: prefix matching needs '==' or '!='");
      }
      if (at('+') && pos + 1 < src.length() && Text.isAsciiAlnum(src.charAt(pos + 1))) {
        throw error("no local version label: '+...' is only allowed after '==' or '!='");
      }
      ws();
      if (!at(',')) {
        break;
      }
      out.append(',');
      pos++;
      ws();
    }
    String text = out.toString();
    try {
      SpecifierSet.parse(text);
    } catch (PepSyntaxException ex) {
      throw error("a valid version specifier", pos);
    }
    return text;
  }

  /** The end of one specifier token at {@code pos}, as the tokenizer's regex finds it, or -1. */
  private int specifierToken() {
    String op = null;
    for (String candidate : OPS) {
      if (src.startsWith(candidate, pos)) {
        op = candidate;
        break;
      }
    }
    if (op == null) {
      return -1;
    }
    int p = Text.stripStart(src, pos + op.length(), src.length());
    if (op.equals("===")) {
      int s = p;
      while (p < src.length()) {
        char c = src.charAt(p);
        if (c == ';' || c == ')' || Text.isPyWhitespace(c)) {
          break;
        }
        p++;
      }
      return p > s ? p : -1;
    }
    int flags;
    switch (op) {
      case "==":
      case "!=":
        flags = VersionParser.ALLOW_LOCAL | VersionParser.ALLOW_WILDCARD;
        break;
      case "~=":
        flags = VersionParser.MIN_TWO_RELEASE;
        break;
      default:
        flags = 0;
    }
    VersionParser vp =
        VersionParser.forSpecifier(src, p, src.length(), flags | VersionParser.PREFIX, op);
    return vp.parse() == null ? -1 : vp.stop;
  }
}
