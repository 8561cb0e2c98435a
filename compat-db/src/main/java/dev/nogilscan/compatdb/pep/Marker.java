package dev.nogilscan.compatdb.pep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A PEP 508 environment marker such as {@code python_version >= "3.13" and sys_platform ==
 * "linux"}.
 *
 * <p>Evaluation follows pypa/packaging 26: for {@code python_version}, {@code python_full_version},
 * {@code implementation_version} and {@code platform_release} the comparison is a PEP 440 specifier
 * check (pre-releases allowed) when the operator and the other side form a valid specifier;
 * otherwise strings are compared ({@code ==}, {@code !=}, {@code in}, {@code not in}; {@code <=}
 * and {@code >=} mean equal, {@code <} and {@code >} are false, {@code ~=} and {@code ===} are
 * undefined). {@code extra} is compared after PEP 685 normalisation; with several extras selected,
 * {@code ==} means membership. {@code extras} (PEP 751) is the set of selected extras and {@code
 * dependency_groups} is empty. Immutable and thread-safe.
 */
public final class Marker {
  /** One side of a comparison: a variable (by its canonical PEP 508 name) or a literal. */
  record Operand(boolean variable, String value) {
    String serialize() {
      if (variable) {
        return value;
      }
      if (value.indexOf('"') < 0) {
        return '"' + value + '"';
      }
      return "'" + value + "'";
    }
  }

  /**
   * {@code lhs op rhs}; {@code versionSpec} is {@code op rhs} read as a PEP 440 specifier when the
   * left side is a version variable and the right a literal (parsed once, not per evaluation).
   */
  record Item(Operand lhs, String op, Operand rhs, Specifier versionSpec) {
    Item(Operand lhs, String op, Operand rhs) {
      this(
          lhs,
          op,
          rhs,
          lhs.variable()
                  && !rhs.variable()
                  && VERSION_VARIABLES.contains(lhs.value())
                  && !op.equals("===")
              ? Specifier.tryParse(op + rhs.value()).orElse(null)
              : null);
    }
  }

  private static final Set<String> VERSION_VARIABLES =
      Set.of("implementation_version", "platform_release", "python_full_version", "python_version");

  // Elements: Item, List<Object> (a parenthesised marker), "and" or "or".
  private final List<Object> expression;
  private final String text;

  private Marker(List<Object> expression) {
    this.expression = normalizeExtras(expression);
    this.text = format(this.expression, true);
  }

  /**
   * Parses a marker expression.
   *
   * @throws PepSyntaxException if it is not a valid PEP 508 marker
   */
  public static Marker parse(String text) {
    return new Marker(new Pep508Parser(text).fullMarker());
  }

  /** Like {@link #parse(String)}, but empty instead of throwing. */
  public static Optional<Marker> tryParse(String text) {
    try {
      return Optional.of(parse(text));
    } catch (PepSyntaxException e) {
      return Optional.empty();
    }
  }

  static Marker of(List<Object> parsed) {
    return new Marker(parsed);
  }

  /**
   * Evaluates with no extra selected ({@code extra == ""}), as for a dependency of the project
   * itself.
   *
   * @throws MarkerEvaluationException if a comparison is undefined
   */
  public boolean evaluate(MarkerEnvironment env) {
    return evaluate(env, Set.of());
  }

  /**
   * Evaluates with the given extras selected (names are normalised first).
   *
   * @throws MarkerEvaluationException if a comparison is undefined
   */
  public boolean evaluate(MarkerEnvironment env, Set<String> extras) {
    if (extras.isEmpty()) {
      return evaluate(expression, env, Set.of());
    }
    Set<String> normalized = new TreeSet<>();
    for (String e : extras) {
      normalized.add(PackageName.normalize(e));
    }
    return evaluate(expression, env, normalized);
  }

  /**
   * Whether the marker mentions the variable {@code extra} (so that it only applies when some extra
   * is selected).
   */
  public boolean mentionsExtra() {
    return mentions(expression, "extra");
  }

  /** Whether the marker mentions {@code variable} (a canonical PEP 508 variable name). */
  boolean mentions(String variable) {
    return mentions(expression, variable);
  }

  @SuppressWarnings("unchecked")
  private static boolean mentions(List<Object> expr, String variable) {
    for (Object o : expr) {
      if (o instanceof Item) {
        Item it = (Item) o;
        if ((it.lhs().variable() && it.lhs().value().equals(variable))
            || (it.rhs().variable() && it.rhs().value().equals(variable))) {
          return true;
        }
      } else if (o instanceof List && mentions((List<Object>) o, variable)) {
        return true;
      }
    }
    return false;
  }

  private static boolean evaluate(List<Object> expr, MarkerEnvironment env, Set<String> extras) {
    // packaging evaluates every item (no short-circuit), so undefined comparisons always surface
    boolean any = false;
    boolean group = true;
    for (Object o : expr) {
      if (o instanceof String) {
        if (o.equals("or")) {
          any |= group;
          group = true;
        }
        continue;
      }
      boolean r;
      if (o instanceof Item) {
        r = evaluate((Item) o, env, extras);
      } else {
        @SuppressWarnings("unchecked")
        List<Object> sub = (List<Object>) o;
        r = evaluate(sub, env, extras);
      }
      group &= r;
    }
    return any | group;
  }

  private static Object lookup(String key, MarkerEnvironment env, Set<String> extras) {
    switch (key) {
      case "extra":
        if (extras.isEmpty()) {
          return "";
        }
        return extras.size() == 1 ? extras.iterator().next() : extras;
      case "extras":
        return extras;
      case "dependency_groups":
        return Set.of();
      default:
        String v = env.get(key);
        if (v == null) {
          throw new MarkerEvaluationException("'" + key + "' is not a marker variable");
        }
        return v;
    }
  }

  private static boolean evaluate(Item item, MarkerEnvironment env, Set<String> extras) {
    String key;
    Object lhs;
    Object rhs;
    if (item.lhs().variable()) {
      key = item.lhs().value();
      lhs = lookup(key, env, extras);
      rhs = item.rhs().value();
    } else {
      key = item.rhs().value();
      lhs = item.lhs().value();
      if (!item.rhs().variable()) {
        throw new MarkerEvaluationException(
            "comparison of two literals names no variable: " + item.rhs().serialize());
      }
      rhs = lookup(key, env, extras);
      if (key.equals("extra") && rhs instanceof Set) {
        return extraSet((Set<?>) rhs, item.op(), (String) lhs);
      }
    }
    if (!(lhs instanceof String)) {
      if (key.equals("extra")) {
        return extraSet((Set<?>) lhs, item.op(), (String) rhs);
      }
      throw new MarkerEvaluationException(
          "set-valued marker '" + key + "' can only be used as in '\"name\" in " + key + "'");
    }
    String l = (String) lhs;
    if (key.equals("extras") || key.equals("dependency_groups")) {
      if (!(rhs instanceof Set)) {
        throw new MarkerEvaluationException("marker '" + key + "' must be a set");
      }
      l = PackageName.normalize(l);
      return membership(l, (Set<?>) rhs, item.op());
    }
    if (rhs instanceof Set) {
      return membership(l, (Set<?>) rhs, item.op());
    }
    String r = (String) rhs;
    if (VERSION_VARIABLES.contains(key)) {
      if (item.op().equals("===")) {
        Optional<Specifier> spec = Specifier.tryParse("===" + r);
        if (spec.isPresent()) {
          return l.toLowerCase(Locale.ROOT)
              .equals(spec.get().versionText().toLowerCase(Locale.ROOT));
        }
      } else if (item.versionSpec() != null) {
        Optional<Version> v = Version.tryParse(l);
        return v.isPresent() && item.versionSpec().matches(v.get());
      } else {
        Optional<Specifier> spec = Specifier.tryParse(item.op() + r);
        if (spec.isPresent()) {
          Optional<Version> v = Version.tryParse(l);
          return v.isPresent() && spec.get().matches(v.get());
        }
      }
    }
    switch (item.op()) {
      case "in":
        return r.contains(l);
      case "not in":
        return !r.contains(l);
      case "==":
      case "<=":
      case ">=":
        return l.equals(r);
      case "!=":
        return !l.equals(r);
      case "<":
      case ">":
        return false;
      default:
        throw new MarkerEvaluationException(
            "undefined comparison '" + item.op() + "' on '" + l + "' and '" + r + "'");
    }
  }

  private static boolean membership(String l, Set<?> set, String op) {
    switch (op) {
      case "in":
        return set.contains(l);
      case "not in":
        return !set.contains(l);
      default:
        throw new MarkerEvaluationException("undefined comparison '" + op + "' on a set");
    }
  }

  private static boolean extraSet(Set<?> extras, String op, String literal) {
    switch (op) {
      case "==":
        return extras.contains(literal);
      case "!=":
        return !extras.contains(literal);
      default:
        throw new MarkerEvaluationException("undefined comparison '" + op + "' on extras");
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Object> normalizeExtras(List<Object> expr) {
    List<Object> out = new ArrayList<>(expr.size());
    for (Object o : expr) {
      if (o instanceof List) {
        out.add(normalizeExtras((List<Object>) o));
      } else if (o instanceof Item) {
        Item it = (Item) o;
        Operand l = it.lhs();
        Operand r = it.rhs();
        if (l.variable() && l.value().equals("extra") && !r.variable()) {
          r = new Operand(false, PackageName.normalize(r.value()));
        } else if (r.variable() && r.value().equals("extra") && !l.variable()) {
          l = new Operand(false, PackageName.normalize(l.value()));
        } else if (r.variable()
            && (r.value().equals("extras") || r.value().equals("dependency_groups"))
            && !l.variable()) {
          l = new Operand(false, PackageName.normalize(l.value()));
        }
        out.add(new Item(l, it.op(), r));
      } else {
        out.add(o);
      }
    }
    return Collections.unmodifiableList(out);
  }

  @SuppressWarnings("unchecked")
  private static String format(Object m, boolean first) {
    if (m instanceof Item) {
      Item it = (Item) m;
      return it.lhs().serialize() + " " + it.op() + " " + it.rhs().serialize();
    }
    if (m instanceof String) {
      return (String) m;
    }
    List<Object> list = (List<Object>) m;
    if (list.size() == 1 && !(list.get(0) instanceof String)) {
      return format(list.get(0), first);
    }
    StringBuilder sb = new StringBuilder();
    for (Object o : list) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(format(o, false));
    }
    return first ? sb.toString() : "(" + sb + ")";
  }

  /** The normalised form, as pypa/packaging prints it. */
  @Override
  public String toString() {
    return text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Marker && text.equals(((Marker) o).text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }
}
