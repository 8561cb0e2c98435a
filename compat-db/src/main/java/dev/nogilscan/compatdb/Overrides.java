package dev.nogilscan.compatdb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nogilscan.compatdb.pep.PackageName;
import dev.nogilscan.compatdb.pep.SpecifierSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The user's overrides and suppressions from a project file. The file format is the caller's
 * business (the scanner reads {@code nogil-scan.toml} with Jackson's TOML reader); this type reads
 * the resulting tree:
 *
 * <pre>
 * [[override]]
 * package = "pyyaml"
 * status = "known-good"          # or "known-bad"
 * versions = "&gt;=6.0.2"           # optional PEP 440 specifiers; all versions when absent
 * reason = "tested in our CI on 3.14t"
 *
 * [[suppress]]
 * package = "legacy-lib"
 * reason = "replaced in Q1"
 * expires = 2027-01-31           # TOML date or "YYYY-MM-DD"
 * </pre>
 *
 * Other top-level keys are left for other parts of the tool. Immutable.
 *
 * @param file the file, for messages
 * @param overrides in file order
 * @param suppressions in file order
 */
public record Overrides(
    String file, List<PackageOverride> overrides, List<Suppression> suppressions) {
  public Overrides {
    overrides = List.copyOf(overrides);
    suppressions = List.copyOf(suppressions);
  }

  /** No overrides and no suppressions. */
  public static Overrides none() {
    return new Overrides("(none)", List.of(), List.of());
  }

  /**
   * Reads the {@code override} and {@code suppress} arrays of a parsed project file.
   *
   * @param file the file name for messages
   * @throws CompatDbException naming the file, the path inside it and what was expected
   */
  public static Overrides fromTree(JsonNode root, String file) {
    JsonReader r = new JsonReader(file);
    JsonReader.At top = r.root(root);
    top.object();
    List<PackageOverride> overrides = new ArrayList<>();
    Optional<JsonReader.At> o = top.optional("override");
    if (o.isPresent()) {
      for (JsonReader.At item : o.get().array()) {
        item.object();
        item.allowOnly("package", "status", "versions", "reason");
        PackageName name = item.field("package").packageName();
        String status = item.field("status").oneOf("known-good", "known-bad");
        SpecifierSet versions =
            item.optional("versions").map(JsonReader.At::specifiers).orElse(SpecifierSet.any());
        String reason = item.field("reason").nonBlankText();
        overrides.add(
            new PackageOverride(
                name, status.equals("known-good"), versions, reason, file + ": " + item.path()));
      }
    }
    List<Suppression> suppressions = new ArrayList<>();
    Optional<JsonReader.At> s = top.optional("suppress");
    if (s.isPresent()) {
      for (JsonReader.At item : s.get().array()) {
        item.object();
        item.allowOnly("package", "reason", "expires");
        suppressions.add(
            new Suppression(
                item.field("package").packageName(),
                item.field("reason").nonBlankText(),
                item.field("expires").date(),
                file + ": " + item.path()));
      }
    }
    return new Overrides(file, overrides, suppressions);
  }
}
