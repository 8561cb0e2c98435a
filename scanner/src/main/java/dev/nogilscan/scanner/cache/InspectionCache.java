package dev.nogilscan.scanner.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nogilscan.scanner.archive.ArchiveException;
import dev.nogilscan.scanner.archive.ArchiveInspector;
import dev.nogilscan.scanner.archive.ExtensionModule;
import dev.nogilscan.scanner.archive.Inspection;
import dev.nogilscan.scanner.archive.RecordCheck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What inspecting an archive of the {@link ArchiveCache} found, kept so that a later run does not
 * open the archive again: {@code inspections/ab/abcdef…/KEY.json} in the cache directory, where
 * {@code abcdef…} is the archive's sha256 and {@code KEY} the sha256 of everything else the result
 * depends on: {@link #VERSION}, the inspector's class and {@link ArchiveInspector#settings()} (the
 * {@code --archive-max-*} limits) and the archive's file name (tags and traps come from it). The
 * entry repeats that key, and is used only when it matches. Inspection does not depend on the
 * target: the assessment applies the target to what was found.
 *
 * <p>Only archives whose hash the {@link ArchiveCache} vouches for without reading them ({@link
 * ArchiveCache#verifiedHash}) are looked up or stored; any other path is inspected as before. Only
 * successful inspections are kept: a refused archive ({@link ArchiveException}) is inspected again
 * next time. Entries are written to a temporary name and moved into place; an entry that cannot be
 * read or parsed, or has another key, is a miss and is replaced. Thread safe.
 */
public final class InspectionCache {
  /**
   * The form of an entry and what the inspectors find: bump it when either changes (a field of
   * {@link Inspection}, a new trap, another rule for import names…), so that older entries are
   * passed over instead of giving old findings.
   */
  public static final int VERSION = 1;

  /** Made on first use: a run that reads no entry (a dry run) does not pay for a mapper. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  private final Path root;
  private final ArchiveCache archives;

  /**
   * @param root the {@code inspections/} directory
   * @param archives the cache whose archives' results are kept
   */
  public InspectionCache(Path root, ArchiveCache archives) {
    this.root = root;
    this.archives = archives;
  }

  /** The inspector, answering from this cache where it can and filling it where it cannot. */
  public ArchiveInspector cached(ArchiveInspector inspector) {
    return new ArchiveInspector() {
      @Override
      public boolean accepts(String filename) {
        return inspector.accepts(filename);
      }

      @Override
      public Inspection inspect(Path archive, String filename) throws ArchiveException {
        Optional<String> sha256 = archives.verifiedHash(archive);
        if (sha256.isEmpty()) {
          return inspector.inspect(archive, filename);
        }
        Map<String, String> key = key(inspector, sha256.get(), filename);
        Path entry = entryFor(sha256.get(), key);
        Optional<Inspection> hit = read(entry, key);
        if (hit.isPresent()) {
          return hit.get();
        }
        Inspection found = inspector.inspect(archive, filename);
        write(entry, key, found);
        return found;
      }

      @Override
      public String settings() {
        return inspector.settings();
      }
    };
  }

  private static Map<String, String> key(
      ArchiveInspector inspector, String sha256, String filename) {
    Map<String, String> key = new LinkedHashMap<>();
    key.put("version", Integer.toString(VERSION));
    key.put("inspector", inspector.getClass().getName());
    key.put("settings", inspector.settings());
    key.put("sha256", sha256);
    key.put("filename", filename);
    return key;
  }

  private Path entryFor(String sha256, Map<String, String> key) {
    StringBuilder text = new StringBuilder();
    key.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
    String digest =
        HexFormat.of()
            .formatHex(sha256Of().digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    return root.resolve(sha256.substring(0, 2)).resolve(sha256).resolve(digest + ".json");
  }

  private static Optional<Inspection> read(Path entry, Map<String, String> key) {
    try {
      JsonNode node = Json.MAPPER.readTree(Files.readAllBytes(entry));
      JsonNode stored = node.get("key");
      if (stored == null || !stored.equals(keyNode(key))) {
        return Optional.empty();
      }
      return Optional.of(fromJson(node.get("inspection")));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // absent, unreadable, truncated or of another form: a miss
    }
  }

  private static void write(Path entry, Map<String, String> key, Inspection inspection) {
    try {
      ObjectNode node = Json.MAPPER.createObjectNode();
      node.set("key", keyNode(key));
      node.set("inspection", toJson(inspection));
      AtomicFiles.write(entry, Json.MAPPER.writeValueAsBytes(node));
    } catch (IOException e) {
      // a cache that cannot be written: the archive is inspected again next run
    }
  }

  private static ObjectNode keyNode(Map<String, String> key) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    key.forEach(node::put);
    return node;
  }

  /** The stored form: every component of {@link Inspection}, in its order. */
  static ObjectNode toJson(Inspection i) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("filename", i.filename());
    node.put("kind", i.kind());
    ArrayNode extensions = node.putArray("extensions");
    for (ExtensionModule e : i.extensions()) {
      extensions.addObject().put("path", e.path()).put("abi", e.abi());
    }
    strings(node, "nativeSources", i.nativeSources());
    strings(node, "freeThreadingHints", i.freeThreadingHints());
    strings(node, "importNames", i.importNames());
    if (i.metadata().isPresent()) {
      node.put("metadata", i.metadata().get());
    } else {
      node.putNull("metadata");
    }
    node.put("entries", i.entries());
    strings(node, "traps", i.traps());
    if (i.record().isPresent()) {
      RecordCheck r = i.record().get();
      ObjectNode record = node.putObject("record");
      record.put("present", r.present());
      strings(record, "unlisted", r.unlisted());
      strings(record, "missing", r.missing());
      strings(record, "unhashed", r.unhashed());
      strings(record, "mismatched", r.mismatched());
    } else {
      node.putNull("record");
    }
    return node;
  }

  /**
   * @throws IllegalArgumentException when a field is missing or of another type
   */
  static Inspection fromJson(JsonNode node) {
    List<ExtensionModule> extensions = new ArrayList<>();
    for (JsonNode e : array(node, "extensions")) {
      extensions.add(new ExtensionModule(text(e, "path"), text(e, "abi")));
    }
    JsonNode metadata = field(node, "metadata");
    JsonNode record = field(node, "record");
    JsonNode entries = field(node, "entries");
    if (!entries.isInt()) {
      throw new IllegalArgumentException("entries: expected an int");
    }
    return new Inspection(
        text(node, "filename"),
        text(node, "kind"),
        extensions,
        strings(node, "nativeSources"),
        strings(node, "freeThreadingHints"),
        strings(node, "importNames"),
        metadata.isNull() ? Optional.empty() : Optional.of(textValue(metadata, "metadata")),
        entries.intValue(),
        strings(node, "traps"),
        record.isNull()
            ? Optional.empty()
            : Optional.of(
                new RecordCheck(
                    bool(record, "present"),
                    strings(record, "unlisted"),
                    strings(record, "missing"),
                    strings(record, "unhashed"),
                    strings(record, "mismatched"))));
  }

  private static void strings(ObjectNode node, String name, List<String> values) {
    ArrayNode array = node.putArray(name);
    values.forEach(array::add);
  }

  private static JsonNode field(JsonNode node, String name) {
    JsonNode value = node == null ? null : node.get(name);
    if (value == null) {
      throw new IllegalArgumentException(name + ": missing");
    }
    return value;
  }

  private static String text(JsonNode node, String name) {
    return textValue(field(node, name), name);
  }

  private static String textValue(JsonNode value, String name) {
    if (!value.isTextual()) {
      throw new IllegalArgumentException(name + ": expected a string");
    }
    return value.textValue();
  }

  private static boolean bool(JsonNode node, String name) {
    JsonNode value = field(node, name);
    if (!value.isBoolean()) {
      throw new IllegalArgumentException(name + ": expected true or false");
    }
    return value.booleanValue();
  }

  private static ArrayNode array(JsonNode node, String name) {
    JsonNode value = field(node, name);
    if (!value.isArray()) {
      throw new IllegalArgumentException(name + ": expected an array");
    }
    return (ArrayNode) value;
  }

  private static List<String> strings(JsonNode node, String name) {
    List<String> out = new ArrayList<>();
    for (Iterator<JsonNode> it = array(node, name).elements(); it.hasNext(); ) {
      out.add(textValue(it.next(), name));
    }
    return out;
  }

  private static MessageDigest sha256Of() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
