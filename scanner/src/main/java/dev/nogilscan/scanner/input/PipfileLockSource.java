package dev.nogilscan.scanner.input;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Pipenv's {@code Pipfile.lock} (JSON, pipfile-spec 6): the {@code default} and {@code develop}
 * sections, each a map from name to {@code {"version": "==x", "markers": …, "hashes": […]}}.
 * Entries without a version ({@code git}, {@code path}, {@code file}, {@code editable}) are kept as
 * skipped entries. The hashes carry no file names. Thread safe.
 */
public final class PipfileLockSource implements RequirementSource {
  @Override
  public String name() {
    return "pipfile-lock";
  }

  @Override
  public boolean detects(Path file) {
    return file.getFileName().toString().equals("Pipfile.lock");
  }

  @Override
  public List<InputRequirement> read(Path file, String display) {
    StructuredText json = StructuredText.json(file, display, "Pipfile.lock");
    List<InputRequirement> out = new ArrayList<>();
    for (String section : List.of("default", "develop")) {
      JsonNode entries = json.root.path(section);
      if (entries.isMissingNode()) {
        continue;
      }
      int sectionLine = json.find(1, l -> l.contains("\"" + section + "\"")).orElse(1);
      if (!entries.isObject()) {
        throw new InputException(
            json.origin(sectionLine)
                + ": expected \""
                + section
                + "\" to be an object but found "
                + PyprojectSource.kind(entries));
      }
      Iterator<Map.Entry<String, JsonNode>> it = entries.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        String name = e.getKey();
        JsonNode p = e.getValue();
        Pattern key = Pattern.compile("^\\s*\"" + Pattern.quote(name) + "\"\\s*:.*");
        String origin =
            json.origin(json.find(sectionLine, l -> key.matcher(l).matches()).orElse(sectionLine));
        Optional<String> kind =
            List.of("git", "hg", "svn", "bzr", "path", "file").stream().filter(p::has).findFirst();
        if (kind.isPresent() || p.path("editable").asBoolean(false)) {
          String k = kind.orElse("path");
          String reason =
              switch (k) {
                case "path" ->
                    p.path("editable").asBoolean(false)
                        ? "editable requirement: not assessed"
                        : "local path requirement: not assessed";
                case "file" -> "URL requirement: not assessed";
                default -> "VCS requirement: not assessed";
              };
          out.add(InputRequirement.skipped(name + " @ " + p.path(k).asText(), origin, reason));
          continue;
        }
        String version = LockEntries.required(p, "version", origin, "\"" + name + "\"");
        if (!version.startsWith("==")) {
          throw new InputException(
              origin
                  + ": "
                  + name
                  + ": expected a pinned version \"==x\" but found \""
                  + version
                  + "\"");
        }
        List<Locked.LockedFile> files = new ArrayList<>();
        for (JsonNode h : p.path("hashes")) {
          files.add(
              Locked.LockedFile.of(Optional.empty(), Optional.empty(), Optional.of(h.asText())));
        }
        String base = name + (p.has("extras") ? extras(p.path("extras")) : "");
        out.add(
            LockEntries.locked(
                base,
                version.substring(2).replaceFirst("^=", ""),
                LockEntries.text(p, "markers"),
                files,
                List.of(),
                origin));
      }
    }
    return out;
  }

  private static String extras(JsonNode extras) {
    List<String> xs = new ArrayList<>();
    extras.forEach(x -> xs.add(x.asText()));
    return xs.isEmpty() ? "" : "[" + String.join(",", xs) + "]";
  }
}
