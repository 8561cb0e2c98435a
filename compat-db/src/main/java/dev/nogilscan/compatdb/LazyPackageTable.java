package dev.nogilscan.compatdb;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nogilscan.compatdb.pep.PackageName;
import dev.nogilscan.compatdb.pep.Version;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A snapshot whose header is read at once and whose packages are decoded one by one on first use.
 *
 * <p>{@link #index} makes one streaming pass over the whole text: Jackson's tokenizer checks every
 * character of the syntax (the same parser {@code ObjectMapper.readTree} runs), the header is read
 * into a tree and checked by {@link CompatDbCodec#readHeader}, and each member of {@code packages}
 * is only skipped over, its character range remembered under its key. A scan looks up a few hundred
 * names of the 500, so it never builds the others, and nothing here needs an {@code ObjectMapper}
 * (whose first construction alone costs a fresh JVM hundreds of milliseconds).
 *
 * <p>Messages stay the whole document's: an entry is decoded by the same {@link
 * CompatDbCodec#readPackage} at the path it has in the document, and when that fails the error is
 * taken from a second decoding on {@code ObjectMapper.readTree}'s tree of the entry, the tree the
 * eager reading walks. Anything out of the ordinary at indexing (invalid JSON, a duplicate key, a
 * {@code packages} that is not an object, a member that is not an object, a header error) makes
 * {@link #index} give up, and the caller reads the document eagerly, which reports it as before.
 *
 * <p>Thread-safe: each entry is decoded at most once per thread that races for it, and every caller
 * gets the first one stored (decoding is deterministic, so racing copies are equal).
 */
final class LazyPackageTable implements PackageTable {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String PACKAGES_PATH = "$.packages";

  private final String json;
  private final String source;
  private final DatabaseInfo info;
  private final String[] keys;
  private final int[] starts;
  private final int[] ends;
  private final Map<String, Integer> slots;
  private final AtomicReferenceArray<PackageEntry> decoded;
  // Shared by the entries' readers, as one reader of the whole document shares them.
  private final Map<String, LocalDate> dates = new ConcurrentHashMap<>();
  private final Map<String, Version> versions = new ConcurrentHashMap<>();
  private volatile Collection<PackageEntry> all;

  private LazyPackageTable(
      String json, String source, DatabaseInfo info, List<String> keys, int[] starts, int[] ends) {
    this.json = json;
    this.source = source;
    this.info = info;
    this.keys = keys.toArray(String[]::new);
    this.starts = starts;
    this.ends = ends;
    Map<String, Integer> slots = new HashMap<>();
    for (int i = 0; i < this.keys.length; i++) {
      slots.put(this.keys[i], i);
    }
    this.slots = slots;
    this.decoded = new AtomicReferenceArray<>(this.keys.length);
  }

  /**
   * Indexes a snapshot, or empty when it is not a well-formed document of the usual shape, in which
   * case the eager reading must be used (and reports the problem).
   *
   * @param source the file name for messages
   */
  static Optional<LazyPackageTable> index(String json, String source) {
    ObjectNode header = NODES.objectNode();
    List<String> keys = new ArrayList<>();
    int[] starts = new int[64];
    int[] ends = new int[64];
    boolean sawPackages = false;
    try (JsonParser p = FACTORY.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (header.has(field)) {
          return Optional.empty(); // readTree keeps the last one; leave that to it
        }
        if (!field.equals("packages")) {
          header.set(field, tree(p));
          continue;
        }
        if (value != JsonToken.START_OBJECT) {
          return Optional.empty();
        }
        sawPackages = true;
        // Only the keys matter to the header; the entries are read on demand.
        header.set(field, NODES.objectNode());
        Map<String, Boolean> seen = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          if (p.nextToken() != JsonToken.START_OBJECT || seen.put(key, Boolean.TRUE) != null) {
            return Optional.empty();
          }
          int n = keys.size();
          if (n == starts.length) {
            starts = java.util.Arrays.copyOf(starts, 2 * n);
            ends = java.util.Arrays.copyOf(ends, 2 * n);
          }
          starts[n] = Math.toIntExact(p.currentTokenLocation().getCharOffset());
          p.skipChildren();
          ends[n] = Math.toIntExact(p.currentLocation().getCharOffset());
          keys.add(key);
        }
      }
      // readTree stops after the root value; so do we, but anything after it goes to readTree.
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        return Optional.empty();
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    if (!sawPackages) {
      return Optional.empty();
    }
    DatabaseInfo info;
    try {
      info = CompatDbCodec.readHeader(new JsonReader(source).root(header));
    } catch (CompatDbException e) {
      return Optional.empty();
    }
    return Optional.of(new LazyPackageTable(json, source, info, keys, starts, ends));
  }

  DatabaseInfo info() {
    return info;
  }

  /** How many entries the snapshot has, without decoding them. */
  int size() {
    return keys.length;
  }

  /** Decodes every entry now, in file order. @throws CompatDbException for the first bad one */
  LazyPackageTable checkEveryEntry() {
    all();
    return this;
  }

  @Override
  public Optional<PackageEntry> get(PackageName name) {
    Integer slot = slots.get(name.normalized());
    return slot == null ? Optional.empty() : Optional.of(entry(slot));
  }

  @Override
  public Collection<PackageEntry> all() {
    Collection<PackageEntry> a = all;
    if (a == null) {
      SortedMap<PackageName, PackageEntry> byName = new TreeMap<>();
      for (int i = 0; i < keys.length; i++) {
        PackageEntry e = entry(i);
        byName.put(e.name(), e);
      }
      a = Collections.unmodifiableSortedMap(byName).values();
      all = a;
    }
    return a;
  }

  private PackageEntry entry(int slot) {
    PackageEntry e = decoded.get(slot);
    if (e != null) {
      return e;
    }
    e = decode(slot);
    return decoded.compareAndSet(slot, null, e) ? e : decoded.get(slot);
  }

  private PackageEntry decode(int slot) {
    String text = json.substring(starts[slot], ends[slot]);
    JsonNode node;
    try (JsonParser p = FACTORY.createParser(text)) {
      p.nextToken();
      node = tree(p);
    } catch (IOException e) {
      // The index pass tokenized these very characters without a fault.
      throw new UncheckedIOException("cannot re-read the entry " + keys[slot] + " of " + source, e);
    }
    try {
      return CompatDbCodec.readPackage(
          keys[slot],
          new JsonReader(source, dates, versions).member(PACKAGES_PATH, keys[slot], node));
    } catch (CompatDbException e) {
      throw eagerError(slot, text, e);
    }
  }

  /**
   * The error the eager reading gives for this entry: the same checks on {@code readTree}'s tree,
   * so that a number or other value the light tree of {@link #tree} might render differently in a
   * message is described exactly as before.
   */
  private CompatDbException eagerError(int slot, String text, CompatDbException light) {
    try {
      JsonNode node = CompatDatabase.mapper().readTree(text);
      CompatDbCodec.readPackage(
          keys[slot], new JsonReader(source).member(PACKAGES_PATH, keys[slot], node));
      return light;
    } catch (CompatDbException e) {
      return e;
    } catch (IOException e) {
      return light;
    }
  }

  /**
   * The value at the parser's current token as a tree, as {@code ObjectMapper.readTree} builds it
   * for everything the codec accepts (objects with the last of duplicate keys, arrays, strings,
   * integers by size, booleans, null), without an {@code ObjectMapper}.
   */
  private static JsonNode tree(JsonParser p) throws IOException {
    switch (p.currentToken()) {
      case START_OBJECT:
        {
          ObjectNode o = NODES.objectNode();
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            o.replace(name, tree(p));
          }
          return o;
        }
      case START_ARRAY:
        {
          ArrayNode a = NODES.arrayNode();
          while (p.nextToken() != JsonToken.END_ARRAY) {
            a.add(tree(p));
          }
          return a;
        }
      case VALUE_STRING:
        return NODES.textNode(p.getText());
      case VALUE_NUMBER_INT:
        switch (p.getNumberType()) {
          case INT:
            return NODES.numberNode(p.getIntValue());
          case LONG:
            return NODES.numberNode(p.getLongValue());
          default:
            return NODES.numberNode(p.getBigIntegerValue());
        }
      case VALUE_NUMBER_FLOAT:
        return NODES.numberNode(p.getDoubleValue());
      case VALUE_TRUE:
        return NODES.booleanNode(true);
      case VALUE_FALSE:
        return NODES.booleanNode(false);
      case VALUE_NULL:
        return NODES.nullNode();
      default:
        throw new IllegalStateException("unexpected " + p.currentToken());
    }
  }
}
