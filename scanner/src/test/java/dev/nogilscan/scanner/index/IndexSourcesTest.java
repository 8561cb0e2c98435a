package dev.nogilscan.scanner.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nogilscan.compatdb.pep.PackageName;
import java.io.IOException;
import java.io.InputStream;
import java.net.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Extra indexes, find-links, pip.conf, netrc, proxies, Retry-After and --offline. */
class IndexSourcesTest {
  private static final String JSON_TYPE = "application/vnd.pypi.simple.v1+json";
  @TempDir Path tmp;
  private MockWebServer server;
  private String root;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    root = "http://127.0.0.1:" + server.getPort();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", JSON_TYPE)
        .addHeader("Cache-Control", "max-age=600")
        .body(body)
        .build();
  }

  private static String page(String... filenames) {
    StringBuilder files = new StringBuilder();
    for (String f : filenames) {
      if (files.length() > 0) {
        files.append(',');
      }
      files
          .append("{\"filename\":\"")
          .append(f)
          .append("\",\"url\":\"/files/")
          .append(f)
          .append("\",\"hashes\":{}}");
    }
    return "{\"meta\":{\"api-version\":\"1.1\"},\"name\":\"demo\",\"files\":[" + files + "]}";
  }

  @Test
  void multipleIndexesMergeFilesAndFetchEachFromItsOwnIndex() throws Exception {
    Files.writeString(tmp.resolve("demo-3.0-py3-none-any.whl"), "local");
    Files.writeString(tmp.resolve("other-1.0-py3-none-any.whl"), "other");
    server.enqueue(json(page("demo-1.0-py3-none-any.whl", "demo-2.0.tar.gz")));
    server.enqueue(new MockResponse.Builder().code(200).body("remote bytes").build());
    MultiIndex index =
        new MultiIndex(
            List.of(
                new SimpleRepositoryIndex(root + "/simple/", Set.of(), new OkHttpClient()),
                new FindLinksIndex(tmp)));

    ProjectPage p = index.project(PackageName.of("Demo")).orElseThrow();
    assertThat(p.files())
        .extracting(DistributionFile::filename)
        .containsExactly(
            "demo-1.0-py3-none-any.whl", "demo-2.0.tar.gz", "demo-3.0-py3-none-any.whl");
    DistributionFile local = p.files().get(2);
    assertThat(local.sha256()).hasValue(sha("local")); // hashed from the file itself
    try (InputStream in = index.open(local)) {
      assertThat(new String(in.readAllBytes())).isEqualTo("local");
    }
    try (InputStream in = index.open(p.files().get(0))) {
      assertThat(new String(in.readAllBytes())).isEqualTo("remote bytes");
    }
    assertThat(server.takeRequest().getTarget()).isEqualTo("/simple/demo/");
    assertThat(server.takeRequest().getTarget()).isEqualTo("/files/demo-1.0-py3-none-any.whl");
  }

  private static String sha(String text) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(
            java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  @Test
  void findLinksIsNotADirectory() {
    assertThatThrownBy(() -> new FindLinksIndex(tmp.resolve("nope")))
        .isInstanceOf(IndexException.class)
        .hasMessage("--find-links " + tmp.resolve("nope") + ": not a directory");
  }

  @Test
  void netrcCredentialsAreSentToTheIndexHostAndNeverShown() throws Exception {
    Netrc netrc =
        Netrc.parse(
            "machine elsewhere login x password y\nmachine 127.0.0.1 login alice password s3cret\n");
    server.enqueue(json(page()));
    SimpleRepositoryIndex index =
        new SimpleRepositoryIndex(root + "/simple/", Set.of(), new OkHttpClient(), netrc, false);
    index.project(PackageName.of("demo"));
    RecordedRequest r = server.takeRequest();
    assertThat(r.getHeaders().get("Authorization"))
        .isEqualTo(okhttp3.Credentials.basic("alice", "s3cret"));
    assertThat(index.describe()).doesNotContain("alice").doesNotContain("s3cret");
  }

  @Test
  void netrcDefaultEntryAndComments() {
    Netrc n =
        Netrc.parse(
            "# comment\nmachine a.example login u1 password p1\ndefault login anon password guest\n");
    assertThat(n.forHost("a.example")).hasValue(new IndexCredentials.Login("u1", "p1"));
    assertThat(n.forHost("b.example")).hasValue(new IndexCredentials.Login("anon", "guest"));
    assertThat(Netrc.parse("").forHost("x")).isEmpty();
  }

  @Test
  void pipConfReadsGlobalAndInstallSectionsWithContinuations() {
    Map<String, String> v =
        PipConfig.parse(
            """
        [global]
        index-url = https://mirror.example/simple
        extra-index-url =
            https://one.example/simple
            https://two.example/simple
        [freeze]
        index-url = https://ignored.example/simple
        [install]
        trusted_host = mirror.example
        """);
    assertThat(v)
        .containsEntry("index-url", "https://mirror.example/simple")
        .containsEntry("extra-index-url", "https://one.example/simple https://two.example/simple")
        .containsEntry("trusted-host", "mirror.example");
  }

  @Test
  void pipConfFileFromTheEnvironment() throws IOException {
    Path conf = tmp.resolve("pip.conf");
    Files.writeString(
        conf, "[global]\nindex-url = https://mirror.example/simple\nfind-links = /wheels\n");
    PipConfig c = PipConfig.load(Map.of("PIP_CONFIG_FILE", conf.toString()), tmp);
    assertThat(c.indexUrl()).hasValue("https://mirror.example/simple");
    assertThat(c.findLinks()).containsExactly("/wheels");
    assertThat(PipConfig.load(Map.of("PIP_CONFIG_FILE", "/dev/null"), tmp).indexUrl()).isEmpty();
  }

  @Test
  void proxiesFromTheEnvironmentWithNoProxyAndLoopbackBypassed() {
    var selector =
        EnvironmentProxySelector.from(
            Map.of(
                "HTTPS_PROXY", "http://proxy.example:3128", "NO_PROXY", "internal.example,.corp"));
    assertThat(selector.select(URI.create("https://pypi.org/simple/")).get(0).address().toString())
        .isEqualTo("proxy.example/<unresolved>:3128");
    assertThat(selector.select(URI.create("https://internal.example/simple/")))
        .containsExactly(Proxy.NO_PROXY);
    assertThat(selector.select(URI.create("https://a.corp/simple/")))
        .containsExactly(Proxy.NO_PROXY);
    assertThat(selector.select(URI.create("http://127.0.0.1:8080/simple/")))
        .containsExactly(Proxy.NO_PROXY);
    assertThat(selector.select(URI.create("http://plain.example/")))
        .containsExactly(Proxy.NO_PROXY);
  }

  @Test
  void retryAfterInSecondsIsHonouredAndDatesAreIgnored() {
    assertThat(SimpleRepositoryIndex.retryAfter("2")).hasValue(2L);
    assertThat(SimpleRepositoryIndex.retryAfter(" 120 ")).hasValue(120L);
    assertThat(SimpleRepositoryIndex.retryAfter("Wed, 21 Oct 2026 07:28:00 GMT")).isEmpty();
    assertThat(SimpleRepositoryIndex.retryAfter(null)).isEmpty();
  }

  @Test
  void a429WithRetryAfterIsRetriedAfterThatDelay() throws Exception {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "1").build());
    server.enqueue(json(page("demo-1.0-py3-none-any.whl")));
    long start = System.nanoTime();
    Optional<ProjectPage> p =
        new SimpleRepositoryIndex(root + "/simple/", Set.of(), new OkHttpClient())
            .project(PackageName.of("demo"));
    assertThat(p).isPresent();
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(900_000_000L);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void offlineAnswersFromTheHttpCacheAndSaysWhatItLacks() throws Exception {
    OkHttpClient client =
        SimpleRepositoryIndex.defaultClient(
            tmp.resolve("http"), Map.of(), java.time.Duration.ofSeconds(15));
    server.enqueue(json(page("demo-1.0-py3-none-any.whl")));
    new SimpleRepositoryIndex(root + "/simple/", Set.of(), client).project(PackageName.of("demo"));
    assertThat(server.getRequestCount()).isEqualTo(1);

    SimpleRepositoryIndex offline =
        new SimpleRepositoryIndex(root + "/simple/", Set.of(), client, IndexCredentials.NONE, true);
    assertThat(offline.project(PackageName.of("demo")).orElseThrow().files()).hasSize(1);
    assertThatThrownBy(() -> offline.project(PackageName.of("never-seen")))
        .isInstanceOf(IOException.class)
        .hasMessage(root + "/simple/never-seen/: not in the cache (--offline)");
    assertThat(server.getRequestCount()).as("offline makes no request").isEqualTo(1);
  }
}
