package dev.nogilscan.scanner.input;

import dev.nogilscan.compatdb.pep.PepSyntaxException;
import dev.nogilscan.compatdb.pep.Requirement;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * pip's requirements file format (pip's {@code req_file.py}): one requirement per line, {@code #}
 * comments, {@code \} continuations, {@code ${VAR}} expansion, {@code -r}/{@code --requirement} and
 * {@code -c}/{@code --constraint} includes relative to the including file (with cycle detection),
 * {@code --hash} options collected per line, and the global options pip accepts in a file ({@code
 * --index-url}, {@code --extra-index-url}, {@code --find-links}, {@code --pre} …) collected into
 * {@link IndexOptions}. Editable and VCS/URL lines are kept as skipped entries with the reason; an
 * option pip does not accept in a file is an error, as in pip.
 *
 * <p>Immutable and thread safe.
 */
public final class RequirementsTxtSource implements RequirementSource {
  static final long MAX_BYTES = TextFiles.MAX_BYTES;
  private static final Pattern COMMENT = Pattern.compile("(?:^|\\s)#");
  // pip only expands the ${VAR} form, with upper-case names, so that '$' in URLs survives
  private static final Pattern ENV_VAR = Pattern.compile("\\$\\{([A-Z0-9_]+)\\}");

  /** The options pip accepts on a line of its own, with whether each takes a value. */
  private static final Map<String, Boolean> GLOBAL_OPTIONS =
      Map.ofEntries(
          Map.entry("-i", true),
          Map.entry("--index-url", true),
          Map.entry("--extra-index-url", true),
          Map.entry("--no-index", false),
          Map.entry("-c", true),
          Map.entry("--constraint", true),
          Map.entry("-r", true),
          Map.entry("--requirement", true),
          Map.entry("-e", true),
          Map.entry("--editable", true),
          Map.entry("-f", true),
          Map.entry("--find-links", true),
          Map.entry("--no-binary", true),
          Map.entry("--only-binary", true),
          Map.entry("--prefer-binary", false),
          Map.entry("--require-hashes", false),
          Map.entry("--pre", false),
          Map.entry("--trusted-host", true),
          Map.entry("--use-feature", true),
          // per-requirement options
          Map.entry("--hash", true),
          Map.entry("--global-option", true),
          Map.entry("--config-settings", true),
          Map.entry("-C", true));

  private static final Set<String> INCLUDES = Set.of("-r", "--requirement", "-c", "--constraint");

  /** A file read with what it includes: its requirements and the index options it sets. */
  public record RequirementsFile(List<InputRequirement> requirements, IndexOptions options) {
    public RequirementsFile {
      requirements = List.copyOf(requirements);
    }
  }

  private final Map<String, String> environment;

  /** Expands {@code ${VAR}} from this process's environment. */
  public RequirementsTxtSource() {
    this(System.getenv());
  }

  /** Expands {@code ${VAR}} from {@code environment}; an unset variable is left as written. */
  public RequirementsTxtSource(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  @Override
  public String name() {
    return "requirements";
  }

  @Override
  public boolean detects(Path file) {
    String n = file.getFileName().toString();
    return n.endsWith(".txt") || n.endsWith(".in") || n.startsWith("requirements");
  }

  @Override
  public List<InputRequirement> read(Path file, String display) {
    return parse(file, display).requirements();
  }

  /**
   * Reads the file and everything it includes.
   *
   * @throws InputException when a file cannot be read, has a syntax error or an unknown option
   */
  public RequirementsFile parse(Path file, String display) {
    State state = new State();
    read(file, display, false, state, "");
    IndexOptions o =
        new IndexOptions(
            Optional.ofNullable(state.indexUrl),
            state.extraIndexUrls,
            state.findLinks,
            state.trustedHosts,
            state.pre,
            state.noIndex,
            state.requireHashes);
    return new RequirementsFile(state.out, o);
  }

  private static final class State {
    final List<InputRequirement> out = new ArrayList<>();
    final Set<Path> stack = new HashSet<>();
    String indexUrl;
    final List<String> extraIndexUrls = new ArrayList<>();
    final List<String> findLinks = new ArrayList<>();
    final List<String> trustedHosts = new ArrayList<>();
    boolean pre;
    boolean noIndex;
    boolean requireHashes;
  }

  private record Option(String name, String value) {}

  private void read(
      Path file, String display, boolean constraint, State state, String includedFrom) {
    Path real = file.toAbsolutePath().normalize();
    if (!state.stack.add(real)) {
      String flag = constraint ? "-c " : "-r ";
      throw new InputException(includedFrom + ": " + flag + display + " includes itself (a cycle)");
    }
    String where =
        includedFrom.isEmpty()
            ? display
            : includedFrom + ": " + (constraint ? "-c " : "-r ") + display;
    List<String> lines = TextFiles.lines(file, where, "requirements file");
    for (int i = 0; i < lines.size(); i++) {
      int number = i + 1;
      StringBuilder logical = new StringBuilder(stripComment(lines.get(i)));
      while (logical.toString().endsWith("\\") && i + 1 < lines.size()) {
        logical.setLength(logical.length() - 1);
        logical.append(stripComment(lines.get(++i)));
      }
      String line = expand(logical.toString()).strip();
      if (line.endsWith("\\")) {
        line = line.substring(0, line.length() - 1).strip();
      }
      String origin = display + ":" + number;
      if (line.isEmpty()) {
        continue;
      }
      // pip's break_args_options: the requirement ends at the first token that starts with '-'
      String[] tokens = line.split(" ");
      int split = 0;
      while (split < tokens.length && !tokens[split].startsWith("-")) {
        split++;
      }
      String args = String.join(" ", java.util.Arrays.copyOfRange(tokens, 0, split)).strip();
      String optionText =
          String.join(" ", java.util.Arrays.copyOfRange(tokens, split, tokens.length));
      List<Option> options = options(optionText, origin);
      if (args.isEmpty()) {
        global(options, file, display, constraint, state, origin, line);
        continue;
      }
      List<String> hashes = new ArrayList<>();
      for (Option o : options) {
        if (o.name().equals("--hash")) {
          hashes.add(hash(o.value(), origin));
        }
      }
      Optional<InputRequirement> r = requirement(args, origin);
      if (r.isEmpty()) {
        continue;
      }
      InputRequirement in = r.get().withHashes(hashes);
      if (constraint) {
        // pip's check_invalid_constraint_type
        if (in.requirement().isEmpty()) {
          throw new InputException(
              origin + ": unnamed requirements are not allowed as constraints: " + args);
        }
        if (!in.requirement().get().extras().isEmpty()) {
          throw new InputException(
              origin
                  + ": constraints cannot have extras: "
                  + args
                  + " (expected name and version)");
        }
        state.out.add(in.asConstraint());
      } else {
        state.out.add(in);
      }
    }
    state.stack.remove(real);
  }

  private void global(
      List<Option> options,
      Path file,
      String display,
      boolean constraint,
      State state,
      String origin,
      String line) {
    for (Option o : options) {
      switch (o.name()) {
        case "-r", "--requirement", "-c", "--constraint" -> {
          boolean nested = o.name().equals("-c") || o.name().equals("--constraint");
          String target = o.value();
          Path included = file.toAbsolutePath().getParent().resolve(target);
          String includedDisplay =
              Path.of(display).getParent() == null
                  ? target
                  : Path.of(display).getParent().resolve(target).normalize().toString();
          // as pip: -r inside a constraints file lists requirements, -c lists constraints
          read(included, includedDisplay, nested, state, origin);
        }
        case "-e", "--editable" -> {
          if (constraint) {
            throw new InputException(
                origin + ": editable requirements are not allowed as constraints: " + line);
          }
          state.out.add(
              InputRequirement.skipped(line, origin, "editable requirement: not assessed"));
        }
        case "-i", "--index-url" -> state.indexUrl = o.value();
        case "--extra-index-url" -> state.extraIndexUrls.add(o.value());
        case "-f", "--find-links" -> state.findLinks.add(findLinks(file, o.value()));
        case "--trusted-host" -> state.trustedHosts.add(o.value());
        case "--pre" -> state.pre = true;
        case "--no-index" -> state.noIndex = true;
        case "--require-hashes" -> state.requireHashes = true;
        default -> {
          // accepted by pip and without effect on what is assessed (--only-binary, --hash alone…)
        }
      }
    }
  }

  /**
   * pip: a relative find-links path that exists beside the requirements file is taken from there.
   */
  private static String findLinks(Path file, String value) {
    if (value.contains("://")) {
      return value;
    }
    try {
      Path beside = file.toAbsolutePath().getParent().resolve(value).normalize();
      return java.nio.file.Files.exists(beside) ? beside.toString() : value;
    } catch (java.nio.file.InvalidPathException e) {
      return value;
    }
  }

  /**
   * Options of one line, as pip's option parser reads them ({@code --a=b}, {@code --a b}, {@code
   * -ab}).
   */
  private static List<Option> options(String text, String origin) {
    List<String> tokens = shellSplit(text, origin);
    List<Option> out = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      String t = tokens.get(i);
      String name;
      String value = null;
      if (t.startsWith("--")) {
        int eq = t.indexOf('=');
        name = eq < 0 ? t : t.substring(0, eq);
        value = eq < 0 ? null : t.substring(eq + 1);
      } else if (t.startsWith("-") && t.length() >= 2) {
        name = t.substring(0, 2);
        if (t.length() > 2) {
          value = t.substring(2).replaceFirst("^=", "");
        }
      } else {
        throw new InputException(
            origin
                + ": expected an option or a requirement but found '"
                + t
                + "' after the options");
      }
      Boolean takesValue = GLOBAL_OPTIONS.get(name);
      if (takesValue == null) {
        throw new InputException(origin + ": unknown option '" + name + "'");
      }
      if (takesValue && value == null) {
        if (i + 1 >= tokens.size() && INCLUDES.contains(name)) {
          throw new InputException(origin + ": expected a file name after " + name);
        }
        if (i + 1 >= tokens.size()) {
          throw new InputException(
              origin + ": option '" + name + "' expects a value but found end of line");
        }
        value = tokens.get(++i);
      } else if (!takesValue && value != null && t.startsWith("--")) {
        throw new InputException(
            origin + ": option '" + name + "' takes no value but found '=" + value + "'");
      }
      if (takesValue && value.isBlank()) {
        throw new InputException(
            origin + ": option '" + name + "' expects a value but found nothing");
      }
      out.add(new Option(name, value));
    }
    return out;
  }

  /** Whitespace splitting with shell quotes, as pip's {@code shlex.split} of the options. */
  private static List<String> shellSplit(String text, String origin) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = null;
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          cur.append(c);
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        cur = cur == null ? new StringBuilder() : cur;
      } else if (Character.isWhitespace(c)) {
        if (cur != null) {
          out.add(cur.toString());
          cur = null;
        }
      } else {
        cur = cur == null ? new StringBuilder() : cur;
        cur.append(c);
      }
    }
    if (quote != 0) {
      throw new InputException(origin + ": expected a closing " + quote + " but found end of line");
    }
    if (cur != null) {
      out.add(cur.toString());
    }
    return out;
  }

  private static Optional<InputRequirement> requirement(String requirement, String origin) {
    if (requirement.matches("^(git|hg|svn|bzr)\\+.*")) {
      return Optional.of(
          InputRequirement.skipped(requirement, origin, "VCS requirement: not assessed"));
    }
    // pip accepts a bare URL or path as a line; neither names a project to look up
    if (requirement.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*")) {
      return Optional.of(
          InputRequirement.skipped(requirement, origin, "URL requirement: not assessed"));
    }
    if (requirement.matches("^(\\.{1,2}(/.*)?|/.*)$")) {
      return Optional.of(
          InputRequirement.skipped(requirement, origin, "local path requirement: not assessed"));
    }
    try {
      return Optional.of(InputRequirement.of(requirement, origin, Requirement.parse(requirement)));
    } catch (PepSyntaxException e) {
      throw new InputException(origin + ": " + e.getMessage(), e);
    }
  }

  /**
   * A {@code --hash} value as pip accepts it: {@code ALGORITHM:HEX} with sha256, sha384 or sha512,
   * returned lower case.
   */
  private static String hash(String value, String origin) {
    int sep = value.indexOf(':');
    String algorithm = sep < 0 ? "" : value.substring(0, sep).toLowerCase(java.util.Locale.ROOT);
    int length =
        switch (algorithm) {
          case "sha256" -> 64;
          case "sha384" -> 96;
          case "sha512" -> 128;
          default ->
              throw new InputException(
                  origin
                      + ": --hash "
                      + value
                      + ": expected ALGORITHM:HEX with sha256, sha384 or sha512, as pip allows");
        };
    String hex = value.substring(sep + 1).toLowerCase(java.util.Locale.ROOT);
    if (!hex.matches("[0-9a-f]{" + length + "}")) {
      throw new InputException(
          origin
              + ": --hash "
              + value
              + ": expected "
              + length
              + " hex digits after '"
              + algorithm
              + ":' but found "
              + hex.length()
              + " characters");
    }
    return algorithm + ":" + hex;
  }

  private String expand(String line) {
    Matcher m = ENV_VAR.matcher(line);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = environment.get(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String stripComment(String line) {
    // pip: a '#' starts a comment at the line start or after whitespace, whichever comes first
    Matcher m = COMMENT.matcher(line);
    return m.find() ? line.substring(0, m.start()) : line;
  }
}
