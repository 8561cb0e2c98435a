package dev.nogilscan.scanner.input;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Poetry's version constraints as PEP 440 specifiers
 * (python-poetry.org/docs/dependency-specification): {@code ^1.2.3} is {@code >=1.2.3,<2.0.0},
 * {@code ^0.2.3} is {@code >=0.2.3,<0.3.0}, {@code ~1.2} is {@code >=1.2,<1.3}, {@code 1.2.*} is
 * {@code ==1.2.*}, a bare version is {@code ==}, {@code *} is no constraint; clauses are separated
 * by commas or spaces.
 */
final class PoetryConstraint {
  private static final Pattern RELEASE = Pattern.compile("^(\\d+(?:\\.\\d+)*)(.*)$");
  private static final Pattern CLAUSE =
      Pattern.compile("\\s*(\\^|~=|~|===|==|!=|>=|<=|>|<)?\\s*([^\\s,]+)");

  private PoetryConstraint() {}

  /**
   * @throws IllegalArgumentException when the constraint cannot be written in PEP 440 (an {@code
   *     ||} union), with why
   */
  static String toPep440(String constraint) {
    String c = constraint.strip();
    if (c.isEmpty() || c.equals("*")) {
      return "";
    }
    if (c.contains("||") || c.contains(" | ")) {
      throw new IllegalArgumentException(
          "'" + constraint + "' is a union (||), which PEP 440 cannot express");
    }
    List<String> out = new ArrayList<>();
    Matcher m = CLAUSE.matcher(c.replace(",", " "));
    while (m.find()) {
      String op = m.group(1) == null ? "" : m.group(1);
      String v = m.group(2);
      switch (op) {
        case "^" -> out.addAll(caret(v, constraint));
        case "~" -> out.addAll(tilde(v, constraint));
        case "" -> out.add(v.equals("*") ? "" : "==" + v);
        default -> out.add(op + v);
      }
    }
    out.removeIf(String::isEmpty);
    return String.join(",", out);
  }

  private static List<Integer> release(String v, String constraint) {
    Matcher m = RELEASE.matcher(v);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "expected a version after ^ or ~ in '" + constraint + "' but found '" + v + "'");
    }
    List<Integer> parts = new ArrayList<>();
    for (String p : m.group(1).split("\\.")) {
      parts.add(Integer.parseInt(p));
    }
    return parts;
  }

  private static List<String> caret(String v, String constraint) {
    List<Integer> r = release(v, constraint);
    int bump = r.size() - 1;
    for (int i = 0; i < r.size(); i++) {
      if (r.get(i) != 0) {
        bump = i;
        break;
      }
    }
    return List.of(">=" + v, "<" + upper(r, bump));
  }

  private static List<String> tilde(String v, String constraint) {
    List<Integer> r = release(v, constraint);
    return List.of(">=" + v, "<" + upper(r, r.size() == 1 ? 0 : 1));
  }

  private static String upper(List<Integer> r, int bump) {
    List<String> parts = new ArrayList<>();
    int length = Math.max(r.size(), bump + 1);
    for (int i = 0; i < length; i++) {
      int p = i < r.size() ? r.get(i) : 0;
      parts.add(String.valueOf(i < bump ? p : i == bump ? p + 1 : 0));
    }
    return String.join(".", parts);
  }

  /**
   * A Poetry {@code python} constraint as a PEP 508 marker, e.g. {@code python_version >= "3.8"}.
   */
  static String pythonMarker(String constraint) {
    String spec = toPep440(constraint);
    if (spec.isEmpty()) {
      return "";
    }
    List<String> clauses = new ArrayList<>();
    for (String clause : spec.split(",")) {
      Matcher m = Pattern.compile("^(===|==|!=|>=|<=|~=|>|<)(.*)$").matcher(clause);
      if (!m.matches()) {
        continue;
      }
      String version = m.group(2);
      String variable =
          version.chars().filter(ch -> ch == '.').count() >= 2
              ? "python_full_version"
              : "python_version";
      clauses.add(variable + " " + m.group(1) + " \"" + version + "\"");
    }
    return String.join(" and ", clauses);
  }
}
