package dev.nogilscan.scanner.input;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nogilscan.compatdb.pep.PackageName;
import dev.nogilscan.compatdb.pep.PepSyntaxException;
import dev.nogilscan.compatdb.pep.Requirement;
import dev.nogilscan.compatdb.pep.Version;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What the lock file sources share: turning one locked package into an input. */
final class LockEntries {
  private LockEntries() {}

  /**
   * {@code name==version ; marker}, locked to that version with its files.
   *
   * @throws InputException when the name, version or marker is not valid
   */
  static InputRequirement locked(
      String name,
      String version,
      Optional<String> marker,
      List<Locked.LockedFile> files,
      List<PackageName> dependencies,
      String origin) {
    Version v;
    try {
      v = Version.parse(version);
    } catch (PepSyntaxException e) {
      throw new InputException(origin + ": " + name + ": " + e.getMessage(), e);
    }
    String text =
        name + "==" + version + marker.filter(m -> !m.isBlank()).map(m -> " ; " + m).orElse("");
    Requirement r;
    try {
      r = Requirement.parse(text);
    } catch (PepSyntaxException e) {
      throw new InputException(origin + ": " + e.getMessage(), e);
    }
    return InputRequirement.locked(text, origin, r, new Locked(v, files, dependencies));
  }

  /** The text of a required string field, or an error naming the entry's line. */
  static String required(JsonNode entry, String field, String origin, String what) {
    JsonNode n = entry.path(field);
    if (!n.isTextual() || n.asText().isBlank()) {
      throw new InputException(
          origin
              + ": expected a '"
              + field
              + "' string in "
              + what
              + " but found "
              + (n.isMissingNode() ? "none" : PyprojectSource.kind(n)));
    }
    return n.asText();
  }

  static Optional<String> text(JsonNode n, String field) {
    JsonNode v = n.path(field);
    return v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
  }

  /** The last path segment of a URL or path, without query or fragment. */
  static Optional<String> filename(Optional<String> urlOrPath) {
    return urlOrPath.map(
        u -> {
          String s = u.replaceFirst("[#?].*$", "");
          return s.substring(s.lastIndexOf('/') + 1);
        });
  }

  /** A marker that holds when any of {@code markers} holds; empty when one of them is empty. */
  static Optional<String> anyOf(List<Optional<String>> markers) {
    if (markers.isEmpty() || markers.stream().anyMatch(Optional::isEmpty)) {
      return Optional.empty();
    }
    Set<String> distinct = new LinkedHashSet<>();
    markers.forEach(m -> distinct.add(m.get()));
    if (distinct.size() == 1) {
      return Optional.of(distinct.iterator().next());
    }
    List<String> parts = new ArrayList<>();
    distinct.forEach(m -> parts.add("(" + m + ")"));
    return Optional.of(String.join(" or ", parts));
  }

  /**
   * The markers of the edges that lead to each package, for locks that put markers on dependency
   * edges rather than on packages (uv.lock, old poetry.lock).
   */
  static final class Edges {
    private record Edge(Optional<String> version, Optional<String> marker) {}

    private final Map<String, List<Edge>> incoming = new LinkedHashMap<>();

    /** An edge to {@code name}; {@code version} when the lock names one (uv: forked packages). */
    void add(String name, Optional<String> version, Optional<String> marker) {
      incoming
          .computeIfAbsent(PackageName.normalize(name), k -> new ArrayList<>())
          .add(new Edge(version, marker.filter(m -> !m.isBlank())));
    }

    /**
     * OR of the markers of the edges to this release (edges without a version lead to every release
     * of the name); empty when some edge has none or nothing leads to it.
     */
    Optional<String> marker(String name, String version) {
      List<Optional<String>> markers = new ArrayList<>();
      for (Edge e : incoming.getOrDefault(PackageName.normalize(name), List.of())) {
        if (e.version().isEmpty() || e.version().get().equals(version)) {
          markers.add(e.marker());
        }
      }
      return anyOf(markers);
    }
  }
}
