package dev.nogilscan.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A previous JSON report ({@code --baseline}), so that a gate fails only on what got worse: a
 * package fails when it reaches the level now and did not before (or was not there), and every
 * package whose verdict got better is reported as an improvement.
 */
public final class Baseline {
  private final Map<String, Status> before;

  private Baseline(Map<String, Status> before) {
    this.before = Map.copyOf(before);
  }

  /** A change of verdict between the baseline and now. */
  public record Change(String name, Optional<Status> before, Status now) {
    public String describe() {
      return name + ": " + before.map(Status::id).orElse("new") + " -> " + now.id();
    }
  }

  /**
   * @throws IllegalArgumentException with the file and what was expected when it is not a
   *     nogil-scan JSON report of a known schema version
   */
  public static Baseline load(Path file) throws IOException {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(file + ": no such file");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(
          file + ":" + e.getLocation().getLineNr() + ": not JSON: " + e.getOriginalMessage());
    }
    int version = root.path("schemaVersion").asInt(-1);
    if (version < 1 || version > ScanReport.SCHEMA_VERSION) {
      throw new IllegalArgumentException(
          file
              + ": expected a nogil-scan JSON report with schemaVersion 1.."
              + ScanReport.SCHEMA_VERSION
              + " but found "
              + (version < 0 ? "none" : version));
    }
    Map<String, Status> before = new LinkedHashMap<>();
    for (JsonNode p : root.path("packages")) {
      String name = p.path("name").asText();
      String status = p.path("status").asText();
      Status s =
          Status.fromId(status)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          file + ": package '" + name + "': unknown status '" + status + "'"));
      before.merge(name, s, (a, b) -> a.severity() >= b.severity() ? a : b);
    }
    return new Baseline(before);
  }

  /** Packages that reach {@code level} now and did not in the baseline. */
  public List<Change> regressions(ScanReport now, Status level) {
    List<Change> out = new ArrayList<>();
    for (PackageReport p : now.reaching(level)) {
      Optional<Status> was = Optional.ofNullable(before.get(p.name()));
      if (was.isEmpty() || !was.get().reaches(level)) {
        out.add(new Change(p.name(), was, p.status()));
      }
    }
    return out;
  }

  /** Packages whose verdict is less severe than in the baseline. */
  public List<Change> improvements(ScanReport now) {
    List<Change> out = new ArrayList<>();
    for (PackageReport p : now.packages()) {
      Status was = before.get(p.name());
      if (was != null && p.status().severity() < was.severity()) {
        out.add(new Change(p.name(), Optional.of(was), p.status()));
      }
    }
    return out;
  }
}
