package dev.nogilscan.compatdb;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nogilscan.compatdb.pep.PackageName;
import dev.nogilscan.compatdb.pep.Version;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads and writes the snapshot format (see {@code compat-db/README.md}). */
final class CompatDbCodec {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private CompatDbCodec() {}

  static CompatDatabase read(JsonReader.At root) {
    DatabaseInfo info = readHeader(root);
    List<PackageEntry> entries = new ArrayList<>();
    for (Map.Entry<String, JsonReader.At> m : root.field("packages").members()) {
      entries.add(readPackage(m.getKey(), m.getValue()));
    }
    return CompatDatabase.of(info, entries);
  }

  /**
   * The header: every check {@link #read} makes before it looks at {@code packages}, in the same
   * order, so that a problem in the header is reported the same whether the packages are read now
   * or later.
   */
  static DatabaseInfo readHeader(JsonReader.At root) {
    root.object();
    root.allowOnly(
        "$schema", "formatVersion", "version", "date", "generatedBy", "index", "notes", "packages");
    JsonReader.At fv = root.field("formatVersion");
    int format = fv.integer();
    if (format != CompatDatabase.FORMAT_VERSION) {
      throw fv.fail(
          "expected format version "
              + CompatDatabase.FORMAT_VERSION
              + " but found "
              + format
              + "; this nogil-scan reads only version "
              + CompatDatabase.FORMAT_VERSION);
    }
    List<String> notes = new ArrayList<>();
    root.optional("notes").ifPresent(n -> n.array().forEach(x -> notes.add(x.text())));
    return new DatabaseInfo(
        format,
        root.field("version").nonBlankText(),
        root.field("date").date(),
        root.field("generatedBy").nonBlankText(),
        root.field("index").nonBlankText(),
        notes);
  }

  /** One member of {@code packages}: its key and value. */
  static PackageEntry readPackage(String key, JsonReader.At p) {
    p.object();
    p.allowOnly(
        "rank",
        "latestVersion",
        "classifier",
        "alternatives",
        "tracking",
        "learned",
        "evidence",
        "targets");
    PackageName name =
        PackageName.tryParse(key)
            .filter(n -> n.normalized().equals(key))
            .orElseThrow(
                () ->
                    p.fail(
                        "expected a normalized project name (PEP 503) as key but found '"
                            + key
                            + "'"));
    List<Alternative> alternatives = new ArrayList<>();
    p.optional("alternatives")
        .ifPresent(
            a -> {
              for (JsonReader.At x : a.array()) {
                x.object();
                x.allowOnly("name", "reason");
                alternatives.add(
                    new Alternative(
                        x.field("name").packageName(), x.field("reason").nonBlankText()));
              }
            });
    Map<CompatTarget, TargetStatus> targets = new EnumMap<>(CompatTarget.class);
    for (Map.Entry<String, JsonReader.At> t : p.field("targets").members()) {
      CompatTarget target =
          CompatTarget.byId(t.getKey())
              .orElseThrow(
                  () ->
                      t.getValue()
                          .fail(
                              "expected a target 3.13t, 3.14t, 3.15t or nogil-3.9 but found '"
                                  + t.getKey()
                                  + "'"));
      targets.put(target, readTarget(t.getValue()));
    }
    return new PackageEntry(
        name,
        p.optional("rank").map(JsonReader.At::integer).orElse(0),
        p.optional("latestVersion").map(JsonReader.At::version),
        p.optional("classifier").map(JsonReader.At::text),
        alternatives,
        p.optional("tracking").map(JsonReader.At::nonBlankText),
        targets,
        readEvidence(p.optional("evidence")),
        p.field("learned").date());
  }

  private static TargetStatus readTarget(JsonReader.At t) {
    t.object();
    t.allowOnly("platforms", "probe");
    Map<PlatformKey, PlatformStatus> platforms = new EnumMap<>(PlatformKey.class);
    for (Map.Entry<String, JsonReader.At> m : t.field("platforms").members()) {
      PlatformKey key =
          PlatformKey.byId(m.getKey())
              .orElseThrow(
                  () ->
                      m.getValue()
                          .fail(
                              "expected a platform linux-x86_64, linux-aarch64, macos-arm64 or"
                                  + " windows-amd64 but found '"
                                  + m.getKey()
                                  + "'"));
      JsonReader.At ps = m.getValue().object();
      ps.allowOnly("versions", "firstAbiNoneVersion", "evidence");
      List<Version> versions = new ArrayList<>();
      ps.optional("versions").ifPresent(a -> a.array().forEach(v -> versions.add(v.version())));
      platforms.put(
          key,
          new PlatformStatus(
              versions,
              ps.optional("firstAbiNoneVersion").map(JsonReader.At::version),
              readEvidence(ps.optional("evidence"))));
    }
    Optional<ProbeFinding> probe =
        t.optional("probe")
            .map(
                pr -> {
                  pr.object();
                  pr.allowOnly(
                      "version",
                      "wheel",
                      "interpreter",
                      "outcome",
                      "gilModules",
                      "detail",
                      "learned");
                  List<String> gil = new ArrayList<>();
                  pr.optional("gilModules")
                      .ifPresent(a -> a.array().forEach(g -> gil.add(g.text())));
                  return new ProbeFinding(
                      pr.field("version").version(),
                      pr.field("wheel").nonBlankText(),
                      pr.field("interpreter").nonBlankText(),
                      pr.field("outcome")
                          .oneOf(
                              "clean",
                              "gil-reenabled",
                              "import-error",
                              "exit-at-import",
                              "crash",
                              "timeout",
                              "probe-failed"),
                      gil,
                      pr.field("detail").text(),
                      pr.field("learned").date());
                });
    return new TargetStatus(platforms, probe);
  }

  private static List<Evidence> readEvidence(Optional<JsonReader.At> at) {
    List<Evidence> out = new ArrayList<>();
    if (at.isPresent()) {
      for (JsonReader.At e : at.get().array()) {
        e.object();
        e.allowOnly("kind", "detail", "learned");
        out.add(
            new Evidence(
                e.field("kind")
                    .oneOf("wheel", "index", "probe", "classifier", "release-note", "override"),
                e.field("detail").nonBlankText(),
                e.field("learned").date()));
      }
    }
    return out;
  }

  static ObjectNode write(DatabaseInfo info, Collection<PackageEntry> entries) {
    ObjectNode root = F.objectNode();
    root.put("$schema", "https://nogil-scan.dev/schema/compat-db-1.schema.json");
    root.put("formatVersion", info.formatVersion());
    root.put("version", info.version());
    root.put("date", info.date().toString());
    root.put("generatedBy", info.command());
    root.put("index", info.index());
    ArrayNode notes = root.putArray("notes");
    info.notes().forEach(notes::add);
    ObjectNode packages = root.putObject("packages");
    entries.stream()
        .sorted(java.util.Comparator.comparing(PackageEntry::name))
        .forEach(e -> packages.set(e.name().normalized(), writePackage(e)));
    return root;
  }

  private static ObjectNode writePackage(PackageEntry e) {
    ObjectNode p = F.objectNode();
    if (e.rank() > 0) {
      p.put("rank", e.rank());
    }
    e.latestVersion().ifPresent(v -> p.put("latestVersion", v.toString()));
    e.classifier().ifPresent(c -> p.put("classifier", c));
    if (!e.alternatives().isEmpty()) {
      ArrayNode a = p.putArray("alternatives");
      for (Alternative alt : e.alternatives()) {
        a.addObject().put("name", alt.name().normalized()).put("reason", alt.reason());
      }
    }
    e.tracking().ifPresent(t -> p.put("tracking", t));
    p.put("learned", e.learned().toString());
    if (!e.evidence().isEmpty()) {
      p.set("evidence", evidence(e.evidence()));
    }
    ObjectNode targets = p.putObject("targets");
    for (CompatTarget t : CompatTarget.values()) {
      TargetStatus ts = e.targets().get(t);
      if (ts == null) {
        continue;
      }
      ObjectNode tn = targets.putObject(t.id());
      ObjectNode platforms = tn.putObject("platforms");
      for (PlatformKey k : PlatformKey.values()) {
        PlatformStatus ps = ts.platforms().get(k);
        if (ps == null) {
          continue;
        }
        ObjectNode pn = platforms.putObject(k.id());
        if (!ps.versions().isEmpty()) {
          ArrayNode vs = pn.putArray("versions");
          ps.versions().forEach(v -> vs.add(v.toString()));
        }
        ps.firstAbiNoneVersion().ifPresent(v -> pn.put("firstAbiNoneVersion", v.toString()));
        if (!ps.evidence().isEmpty()) {
          pn.set("evidence", evidence(ps.evidence()));
        }
      }
      ts.probe()
          .ifPresent(
              pr -> {
                ObjectNode n = tn.putObject("probe");
                n.put("version", pr.version().toString());
                n.put("wheel", pr.wheel());
                n.put("interpreter", pr.interpreter());
                n.put("outcome", pr.outcome());
                ArrayNode g = n.putArray("gilModules");
                pr.gilModules().forEach(g::add);
                n.put("detail", pr.detail());
                n.put("learned", pr.learned().toString());
              });
    }
    return p;
  }

  private static ArrayNode evidence(List<Evidence> list) {
    ArrayNode a = F.arrayNode();
    for (Evidence ev : list) {
      a.addObject()
          .put("kind", ev.kind())
          .put("detail", ev.detail())
          .put("learned", ev.learned().toString());
    }
    return a;
  }
}
