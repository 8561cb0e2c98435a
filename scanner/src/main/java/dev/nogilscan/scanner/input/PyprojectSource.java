package dev.nogilscan.scanner.input;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nogilscan.compatdb.pep.PackageName;
import dev.nogilscan.compatdb.pep.PepSyntaxException;
import dev.nogilscan.compatdb.pep.Requirement;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code pyproject.toml}: PEP 621 {@code [project] dependencies}, the {@code optional-dependencies}
 * chosen as extras, PEP 735 {@code [dependency-groups]} chosen as groups (with {@code
 * include-group}), and Poetry's {@code [tool.poetry.dependencies]}, its groups ({@code
 * [tool.poetry.group.NAME.dependencies]}, the legacy {@code dev-dependencies} as group {@code dev})
 * and its extras, with Poetry's {@code ^}/{@code ~} constraints written as PEP 440. Poetry's {@code
 * python} entry is the project's own Python range, not a dependency, and is ignored.
 *
 * <p>Immutable and thread safe.
 */
public final class PyprojectSource implements RequirementSource {
  private final Set<String> extras;
  private final Set<String> groups;

  /** Reads only the base dependencies. */
  public PyprojectSource() {
    this(List.of(), List.of());
  }

  /**
   * @param extras the optional-dependency sets to add ({@code --extra}); each must exist
   * @param groups the dependency groups to add ({@code --group}); each must exist
   */
  public PyprojectSource(List<String> extras, List<String> groups) {
    this.extras = normalized(extras);
    this.groups = normalized(groups);
  }

  private static Set<String> normalized(List<String> names) {
    Set<String> out = new LinkedHashSet<>();
    names.forEach(n -> out.add(PackageName.normalize(n)));
    return out;
  }

  @Override
  public String name() {
    return "pyproject";
  }

  @Override
  public boolean detects(Path file) {
    return file.getFileName().toString().equals("pyproject.toml");
  }

  @Override
  public List<InputRequirement> read(Path file, String display) {
    StructuredText toml = StructuredText.toml(file, display, "pyproject.toml");
    JsonNode root = toml.root;
    JsonNode project = root.path("project");
    JsonNode poetry = root.path("tool").path("poetry");
    List<InputRequirement> out = new ArrayList<>();
    Optional<PackageName> self = LockEntries.text(project, "name").flatMap(PackageName::tryParse);
    Set<String> selfExtras = new LinkedHashSet<>();

    Optional<Integer> projectLine = toml.header("project");
    if (project.isObject()) {
      JsonNode dynamic = project.path("dynamic");
      boolean dynamicDeps = false;
      for (JsonNode d : dynamic) {
        dynamicDeps |= d.asText().equals("dependencies");
      }
      if (dynamicDeps && !project.has("dependencies") && !poetry.has("dependencies")) {
        throw new InputException(
            toml.origin(projectLine.orElse(1))
                + ": [project] dependencies are dynamic (computed by the build backend), expected"
                + " them listed in pyproject.toml; scan a requirements or lock file instead");
      }
      int from = projectLine.orElse(1);
      int at = toml.key(from, "dependencies").orElse(from);
      strings(
          toml, project.path("dependencies"), "[project] dependencies", at, out, self, selfExtras);
    }

    // extras: PEP 621 optional-dependencies, else Poetry's [tool.poetry.extras]
    Map<String, JsonNode> optional = tableByNormalizedName(project.path("optional-dependencies"));
    Map<String, JsonNode> poetryExtras = tableByNormalizedName(poetry.path("extras"));
    Set<String> poetryOptionalChosen = new HashSet<>();
    for (String extra : extras) {
      extra(
          toml,
          extra,
          optional,
          poetryExtras,
          poetryOptionalChosen,
          projectLine,
          self,
          selfExtras,
          out);
    }

    // Poetry 2: with [project] dependencies, [tool.poetry.dependencies] only refines them
    // (sources, develop flags) and adds nothing; before Poetry 2 it is the list itself
    if (poetry.isObject() && !project.has("dependencies")) {
      int from = toml.header("tool.poetry.dependencies").orElse(1);
      poetryTable(toml, poetry.path("dependencies"), from, poetryOptionalChosen, out);
    }

    // groups: PEP 735 [dependency-groups], else Poetry's groups
    Map<String, JsonNode> pep735 = tableByNormalizedName(root.path("dependency-groups"));
    Map<String, JsonNode> poetryGroups = tableByNormalizedName(poetry.path("group"));
    if (poetry.has("dev-dependencies") && !poetryGroups.containsKey("dev")) {
      poetryGroups.put("dev", root.path("tool").path("poetry")); // legacy: dev-dependencies
    }
    for (String group : groups) {
      if (pep735.containsKey(group)) {
        group(toml, pep735, group, new LinkedHashSet<>(), out, self, selfExtras);
      } else if (poetryGroups.containsKey(group)) {
        JsonNode g = poetryGroups.get(group);
        boolean legacy = g == poetry;
        String header = legacy ? "tool.poetry.dev-dependencies" : null;
        Optional<Integer> line = legacy ? toml.header(header) : headerOfGroup(toml, group);
        poetryTable(
            toml,
            legacy ? poetry.path("dev-dependencies") : g.path("dependencies"),
            line.orElse(1),
            Set.of(),
            out);
      } else {
        Set<String> known = new TreeSet<>(pep735.keySet());
        known.addAll(poetryGroups.keySet());
        throw new InputException(
            display
                + ": --group "
                + group
                + ": no such dependency group; expected one of: "
                + (known.isEmpty() ? "(none defined)" : String.join(", ", known)));
      }
    }
    // self references ("demo-app[yaml]") in extras and groups add those extras, once each
    Set<String> done = new HashSet<>(extras);
    for (boolean more = true; more; ) {
      more = false;
      for (String x : List.copyOf(selfExtras)) {
        if (done.add(x)) {
          extra(
              toml,
              x,
              optional,
              poetryExtras,
              poetryOptionalChosen,
              projectLine,
              self,
              selfExtras,
              out);
          more = true;
        }
      }
    }
    return out;
  }

  private static void extra(
      StructuredText toml,
      String extra,
      Map<String, JsonNode> optional,
      Map<String, JsonNode> poetryExtras,
      Set<String> poetryOptionalChosen,
      Optional<Integer> projectLine,
      Optional<PackageName> self,
      Set<String> selfExtras,
      List<InputRequirement> out) {
    String display = toml.display;
    if (optional.containsKey(extra)) {
      int from = toml.header("project.optional-dependencies").or(() -> projectLine).orElse(1);
      int at = keyLine(toml, from, optional, extra);
      strings(
          toml, optional.get(extra), "optional-dependencies " + extra, at, out, self, selfExtras);
    } else if (poetryExtras.containsKey(extra)) {
      poetryExtras
          .get(extra)
          .forEach(n -> poetryOptionalChosen.add(PackageName.normalize(n.asText())));
    } else {
      Set<String> known = new TreeSet<>(optional.keySet());
      known.addAll(poetryExtras.keySet());
      throw new InputException(
          display
              + ": --extra "
              + extra
              + ": no such extra; expected one of: "
              + (known.isEmpty() ? "(none defined)" : String.join(", ", known)));
    }
  }

  private static Optional<Integer> headerOfGroup(StructuredText toml, String group) {
    for (int i = 1; i <= toml.lines.size(); i++) {
      String s = toml.lines.get(i - 1).strip().replaceAll("[\\s\"']", "");
      if (s.startsWith("[tool.poetry.group.") && s.endsWith(".dependencies]")) {
        String name =
            s.substring("[tool.poetry.group.".length(), s.length() - ".dependencies]".length());
        if (PackageName.normalize(name).equals(group)) {
          return Optional.of(i);
        }
      }
    }
    return Optional.empty();
  }

  private static int keyLine(
      StructuredText toml, int from, Map<String, JsonNode> table, String name) {
    for (int i = from; i <= toml.lines.size(); i++) {
      String l = toml.lines.get(i - 1).strip();
      int eq = l.indexOf('=');
      if (eq > 0) {
        String k = l.substring(0, eq).strip().replaceAll("^[\"']|[\"']$", "");
        if (!k.isEmpty() && PackageName.normalize(k).equals(name)) {
          return i;
        }
      }
    }
    return from;
  }

  /** PEP 735: a group's strings and the groups it includes, with cycle detection. */
  private void group(
      StructuredText toml,
      Map<String, JsonNode> groups,
      String name,
      Set<String> stack,
      List<InputRequirement> out,
      Optional<PackageName> self,
      Set<String> selfExtras) {
    int from = toml.header("dependency-groups").orElse(1);
    int at = keyLine(toml, from, groups, name);
    if (!stack.add(name)) {
      throw new InputException(
          toml.origin(at) + ": dependency group " + name + " includes itself (a cycle)");
    }
    JsonNode list = groups.get(name);
    if (!list.isArray()) {
      throw new InputException(
          toml.origin(at)
              + ": dependency group "
              + name
              + ": expected an array but found "
              + kind(list));
    }
    int line = at;
    for (JsonNode item : list) {
      if (item.isTextual()) {
        line = toml.quoted(line, item.asText()).orElse(line);
        InputRequirement in = parse(item.asText(), toml.origin(line));
        if (self.isPresent() && in.requirement().orElseThrow().name().equals(self.get())) {
          selfExtras.addAll(in.requirement().orElseThrow().extras());
        } else {
          out.add(in);
        }
      } else if (item.isObject() && item.has("include-group")) {
        String included = PackageName.normalize(item.path("include-group").asText());
        line = toml.quoted(line, item.path("include-group").asText()).orElse(line);
        if (!groups.containsKey(included)) {
          throw new InputException(
              toml.origin(line)
                  + ": include-group '"
                  + item.path("include-group").asText()
                  + "': no such dependency group; expected one of: "
                  + String.join(", ", new TreeSet<>(groups.keySet())));
        }
        group(toml, groups, included, stack, out, self, selfExtras);
      } else {
        throw new InputException(
            toml.origin(line)
                + ": dependency group "
                + name
                + ": expected a requirement string or {include-group = \"…\"} but found "
                + kind(item));
      }
    }
    stack.remove(name);
  }

  private static void strings(
      StructuredText toml,
      JsonNode list,
      String what,
      int from,
      List<InputRequirement> out,
      Optional<PackageName> self,
      Set<String> selfExtras) {
    if (list.isMissingNode()) {
      return;
    }
    if (!list.isArray()) {
      throw new InputException(
          toml.origin(from)
              + ": "
              + what
              + ": expected an array of strings but found "
              + kind(list));
    }
    int line = from;
    for (JsonNode item : list) {
      if (!item.isTextual()) {
        throw new InputException(
            toml.origin(line)
                + ": "
                + what
                + ": expected a requirement string but found "
                + kind(item));
      }
      line = toml.quoted(line, item.asText()).orElse(line);
      InputRequirement in = parse(item.asText(), toml.origin(line));
      if (self.isPresent() && in.requirement().orElseThrow().name().equals(self.get())) {
        selfExtras.addAll(in.requirement().orElseThrow().extras()); // "demo-app[yaml]": its extra
        continue;
      }
      out.add(in);
    }
  }

  private static InputRequirement parse(String text, String origin) {
    try {
      return InputRequirement.of(text, origin, Requirement.parse(text));
    } catch (PepSyntaxException e) {
      throw new InputException(origin + ": " + e.getMessage(), e);
    }
  }

  /** Poetry's dependency table: {@code name = "constraint"} or a table, or an array of tables. */
  private static void poetryTable(
      StructuredText toml,
      JsonNode table,
      int from,
      Set<String> optionalChosen,
      List<InputRequirement> out) {
    Iterator<Map.Entry<String, JsonNode>> it = table.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      if (name.equalsIgnoreCase("python")) {
        continue; // the project's own Python range
      }
      String origin = toml.origin(toml.key(from, name).orElse(from));
      List<JsonNode> alternatives = new ArrayList<>();
      if (e.getValue().isArray()) {
        e.getValue().forEach(alternatives::add);
      } else {
        alternatives.add(e.getValue());
      }
      for (JsonNode spec : alternatives) {
        poetryDependency(name, spec, origin, optionalChosen).ifPresent(out::add);
      }
    }
  }

  private static Optional<InputRequirement> poetryDependency(
      String name, JsonNode spec, String origin, Set<String> optionalChosen) {
    String constraint;
    List<String> markers = new ArrayList<>();
    String extras = "";
    if (spec.isTextual()) {
      constraint = spec.asText();
    } else if (spec.isObject()) {
      if (spec.path("optional").asBoolean(false)
          && !optionalChosen.contains(PackageName.normalize(name))) {
        return Optional.empty(); // only with an --extra that names it
      }
      for (String kind : List.of("git", "path", "url")) {
        if (spec.has(kind)) {
          String where = spec.path(kind).asText();
          String reason =
              switch (kind) {
                case "git" -> "VCS requirement: not assessed";
                case "path" -> "local path requirement: not assessed";
                default -> "URL requirement: not assessed";
              };
          return Optional.of(InputRequirement.skipped(name + " @ " + where, origin, reason));
        }
      }
      constraint = spec.path("version").asText("*");
      if (spec.has("extras")) {
        List<String> xs = new ArrayList<>();
        spec.path("extras").forEach(x -> xs.add(x.asText()));
        extras = "[" + String.join(",", xs) + "]";
      }
      if (spec.has("python")) {
        try {
          String m = PoetryConstraint.pythonMarker(spec.path("python").asText());
          if (!m.isEmpty()) {
            markers.add(m);
          }
        } catch (IllegalArgumentException ex) {
          throw new InputException(origin + ": python: " + ex.getMessage());
        }
      }
      if (spec.has("markers")) {
        markers.add(spec.path("markers").asText());
      }
      if (spec.has("platform")) {
        markers.add("sys_platform == \"" + spec.path("platform").asText() + "\"");
      }
    } else {
      throw new InputException(
          origin
              + ": "
              + name
              + ": expected a version constraint or a table but found "
              + kind(spec));
    }
    String pep440;
    try {
      pep440 = PoetryConstraint.toPep440(constraint);
    } catch (IllegalArgumentException ex) {
      throw new InputException(origin + ": " + name + ": " + ex.getMessage());
    }
    StringBuilder text = new StringBuilder(name).append(extras);
    if (!pep440.isEmpty()) {
      text.append(pep440);
    }
    if (!markers.isEmpty()) {
      text.append(" ; ");
      text.append(
          markers.size() == 1
              ? markers.get(0)
              : String.join(" and ", markers.stream().map(m -> "(" + m + ")").toList()));
    }
    return Optional.of(parse(text.toString(), origin));
  }

  private static Map<String, JsonNode> tableByNormalizedName(JsonNode table) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    if (table.isObject()) {
      table
          .fields()
          .forEachRemaining(e -> out.put(PackageName.normalize(e.getKey()), e.getValue()));
    }
    return out;
  }

  static String kind(JsonNode n) {
    if (n.isTextual()) {
      return "a string";
    }
    if (n.isNumber()) {
      return "a number";
    }
    if (n.isBoolean()) {
      return "a boolean";
    }
    if (n.isArray()) {
      return "an array";
    }
    if (n.isObject()) {
      return "a table";
    }
    return "nothing";
  }
}
