package dev.nogilscan.scanner.input;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nogilscan.compatdb.pep.PackageName;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * PEP 751 {@code pylock.toml} (and {@code pylock.NAME.toml}): {@code [[packages]]} with {@code
 * name}, {@code version}, {@code marker}, {@code wheels} and {@code sdist} (each with {@code
 * hashes} and a {@code url} or {@code path}). Packages from {@code vcs}, {@code directory} or
 * {@code archive} sources are kept as skipped entries. Thread safe.
 */
public final class PylockSource implements RequirementSource {
  @Override
  public String name() {
    return "pylock";
  }

  @Override
  public boolean detects(Path file) {
    String n = file.getFileName().toString();
    return n.equals("pylock.toml") || n.matches("pylock\\.[^.]+\\.toml");
  }

  @Override
  public List<InputRequirement> read(Path file, String display) {
    StructuredText toml = StructuredText.toml(file, display, "pylock.toml");
    JsonNode root = toml.root;
    if (!root.has("lock-version")) {
      throw new InputException(
          display + ":1: expected a PEP 751 lock with 'lock-version' but found none");
    }
    JsonNode packages = root.path("packages");
    List<String> origins = toml.entryOrigins("packages", packages.size());
    List<InputRequirement> out = new ArrayList<>();
    int i = 0;
    for (JsonNode p : packages) {
      String origin = origins.get(i++);
      String name = LockEntries.required(p, "name", origin, "[[packages]]");
      for (String kind : List.of("vcs", "directory", "archive")) {
        if (p.has(kind)) {
          String where =
              LockEntries.text(p.path(kind), "url")
                  .or(() -> LockEntries.text(p.path(kind), "path"))
                  .orElse("");
          out.add(
              InputRequirement.skipped(
                  name + " @ " + where,
                  origin,
                  (kind.equals("vcs") ? "VCS" : kind.equals("directory") ? "local path" : "URL")
                      + " requirement: not assessed"));
          break;
        }
      }
      if (p.has("vcs") || p.has("directory") || p.has("archive")) {
        continue;
      }
      String version = LockEntries.required(p, "version", origin, "[[packages]] " + name);
      List<Locked.LockedFile> files = new ArrayList<>();
      for (JsonNode w : p.path("wheels")) {
        files.add(file(w));
      }
      if (p.has("sdist")) {
        files.add(file(p.path("sdist")));
      }
      List<PackageName> deps = new ArrayList<>();
      for (JsonNode d : p.path("dependencies")) {
        LockEntries.text(d, "name").flatMap(PackageName::tryParse).ifPresent(deps::add);
      }
      out.add(
          LockEntries.locked(name, version, LockEntries.text(p, "marker"), files, deps, origin));
    }
    return out;
  }

  private static Locked.LockedFile file(JsonNode f) {
    Optional<String> url = LockEntries.text(f, "url");
    Optional<String> name =
        LockEntries.text(f, "name")
            .or(() -> LockEntries.filename(url.or(() -> LockEntries.text(f, "path"))));
    Optional<String> sha = LockEntries.text(f.path("hashes"), "sha256");
    return new Locked.LockedFile(name, url, sha.map(s -> s.toLowerCase(java.util.Locale.ROOT)));
  }
}
