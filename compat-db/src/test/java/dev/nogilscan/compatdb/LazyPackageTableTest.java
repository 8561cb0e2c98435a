package dev.nogilscan.compatdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.nogilscan.compatdb.pep.PackageName;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Decoding entries on demand gives exactly what reading the whole document gives. */
class LazyPackageTableTest {
  private static final String SOURCE = "compat-db.json (bundled)";

  private static String bundledText() throws Exception {
    try (InputStream in = CompatDatabase.class.getResourceAsStream(CompatDatabase.RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static LazyPackageTable index(String json, String source) {
    return LazyPackageTable.index(json, source).orElseThrow();
  }

  @Test
  void everyBundledEntryDecodedOnDemandEqualsTheEagerlyDecodedOne() throws Exception {
    // Also what keeps a malformed entry out of a release: load() does not check entries.
    String text = bundledText();
    CompatDatabase eager = CompatDatabase.parse(text, SOURCE);
    LazyPackageTable lazy = index(text, SOURCE);
    assertThat(lazy.info()).isEqualTo(eager.info());
    assertThat(lazy.size()).isEqualTo(eager.packages().size());
    List<PackageEntry> expected = new ArrayList<>(eager.packages());
    List<PackageEntry> reversed = new ArrayList<>(expected);
    Collections.reverse(reversed);
    for (PackageEntry e : reversed) {
      assertThat(lazy.get(e.name())).contains(e);
    }
    assertThat(new ArrayList<>(lazy.all())).isEqualTo(expected);
    assertThat(lazy.get(PackageName.of("not-in-the-snapshot"))).isEmpty();
  }

  @Test
  void loadedBundledDatabaseAnswersAsTheEagerOne() throws Exception {
    CompatDatabase eager = CompatDatabase.parse(bundledText(), SOURCE);
    CompatDatabase lazy = CompatDatabase.load();
    for (PackageEntry e : eager.packages()) {
      for (CompatTarget t : CompatTarget.values()) {
        for (PlatformKey p : PlatformKey.values()) {
          assertThat(lazy.lookup(e.name(), t, Optional.of(p)))
              .isEqualTo(eager.lookup(e.name(), t, Optional.of(p)));
        }
      }
    }
    assertThat(lazy.toJson()).isEqualTo(eager.toJson());
  }

  @Test
  void concurrentLookupsFromManyThreadsGetTheSameEntries() throws Exception {
    String text = bundledText();
    CompatDatabase eager = CompatDatabase.parse(text, SOURCE);
    List<PackageName> names = eager.packages().stream().map(PackageEntry::name).toList();
    LazyPackageTable lazy = index(text, SOURCE);
    int threads = 16;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<PackageEntry>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        List<PackageName> order = new ArrayList<>(names);
        Collections.shuffle(order, new Random(t));
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  List<PackageEntry> got = new ArrayList<>();
                  for (PackageName n : order) {
                    got.add(lazy.get(n).orElseThrow());
                  }
                  got.sort(java.util.Comparator.comparing(PackageEntry::name));
                  return got;
                }));
      }
      start.countDown();
      List<PackageEntry> first = results.get(0).get();
      assertThat(first).isEqualTo(new ArrayList<>(eager.packages()));
      for (Future<List<PackageEntry>> r : results) {
        List<PackageEntry> got = r.get();
        for (int i = 0; i < got.size(); i++) {
          // One decoded entry is kept and handed to every thread.
          assertThat(got.get(i)).isSameAs(first.get(i));
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static String doc(String packages) {
    return """
        {"formatVersion": 1, "version": "1", "date": "2026-11-27", "generatedBy": "x", "index": "y",
         "packages": %s}
        """
        .formatted(packages);
  }

  private static final String GOOD = "{\"learned\": \"2026-11-27\", \"targets\": {}}";

  private static String withBad(String badEntry) {
    return doc("{\"aaa\": " + GOOD + ", \"numpy\": " + badEntry + ", \"zzz\": " + GOOD + "}");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"learned\": \"2026-11-27\", \"targets\": {}, \"rank\": 1.5}",
        "{\"learned\": \"2026-11-27\", \"targets\": {}, \"rank\": 12345678901234567890}",
        "{\"learned\": \"2026-11-27\", \"targets\": {}, \"rank\": 3000000000}",
        "{\"learned\": \"2026-11-27\", \"targets\": {}, \"rank\": 1e400}",
        "{\"learned\": \"2026-11-27\", \"targets\": {}, \"rank\": -0.0}",
        "{\"learned\": \"2026-11-27\", \"targets\": {}, \"rank\": true}",
        "{\"learned\": \"2026-11-27\", \"targets\": {}, \"rank\": \"20\"}",
        "{\"learned\": null, \"targets\": {}}",
        "{\"learned\": \"2026-02-30\", \"targets\": {}}",
        "{\"learned\": \"2026-13-01\", \"targets\": {}}",
        "{\"learned\": \"+2026-11-27\", \"targets\": {}}",
        "{\"learned\": \"2026-1-27\", \"targets\": {}}",
        "{\"learned\": 20261127, \"targets\": {}}",
        "{\"learned\": \"2026-11-27\", \"learned\": \"27.11.2026\", \"targets\": {}}",
        "{\"learned\": \"2026-11-27\", \"targets\": {\"3.13t\": {\"platforms\": {\"linux-x86_64\":"
            + " {\"versions\": [\"2.1.0\", \"two\"]}}}}}",
        "{\"learned\": \"2026-11-27\", \"targets\": {\"3.13t\": {\"platforms\": {\"linux-x86_64\":"
            + " {\"versions\": [\"2.1.0\", [1, 2.5, {\"a\": null}]]}}}}}",
        "{\"learned\": \"2026-11-27\", \"targets\": [], \"colour\": 1}",
        "{\"learned\": \"2026-11-27\", \"alternatives\": [{\"name\": \"-x-\", \"reason\": \"r\"}],"
            + " \"targets\": {}}",
      })
  void aMalformedEntryFailsWithTheWholeDocumentsMessage(String badEntry, @TempDir Path dir)
      throws Exception {
    String json = withBad(badEntry);
    Path file = dir.resolve("db.json");
    Files.writeString(file, json);
    CompatDbException eager =
        catchThrowableOfType(
            () -> CompatDatabase.parse(json, file.toString()), CompatDbException.class);
    assertThat(eager).isNotNull();

    // A file is checked entry by entry at load: same failure, same moment.
    assertThatThrownBy(() -> CompatDatabase.load(file))
        .isInstanceOf(CompatDbException.class)
        .hasMessage(eager.getMessage())
        .satisfies(
            e -> {
              assertThat(((CompatDbException) e).file()).isEqualTo(eager.file());
              assertThat(((CompatDbException) e).path()).isEqualTo(eager.path());
            });

    // Decoded on demand: the good entries answer, the bad one fails with the same message.
    LazyPackageTable lazy = index(json, file.toString());
    assertThat(lazy.get(PackageName.of("aaa"))).isPresent();
    assertThat(lazy.get(PackageName.of("zzz"))).isPresent();
    assertThatThrownBy(() -> lazy.get(PackageName.of("numpy")))
        .isInstanceOf(CompatDbException.class)
        .hasMessage(eager.getMessage());
    assertThatThrownBy(lazy::all).hasMessage(eager.getMessage());
  }

  @Test
  void theFirstMalformedEntryInFileOrderIsReported(@TempDir Path dir) throws Exception {
    String json =
        doc(
            "{\"zzz\": {\"targets\": {}}, \"aaa\": {\"learned\": \"x\", \"targets\": {}},"
                + " \"mmm\": "
                + GOOD
                + "}");
    Path file = dir.resolve("db.json");
    Files.writeString(file, json);
    assertThatThrownBy(() -> CompatDatabase.load(file))
        .hasMessage(file + ": $.packages.zzz: expected the key 'learned'");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "{",
        "[]",
        "null",
        "7",
        "{\"formatVersion\": 1} trailing",
        "{\"formatVersion\": 1}",
        "{\"formatVersion\": 2, \"packages\": {}}",
        "{\"formatVersion\": 1, \"version\": \"1\", \"date\": \"2026-11-27\", \"generatedBy\": \"x\","
            + " \"index\": \"y\"}",
        "{\"formatVersion\": 1, \"version\": \"1\", \"date\": \"2026-11-27\", \"generatedBy\": \"x\","
            + " \"index\": \"y\", \"packages\": []}",
        "{\"formatVersion\": 1, \"version\": \"1\", \"date\": \"2026-11-27\", \"generatedBy\": \"x\","
            + " \"index\": \"y\", \"packages\": {\"numpy\": 3}}",
        "{\"formatVersion\": 1, \"version\": \"1\", \"date\": \"2026-11-27\", \"generatedBy\": \"x\","
            + " \"index\": \"y\", \"packages\": {}, \"colour\": 1}",
        "{\"formatVersion\": 1, \"version\": \"1\", \"date\": \"2026-11-27\", \"generatedBy\": \"x\","
            + " \"index\": \"y\", \"packages\": {}, \"index\": \"\"}",
        "{\"formatVersion\": 1, \"version\": \"1\", \"date\": \"2026-11-27\", \"generatedBy\": \"x\","
            + " \"index\": \"y\", \"packages\": {\"numpy\": {\"learned\": \"2026-11-27\", \"targets\":"
            + " {}}, \"numpy\": {}}}",
        "{\"formatVersion\": 1, \"version\": \"1\", \"date\": \"2026-11-27\", \"generatedBy\": \"x\","
            + " \"index\": \"y\", \"packages\": {\"numpy\": {\"learned\": \"2026-11-27\"} ] }",
        "{\"formatVersion\": 1, \"version\": \"1\", \"date\": \"2026-11-27\", \"generatedBy\": \"x\","
            + " \"index\": \"y\", \"notes\": [1], \"packages\": {}}",
        "{\"formatVersion\": 1, \"version\": \"1\", \"date\": \"2026-11-27\", \"generatedBy\": \"x\","
            + " \"index\": \"y\", \"packages\": {\"NumPy\": {\"learned\": \"2026-11-27\", \"targets\":"
            + " {}}}}",
      })
  void aMalformedDocumentFailsAtLoadAsBefore(String json, @TempDir Path dir) throws Exception {
    Path file = dir.resolve("db.json");
    Files.writeString(file, json);
    Throwable eager =
        catchThrowableOfType(() -> CompatDatabase.parse(json, file.toString()), Throwable.class);
    Throwable lazy = catchThrowableOfType(() -> CompatDatabase.load(file), Throwable.class);
    if (eager == null) {
      // readTree ignores what follows the document; so does the lazy reading.
      assertThat(lazy).isNull();
      assertThat(CompatDatabase.load(file).toJson())
          .isEqualTo(CompatDatabase.parse(json, file.toString()).toJson());
    } else {
      assertThat(lazy).isInstanceOf(eager.getClass()).hasMessage(eager.getMessage());
    }
  }
}
