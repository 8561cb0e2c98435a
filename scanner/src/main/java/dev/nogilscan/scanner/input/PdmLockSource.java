package dev.nogilscan.scanner.input;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nogilscan.compatdb.pep.PackageName;
import dev.nogilscan.compatdb.pep.Requirement;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code pdm.lock}: {@code [[package]]} with {@code name}, {@code version}, {@code marker}, {@code
 * dependencies} (PEP 508 strings) and {@code files} ({@code file} and {@code hash}). Packages from
 * {@code git}, {@code url} or {@code path} are kept as skipped entries. Thread safe.
 */
public final class PdmLockSource implements RequirementSource {
  @Override
  public String name() {
    return "pdm-lock";
  }

  @Override
  public boolean detects(Path file) {
    return file.getFileName().toString().equals("pdm.lock");
  }

  @Override
  public List<InputRequirement> read(Path file, String display) {
    StructuredText toml = StructuredText.toml(file, display, "pdm.lock");
    JsonNode packages = toml.root.path("package");
    List<String> origins = toml.entryOrigins("package", packages.size());
    List<InputRequirement> out = new ArrayList<>();
    int i = 0;
    for (JsonNode p : packages) {
      String origin = origins.get(i++);
      String name = LockEntries.required(p, "name", origin, "[[package]]");
      String kind = p.has("git") ? "git" : p.has("url") ? "url" : p.has("path") ? "path" : null;
      if (kind != null) {
        out.add(
            InputRequirement.skipped(
                name + " @ " + p.path(kind).asText(),
                origin,
                p.path("editable").asBoolean(false)
                    ? "editable requirement: not assessed"
                    : switch (kind) {
                      case "git" -> "VCS requirement: not assessed";
                      case "url" -> "URL requirement: not assessed";
                      default -> "local path requirement: not assessed";
                    }));
        continue;
      }
      String version = LockEntries.required(p, "version", origin, "[[package]] " + name);
      List<Locked.LockedFile> files = new ArrayList<>();
      for (JsonNode f : p.path("files")) {
        files.add(
            Locked.LockedFile.of(
                LockEntries.text(f, "file"),
                LockEntries.text(f, "url"),
                LockEntries.text(f, "hash")));
      }
      List<PackageName> deps = new ArrayList<>();
      for (JsonNode d : p.path("dependencies")) {
        Requirement.tryParse(d.asText()).ifPresent(r -> deps.add(r.name()));
      }
      out.add(
          LockEntries.locked(name, version, LockEntries.text(p, "marker"), files, deps, origin));
    }
    return out;
  }
}
