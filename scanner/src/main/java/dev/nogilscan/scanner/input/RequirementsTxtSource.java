package dev.nogilscan.scanner.input;

import dev.nogilscan.compatdb.pep.PepSyntaxException;
import dev.nogilscan.compatdb.pep.Requirement;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * pip's requirements file format: one requirement per line, {@code #} comments, {@code \}
 * continuations, {@code -r}/{@code --requirement} includes relative to the including file (with
 * cycle detection). Editable and VCS/URL lines are kept as skipped entries with the reason; global
 * options pip accepts ({@code --index-url}, {@code --hash} …) are ignored here.
 */
public final class RequirementsTxtSource implements RequirementSource {
  static final long MAX_BYTES = 16L << 20;
  private static final Pattern COMMENT = Pattern.compile("(?:^|\\s)#");

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
    List<InputRequirement> out = new ArrayList<>();
    read(file, display, out, new HashSet<>(), "");
    return out;
  }

  private void read(
      Path file, String display, List<InputRequirement> out, Set<Path> stack, String includedFrom) {
    Path real = file.toAbsolutePath().normalize();
    if (!stack.add(real)) {
      throw new InputException(includedFrom + ": -r " + display + " includes itself (a cycle)");
    }
    List<String> lines = lines(file, display, includedFrom);
    for (int i = 0; i < lines.size(); i++) {
      int number = i + 1;
      StringBuilder logical = new StringBuilder(stripComment(lines.get(i)));
      while (logical.toString().endsWith("\\") && i + 1 < lines.size()) {
        logical.setLength(logical.length() - 1);
        logical.append(stripComment(lines.get(++i)));
      }
      String line = logical.toString().strip();
      if (line.endsWith("\\")) {
        line = line.substring(0, line.length() - 1).strip();
      }
      String origin = display + ":" + number;
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("-r ") || line.startsWith("--requirement") || line.startsWith("-r")) {
        String target = line.replaceFirst("^(-r|--requirement)\\s*=?\\s*", "").strip();
        if (target.isEmpty()) {
          throw new InputException(origin + ": expected a file name after -r");
        }
        Path included = file.toAbsolutePath().getParent().resolve(target);
        String includedDisplay =
            Path.of(display).getParent() == null
                ? target
                : Path.of(display).getParent().resolve(target).normalize().toString();
        read(included, includedDisplay, out, stack, origin);
        continue;
      }
      if (line.startsWith("-e ") || line.startsWith("--editable")) {
        out.add(InputRequirement.skipped(line, origin, "editable requirement: not assessed"));
        continue;
      }
      if (line.startsWith("-")) {
        continue; // global options (--index-url, -c, --hash on its own line…) are not requirements
      }
      String requirement = line.replaceAll("\\s--hash[= ]\\S+", "").strip();
      if (requirement.matches("^(git|hg|svn|bzr)\\+.*")) {
        out.add(InputRequirement.skipped(requirement, origin, "VCS requirement: not assessed"));
        continue;
      }
      // pip accepts a bare URL or path as a line; neither names a project to look up
      if (requirement.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*")) {
        out.add(InputRequirement.skipped(requirement, origin, "URL requirement: not assessed"));
        continue;
      }
      if (requirement.matches("^(\\.{1,2}(/.*)?|/.*)$")) {
        out.add(
            InputRequirement.skipped(requirement, origin, "local path requirement: not assessed"));
        continue;
      }
      try {
        out.add(InputRequirement.of(requirement, origin, Requirement.parse(requirement)));
      } catch (PepSyntaxException e) {
        throw new InputException(origin + ": " + e.getMessage(), e);
      }
    }
    stack.remove(real);
  }

  private static String stripComment(String line) {
    // pip: a '#' starts a comment at the line start or after whitespace, whichever comes first
    Matcher m = COMMENT.matcher(line);
    return m.find() ? line.substring(0, m.start()) : line;
  }

  private static List<String> lines(Path file, String display, String includedFrom) {
    String where = includedFrom.isEmpty() ? display : includedFrom + ": -r " + display;
    try {
      if (Files.isDirectory(file)) {
        throw new InputException(where + ": is a directory, expected a requirements file");
      }
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw new InputException(
            where + ": " + size + " bytes, larger than the limit of " + MAX_BYTES);
      }
      byte[] bytes = Files.readAllBytes(file);
      for (byte b : bytes) {
        if (b == 0) {
          throw new InputException(
              where + ": binary file (NUL byte), expected a text requirements file");
        }
      }
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(bytes))
              .toString();
      if (text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
      return List.of(text.split("\r?\n", -1));
    } catch (NoSuchFileException e) {
      throw new InputException(where + ": no such file");
    } catch (CharacterCodingException e) {
      throw new InputException(where + ": not UTF-8 text");
    } catch (IOException e) {
      throw new InputException(where + ": cannot read: " + e.getMessage(), e);
    }
  }
}
