package dev.nogilscan.scanner.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nogilscan.compatdb.pep.PackageName;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Cache;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page store answers for pages and metadata files while HTTP caching rules let them be reused
 * ({@code max-age}, less {@code Age}), and never for longer; archives stay out of the HTTP cache.
 */
class IndexPageStoreTest {
  private static final String JSON_TYPE = "application/vnd.pypi.simple.v1+json";
  private static final PackageName SIX = PackageName.of("six");

  @TempDir Path tmp;
  private MockWebServer server;
  private String root;
  private final AtomicLong clockOffset = new AtomicLong();
  private PageStore store;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    root = "http://127.0.0.1:" + server.getPort();
    store =
        new PageStore(tmp.resolve("pages"), () -> System.currentTimeMillis() + clockOffset.get());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /**
   * A new index and client each time, as a new run gets: only the store is shared (no HTTP cache,
   * so that every request the store does not answer reaches the server).
   */
  private SimpleRepositoryIndex index(boolean offline) {
    return index(offline, new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(5)).build());
  }

  private SimpleRepositoryIndex index(boolean offline, OkHttpClient client) {
    return new SimpleRepositoryIndex(
        root + "/simple/",
        Set.of(),
        () -> client,
        IndexCredentials.NONE,
        offline,
        Optional.of(store));
  }

  private void enqueuePage(String cacheControl, String... headers) {
    MockResponse.Builder r =
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", JSON_TYPE)
            .body(
                """
                {"files": [{"filename": "six-1.16.0-py2.py3-none-any.whl",
                  "url": "../../files/six-1.16.0-py2.py3-none-any.whl",
                  "hashes": {"sha256": "%s"}, "core-metadata": true}]}
                """
                    .formatted("b".repeat(64)));
    if (cacheControl != null) {
      r.addHeader("Cache-Control", cacheControl);
    }
    for (int i = 0; i < headers.length; i += 2) {
      r.addHeader(headers[i], headers[i + 1]);
    }
    server.enqueue(r.build());
  }

  @Test
  void aPageWithMaxAgeIsAnsweredFromTheStoreByTheNextRun() throws Exception {
    enqueuePage("max-age=600");
    ProjectPage first = index(false).project(SIX).orElseThrow();

    ProjectPage again = index(false).project(SIX).orElseThrow();

    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(again.files()).isEqualTo(first.files());
    assertThat(again.files().get(0).url())
        .isEqualTo(root + "/files/six-1.16.0-py2.py3-none-any.whl");
    assertThat(again.url()).isEqualTo(first.url());
  }

  @Test
  void aPageWithoutMaxAgeIsAskedForEachRun() throws Exception {
    enqueuePage(null);
    enqueuePage(null);

    index(false).project(SIX);
    index(false).project(SIX);

    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void noCacheAndNoStoreKeepAPageOutOfTheStore() throws Exception {
    enqueuePage("no-cache, max-age=600");
    enqueuePage("no-store, max-age=600");
    enqueuePage("max-age=600");

    index(false).project(SIX);
    index(false).project(SIX);
    index(false).project(SIX);

    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void anAgeAsOldAsTheMaxAgeLeavesNothingToReuse() throws Exception {
    enqueuePage("max-age=600", "Age", "600");
    enqueuePage("max-age=600", "Age", "600");

    index(false).project(SIX);
    index(false).project(SIX);

    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void onceTheMaxAgeHasPassedThePageIsAskedForAgain() throws Exception {
    enqueuePage("max-age=600");
    enqueuePage("max-age=600");
    index(false).project(SIX);

    clockOffset.set(601_000);
    index(false).project(SIX);

    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void offlineAStalePageIsStillUsed() throws Exception {
    enqueuePage("max-age=600");
    index(false).project(SIX);
    clockOffset.set(3_600_000);

    assertThat(index(true).project(SIX)).isPresent();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void metadataWithMaxAgeIsAnsweredFromTheStoreByTheNextRun() throws Exception {
    enqueuePage("max-age=600");
    DistributionFile wheel = index(false).project(SIX).orElseThrow().files().get(0);
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Cache-Control", "max-age=365000000, immutable")
            .body("Metadata-Version: 2.1\nName: six\nVersion: 1.16.0\n")
            .build());

    String first = index(false).metadata(wheel).orElseThrow();
    String again = index(false).metadata(wheel).orElseThrow();

    assertThat(again).isEqualTo(first).contains("Name: six");
    assertThat(server.getRequestCount()).isEqualTo(2); // the page, then the metadata once
  }

  @Test
  void archivesAreNotKeptInTheHttpCache() throws Exception {
    for (int i = 0; i < 2; i++) {
      server.enqueue(
          new MockResponse.Builder()
              .code(200)
              .addHeader("Cache-Control", "max-age=365000000, immutable")
              .body("archive bytes")
              .build());
    }
    DistributionFile file =
        new DistributionFile(
            "six-1.16.0.tar.gz",
            root + "/files/six-1.16.0.tar.gz",
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            false);
    SimpleRepositoryIndex index =
        index(
            false,
            new OkHttpClient.Builder()
                .readTimeout(Duration.ofSeconds(5))
                .cache(new Cache(tmp.resolve("http").toFile(), 1 << 20))
                .build());

    for (int i = 0; i < 2; i++) {
      try (InputStream in = index.open(file)) {
        assertThat(in.readAllBytes()).hasSize(13);
      }
    }

    assertThat(server.getRequestCount()).isEqualTo(2);
  }
}
