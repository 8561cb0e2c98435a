package dev.nogilscan.scanner.input;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nogilscan.compatdb.pep.PackageName;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code poetry.lock}: {@code [[package]]} with {@code name}, {@code version}, {@code files}
 * ({@code file} and {@code hash}), {@code [package.dependencies]} and, from lock version 2.1
 * (Poetry 2), {@code markers} (a string, or a table of markers per group, any of which holds).
 * Older locks carry no package markers: every package is assessed. {@code git}, {@code url}, {@code
 * file} and {@code directory} sources are kept as skipped entries. Thread safe.
 */
public final class PoetryLockSource implements RequirementSource {
  @Override
  public String name() {
    return "poetry-lock";
  }

  @Override
  public boolean detects(Path file) {
    return file.getFileName().toString().equals("poetry.lock");
  }

  @Override
  public List<InputRequirement> read(Path file, String display) {
    StructuredText toml = StructuredText.toml(file, display, "poetry.lock");
    JsonNode packages = toml.root.path("package");
    List<String> origins = toml.entryOrigins("package", packages.size());
    List<InputRequirement> out = new ArrayList<>();
    int i = 0;
    for (JsonNode p : packages) {
      String origin = origins.get(i++);
      String name = LockEntries.required(p, "name", origin, "[[package]]");
      String type = p.path("source").path("type").asText("");
      if (List.of("git", "url", "file", "directory").contains(type)) {
        out.add(
            InputRequirement.skipped(
                name + " @ " + p.path("source").path("url").asText(),
                origin,
                switch (type) {
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
      p.path("dependencies")
          .fieldNames()
          .forEachRemaining(n -> PackageName.tryParse(n).ifPresent(deps::add));
      out.add(LockEntries.locked(name, version, marker(p.path("markers")), files, deps, origin));
    }
    return out;
  }

  private static Optional<String> marker(JsonNode markers) {
    if (markers.isTextual()) {
      return Optional.of(markers.asText());
    }
    if (markers.isObject()) {
      List<Optional<String>> any = new ArrayList<>();
      markers.forEach(m -> any.add(m.isTextual() ? Optional.of(m.asText()) : Optional.empty()));
      return LockEntries.anyOf(any);
    }
    return Optional.empty();
  }
}
