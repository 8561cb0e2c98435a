package dev.nogilscan.scanner.input;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nogilscan.compatdb.pep.PackageName;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code uv.lock}: {@code [[package]]} with {@code name}, {@code version}, {@code source}, {@code
 * sdist} and {@code wheels} ({@code url} and {@code hash}). A uv lock is universal and puts markers
 * on dependency edges, not packages: a package's marker is the OR of the markers of the edges that
 * lead to it (no marker when one edge has none). The project itself and workspace members ({@code
 * virtual}, {@code editable}, {@code directory} sources) are the user's code, not dependencies, and
 * are left out; {@code git} and {@code url} sources are kept as skipped entries. Thread safe.
 */
public final class UvLockSource implements RequirementSource {
  @Override
  public String name() {
    return "uv-lock";
  }

  @Override
  public boolean detects(Path file) {
    return file.getFileName().toString().equals("uv.lock");
  }

  @Override
  public List<InputRequirement> read(Path file, String display) {
    StructuredText toml = StructuredText.toml(file, display, "uv.lock");
    JsonNode packages = toml.root.path("package");
    LockEntries.Edges edges = new LockEntries.Edges();
    for (JsonNode p : packages) {
      p.path("dependencies").forEach(d -> edge(edges, d));
      p.path("optional-dependencies").forEach(list -> list.forEach(d -> edge(edges, d)));
      p.path("dev-dependencies").forEach(list -> list.forEach(d -> edge(edges, d)));
    }
    List<String> origins = toml.entryOrigins("package", packages.size());
    List<InputRequirement> out = new ArrayList<>();
    int i = 0;
    for (JsonNode p : packages) {
      String origin = origins.get(i++);
      String name = LockEntries.required(p, "name", origin, "[[package]]");
      JsonNode source = p.path("source");
      if (source.has("virtual") || source.has("editable") || source.has("directory")) {
        continue; // the project or a workspace member: the user's own code
      }
      if (source.has("git") || source.has("url") || source.has("path")) {
        String kind = source.has("git") ? "git" : source.has("url") ? "url" : "path";
        out.add(
            InputRequirement.skipped(
                name + " @ " + source.path(kind).asText(),
                origin,
                (kind.equals("git") ? "VCS" : kind.equals("url") ? "URL" : "local path")
                    + " requirement: not assessed"));
        continue;
      }
      String version = LockEntries.required(p, "version", origin, "[[package]] " + name);
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
      out.add(LockEntries.locked(name, version, edges.marker(name, version), files, deps, origin));
    }
    return out;
  }

  private static void edge(LockEntries.Edges edges, JsonNode d) {
    LockEntries.text(d, "name")
        .ifPresent(
            n -> edges.add(n, LockEntries.text(d, "version"), LockEntries.text(d, "marker")));
  }

  private static Locked.LockedFile file(JsonNode f) {
    Optional<String> url = LockEntries.text(f, "url");
    return Locked.LockedFile.of(
        LockEntries.filename(url.or(() -> LockEntries.text(f, "path"))),
        url,
        LockEntries.text(f, "hash"));
  }
}
