package dev.nogilscan.scanner.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.nogilscan.compatdb.pep.PackageName;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SimpleRepositoryIndexTest {
  private static final String JSON_TYPE = "application/vnd.pypi.simple.v1+json";
  private static final String SHA = "a".repeat(64);

  private final OkHttpClient client =
      new OkHttpClient.Builder()
          .connectTimeout(Duration.ofSeconds(5))
          .readTimeout(Duration.ofSeconds(5))
          .build();
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

  private SimpleRepositoryIndex index() {
    return new SimpleRepositoryIndex(root + "/simple/", Set.of(), client);
  }

  private static MockResponse page(String contentType, String body) {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", contentType)
        .body(body)
        .build();
  }

  private static MockResponse status(int code) {
    return new MockResponse.Builder().code(code).body("").build();
  }

  private RecordedRequest take() throws InterruptedException {
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request).as("a request reached the server").isNotNull();
    return request;
  }

  @Test
  void readsPep691JsonPage() throws Exception {
    server.enqueue(
        page(
            JSON_TYPE,
            """
            {"meta": {"api-version": "1.1"}, "name": "requests", "files": [
              {"filename": "requests-2.32.3-py3-none-any.whl",
               "url": "https://files.example/packages/requests-2.32.3-py3-none-any.whl",
               "hashes": {"sha256": "%s"}, "requires-python": ">=3.8",
               "core-metadata": {"sha256": "%s"}, "yanked": false},
              {"filename": "requests-2.32.0.tar.gz",
               "url": "../../packages/requests-2.32.0.tar.gz#sha256=%s",
               "hashes": {}, "yanked": "broke the session API", "dist-info-metadata": true},
              {"filename": "requests-2.31.0.tar.gz", "url": "/files/requests-2.31.0.tar.gz",
               "yanked": true, "requires-python": "", "core-metadata": false},
              {"filename": "", "url": "/files/nameless.tar.gz"},
              {"filename": "no-url-1.0.tar.gz"}
            ]}
            """
                .formatted(SHA.toUpperCase(), SHA, SHA)));

    Optional<ProjectPage> page = index().project(PackageName.of("Requests"));

    assertThat(page).isPresent();
    assertThat(page.get().name()).isEqualTo(PackageName.of("requests"));
    assertThat(page.get().format()).isEqualTo("json");
    assertThat(page.get().url()).isEqualTo(root + "/simple/requests/");
    assertThat(page.get().files())
        .containsExactly(
            new DistributionFile(
                "requests-2.32.3-py3-none-any.whl",
                "https://files.example/packages/requests-2.32.3-py3-none-any.whl",
                Optional.of(SHA),
                Optional.of(">=3.8"),
                Optional.empty(),
                true),
            new DistributionFile(
                "requests-2.32.0.tar.gz",
                root + "/packages/requests-2.32.0.tar.gz",
                Optional.empty(),
                Optional.empty(),
                Optional.of("broke the session API"),
                true),
            new DistributionFile(
                "requests-2.31.0.tar.gz",
                root + "/files/requests-2.31.0.tar.gz",
                Optional.empty(),
                Optional.empty(),
                Optional.of(""),
                false));
    assertThat(page.get().files().get(0).isWheel()).isTrue();
    assertThat(page.get().files().get(1).isWheel()).isFalse();
  }

  @Test
  void sendsTheAcceptHeaderAndNormalizedPath() throws Exception {
    server.enqueue(page(JSON_TYPE, "{\"files\": []}"));

    index().project(PackageName.of("Zope.Interface"));

    RecordedRequest request = take();
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getTarget()).isEqualTo("/simple/zope-interface/");
    assertThat(request.getHeaders().get("Accept"))
        .isEqualTo(
            "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2,"
                + " text/html;q=0.01");
    assertThat(request.getHeaders().get("User-Agent")).isEqualTo("nogil-scan");
    assertThat(request.getHeaders().get("Authorization")).isNull();
  }

  @Test
  void indexUrlWithoutTrailingSlashGetsOne() throws Exception {
    server.enqueue(page(JSON_TYPE, "{\"files\": []}"));
    SimpleRepositoryIndex index = new SimpleRepositoryIndex(root + "/simple", Set.of(), client);

    assertThat(index.describe()).isEqualTo(root + "/simple/");
    index.project(PackageName.of("six"));
    assertThat(take().getTarget()).isEqualTo("/simple/six/");
  }

  @Test
  void fallsBackToPep503Html() throws Exception {
    server.enqueue(
        page(
            "text/html; charset=utf-8",
            """
            <!DOCTYPE html>
            <html><body><h1>Links for requests</h1>
            <a href="../../packages/requests-2.32.3-py3-none-any.whl#sha256=%s"
               data-requires-python="&gt;=3.8,&lt;4" data-dist-info-metadata="sha256=%s">requests-2.32.3-py3-none-any.whl</a><br>
            <a href='requests-2.32.0.tar.gz#md5=0123' data-yanked="broke &amp; fixed">requests-2.32.0.tar.gz</a><br>
            <A HREF=https://files.example/requests-2.31.0.tar.gz DATA-YANKED>requests-2.31.0.tar.gz</A>
            <a name="anchor-without-href">ignored</a>
            </body></html>
            """
                .formatted(SHA.toUpperCase(), SHA)));

    ProjectPage page = index().project(PackageName.of("requests")).orElseThrow();

    assertThat(page.format()).isEqualTo("html");
    assertThat(page.url()).isEqualTo(root + "/simple/requests/");
    assertThat(page.files())
        .containsExactly(
            new DistributionFile(
                "requests-2.32.3-py3-none-any.whl",
                root + "/packages/requests-2.32.3-py3-none-any.whl",
                Optional.of(SHA),
                Optional.of(">=3.8,<4"),
                Optional.empty(),
                true),
            new DistributionFile(
                "requests-2.32.0.tar.gz",
                root + "/simple/requests/requests-2.32.0.tar.gz",
                Optional.empty(),
                Optional.empty(),
                Optional.of("broke & fixed"),
                false),
            new DistributionFile(
                "requests-2.31.0.tar.gz",
                "https://files.example/requests-2.31.0.tar.gz",
                Optional.empty(),
                Optional.empty(),
                Optional.of(""),
                false));
  }

  @Test
  void invalidCharacterReferencesDoNotCrashTheScan() throws Exception {
    server.enqueue(
        page(
            "text/html",
            "<a href=\"six-1.16.0.tar.gz\" data-yanked=\"&#99999999999; &#x110000;\">six</a>"));

    ProjectPage page = index().project(PackageName.of("six")).orElseThrow();

    assertThat(page.files())
        .extracting(DistributionFile::yanked)
        .containsExactly(Optional.of("&#99999999999; &#x110000;"));
  }

  @Test
  void htmlWithoutContentTypeIsReadAsHtml() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .body("<a href=\"six-1.16.0.tar.gz\">six-1.16.0.tar.gz</a>")
            .build());

    ProjectPage page = index().project(PackageName.of("six")).orElseThrow();

    assertThat(page.format()).isEqualTo("html");
    assertThat(page.files())
        .extracting(DistributionFile::url)
        .containsExactly(root + "/simple/six/six-1.16.0.tar.gz");
  }

  @Test
  void pep691HtmlContentTypeIsReadAsHtml() throws Exception {
    server.enqueue(
        page("application/vnd.pypi.simple.v1+html", "<a href=\"/f/six-1.16.0.tar.gz\">six</a>"));

    ProjectPage page = index().project(PackageName.of("six")).orElseThrow();

    assertThat(page.format()).isEqualTo("html");
    assertThat(page.files()).extracting(DistributionFile::filename).containsExactly("six");
  }

  @Test
  void plainJsonContentTypeIsReadAsJsonWhenItIsAnObject() throws Exception {
    server.enqueue(
        page(
            "application/json",
            "{\"files\": [{\"filename\": \"six-1.16.0.tar.gz\", \"url\": \"six-1.16.0.tar.gz\"}]}"));

    ProjectPage page = index().project(PackageName.of("six")).orElseThrow();

    assertThat(page.format()).isEqualTo("json");
    assertThat(page.files())
        .extracting(DistributionFile::filename)
        .containsExactly("six-1.16.0.tar.gz");
  }

  @Test
  void contentTypeIsCaseInsensitive() throws Exception {
    server.enqueue(page("Text/HTML; Charset=UTF-8", "<a href=\"six-1.16.0.tar.gz\">six</a>"));

    assertThat(index().project(PackageName.of("six")).orElseThrow().format()).isEqualTo("html");
  }

  @Test
  void notFoundIsEmpty() throws Exception {
    server.enqueue(status(404));

    assertThat(index().project(PackageName.of("no-such-project"))).isEmpty();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void goneIsEmpty() throws Exception {
    server.enqueue(status(410));

    assertThat(index().project(PackageName.of("removed"))).isEmpty();
  }

  @Test
  void serverErrorIsRetriedThenSucceeds() throws Exception {
    server.enqueue(status(500));
    server.enqueue(
        page(
            JSON_TYPE,
            "{\"files\": [{\"filename\": \"six-1.16.0.tar.gz\", \"url\": \"six-1.16.0.tar.gz\"}]}"));

    ProjectPage page = index().project(PackageName.of("six")).orElseThrow();

    assertThat(page.files())
        .extracting(DistributionFile::filename)
        .containsExactly("six-1.16.0.tar.gz");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void tooManyRequestsIsRetried() throws Exception {
    server.enqueue(status(429));
    server.enqueue(page(JSON_TYPE, "{\"files\": []}"));

    assertThat(index().project(PackageName.of("six"))).isPresent();
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void endlessServiceUnavailableFailsAfterTheRetryBudget() {
    for (int i = 0; i < 5; i++) {
      server.enqueue(status(503));
    }

    assertThatThrownBy(() -> index().project(PackageName.of("six")))
        .isExactlyInstanceOf(IOException.class)
        .hasMessage(root + "/simple/six/: HTTP 503");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  private static MockResponse truncated() {
    // promises 100 bytes, sends 11, then closes the socket
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", JSON_TYPE)
        .body("{\"files\": [")
        .setHeader("Content-Length", 100)
        .onResponseEnd(new SocketEffect.CloseSocket())
        .build();
  }

  @Test
  void truncatedPageIsAnIoExceptionNamingThePage() {
    server.enqueue(truncated());

    assertThatThrownBy(() -> index().project(PackageName.of("six")))
        .isExactlyInstanceOf(IOException.class)
        .hasMessage(root + "/simple/six/: unexpected end of stream")
        .hasCauseInstanceOf(java.net.ProtocolException.class);
  }

  @Test
  void slowIndexTimesOut() {
    OkHttpClient impatient = client.newBuilder().readTimeout(Duration.ofMillis(200)).build();
    for (int i = 0; i < 3; i++) {
      server.enqueue(
          new MockResponse.Builder()
              .code(200)
              .headersDelay(2, TimeUnit.SECONDS)
              .body("{\"files\": []}")
              .build());
    }
    SimpleRepositoryIndex index = new SimpleRepositoryIndex(root + "/simple/", Set.of(), impatient);

    assertThatThrownBy(() -> index.project(PackageName.of("six")))
        .isExactlyInstanceOf(IOException.class)
        // OkHttp says "timeout" or "Read timed out" depending on where the wait ended
        .hasMessageMatching(
            java.util.regex.Pattern.quote(root + "/simple/six/: ") + "(timeout|Read timed out)")
        .hasCauseInstanceOf(java.io.InterruptedIOException.class);
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void aPageThatStallsMidBodyTimesOutNamingThePage() {
    OkHttpClient impatient = client.newBuilder().readTimeout(Duration.ofMillis(300)).build();
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", JSON_TYPE)
            .body("{\"files\": [" + " ".repeat(200) + "]}")
            .throttleBody(20, 5, TimeUnit.SECONDS)
            .build());
    SimpleRepositoryIndex index = new SimpleRepositoryIndex(root + "/simple/", Set.of(), impatient);

    assertThatThrownBy(() -> index.project(PackageName.of("six")))
        .isExactlyInstanceOf(IOException.class)
        .hasMessageMatching(
            java.util.regex.Pattern.quote(root + "/simple/six/: ") + "(timeout|Read timed out)");
  }

  @Test
  void aPageAnnouncedAsHugeIsRefusedBeforeItIsRead() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", JSON_TYPE)
            .body("{\"files\": []}")
            .setHeader("Content-Length", 1L << 40)
            .onResponseEnd(new SocketEffect.CloseSocket())
            .build());

    assertThatThrownBy(() -> index().project(PackageName.of("six")))
        .isExactlyInstanceOf(IOException.class)
        .hasMessage(
            root
                + "/simple/six/: the server announced 1099511627776 bytes; the limit is "
                + SimpleRepositoryIndex.MAX_PAGE_BYTES);
  }

  @Test
  void anUnannouncedBodyIsReadOnlyUpToTheLimit() throws IOException {
    okio.Buffer endless = new okio.Buffer().writeUtf8("x".repeat(5000));
    okhttp3.ResponseBody body = okhttp3.ResponseBody.Companion.create(endless, null, -1);
    assertThatThrownBy(() -> SimpleRepositoryIndex.boundedText(body, 1000))
        .isExactlyInstanceOf(IOException.class)
        .hasMessage("more than 1000 bytes; the limit is 1000");

    okhttp3.ResponseBody latin1 =
        okhttp3.ResponseBody.Companion.create(
            new okio.Buffer().write(new byte[] {(byte) 0xE9}),
            okhttp3.MediaType.get("text/html; charset=iso-8859-1"),
            1);
    assertThat(SimpleRepositoryIndex.boundedText(latin1, 1000)).isEqualTo("é");
    okhttp3.ResponseBody bom = okhttp3.ResponseBody.Companion.create("\uFEFF{}", null);
    assertThat(SimpleRepositoryIndex.boundedText(bom, 1000)).isEqualTo("{}");
  }

  @Test
  void aRedirectLoopEndsInAnErrorNamingThePageWithoutRetrying() {
    for (int i = 0; i < 25; i++) {
      server.enqueue(
          new MockResponse.Builder()
              .code(302)
              .addHeader("Location", root + "/simple/six/")
              .build());
    }

    assertThatThrownBy(() -> index().project(PackageName.of("six")))
        .isExactlyInstanceOf(IOException.class)
        .hasMessageStartingWith(root + "/simple/six/: Too many follow-up requests");
    // one attempt of the first request and OkHttp's 20 follow-ups, no retries of the loop
    assertThat(server.getRequestCount()).isEqualTo(21);
  }

  @Test
  void redirectedPageResolvesHrefsAgainstTheFinalUrl() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(301)
            .addHeader("Location", root + "/mirror/pages/six/")
            .body("")
            .build());
    server.enqueue(
        page("text/html", "<a href=\"../../files/six-1.16.0.tar.gz\">six-1.16.0.tar.gz</a>"));

    ProjectPage page = index().project(PackageName.of("six")).orElseThrow();

    assertThat(page.url()).isEqualTo(root + "/mirror/pages/six/");
    assertThat(page.files())
        .extracting(DistributionFile::url)
        .containsExactly(root + "/mirror/files/six-1.16.0.tar.gz");
  }

  @Test
  void credentialsAreNotForwardedOnARedirectToAnotherHost() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(302)
            .addHeader("Location", "http://localhost:" + server.getPort() + "/elsewhere/six/")
            .body("")
            .build());
    server.enqueue(page(JSON_TYPE, "{\"files\": []}"));
    SimpleRepositoryIndex index =
        new SimpleRepositoryIndex(
            "http://alice:s3cret@127.0.0.1:" + server.getPort() + "/simple/", Set.of(), client);

    index.project(PackageName.of("six"));

    assertThat(take().getHeaders().get("Authorization")).isEqualTo("Basic YWxpY2U6czNjcmV0");
    RecordedRequest redirected = take();
    assertThat(redirected.getTarget()).isEqualTo("/elsewhere/six/");
    assertThat(redirected.getHeaders().get("Authorization")).isNull();
  }

  @Test
  void credentialsAreNotSentToAnotherPortOfTheSameHost() throws Exception {
    try (MockWebServer other = new MockWebServer()) {
      other.start();
      other.enqueue(new MockResponse.Builder().code(200).body("bytes").build());
      SimpleRepositoryIndex index =
          new SimpleRepositoryIndex(
              "http://alice:s3cret@127.0.0.1:" + server.getPort() + "/simple/", Set.of(), client);
      DistributionFile file =
          new DistributionFile(
              "six-1.16.0.tar.gz",
              "http://127.0.0.1:" + other.getPort() + "/six-1.16.0.tar.gz",
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              false);

      try (InputStream in = index.open(file)) {
        assertThat(in.readAllBytes()).hasSize(5);
      }
      RecordedRequest request = other.takeRequest(5, TimeUnit.SECONDS);
      assertThat(request).isNotNull();
      assertThat(request.getHeaders().get("Authorization")).isNull();
    }
  }

  @Test
  void credentialsAreSentForFilesOnTheIndexOrigin() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).body("bytes").build());
    SimpleRepositoryIndex index =
        new SimpleRepositoryIndex(
            "http://alice:s3cret@127.0.0.1:" + server.getPort() + "/simple/", Set.of(), client);
    DistributionFile file =
        new DistributionFile(
            "six-1.16.0.tar.gz",
            root + "/packages/six-1.16.0.tar.gz",
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            false);

    try (InputStream in = index.open(file)) {
      assertThat(in.readAllBytes()).hasSize(5);
    }
    assertThat(take().getHeaders().get("Authorization")).isEqualTo("Basic YWxpY2U6czNjcmV0");
  }

  @Test
  void clientErrorIsNotRetried() {
    server.enqueue(status(403));

    assertThatThrownBy(() -> index().project(PackageName.of("six")))
        .isExactlyInstanceOf(IOException.class)
        .hasMessage(root + "/simple/six/: HTTP 403");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void wrongContentTypeIsAnIoExceptionNamingIt() {
    server.enqueue(page("application/octet-stream", "PK\u0003\u0004"));

    assertThatThrownBy(() -> index().project(PackageName.of("six")))
        .isExactlyInstanceOf(IOException.class)
        .hasMessage(
            root
                + "/simple/six/: unexpected Content-Type 'application/octet-stream', expected"
                + " application/vnd.pypi.simple.v1+json or text/html");
  }

  @Test
  void malformedJsonIsAnIoException() {
    server.enqueue(page(JSON_TYPE, "{\"files\": [{\"filename\": "));

    assertThatThrownBy(() -> index().project(PackageName.of("six")))
        .isExactlyInstanceOf(IOException.class)
        .hasMessageStartingWith(
            root + "/simple/six/: malformed PEP 691 JSON: Unexpected end-of-input")
        .hasMessageNotContaining("\n")
        .hasCauseInstanceOf(JsonProcessingException.class);
  }

  @Test
  void plainHttpToAnotherHostIsRefused() {
    assertThatThrownBy(
            () ->
                new SimpleRepositoryIndex("http://pypi.internal.example/simple/", Set.of(), client))
        .isExactlyInstanceOf(IndexException.class)
        .hasMessage(
            "--index-url http://pypi.internal.example/simple/: plain HTTP is only allowed for"
                + " loopback addresses; use HTTPS or add --trusted-host pypi.internal.example");
  }

  @Test
  void refusalOfPlainHttpDoesNotLeakCredentials() {
    assertThatThrownBy(
            () ->
                new SimpleRepositoryIndex(
                    "http://alice:s3cret@pypi.internal.example/simple/", Set.of(), client))
        .isExactlyInstanceOf(IndexException.class)
        .hasMessage(
            "--index-url http://pypi.internal.example/simple/: plain HTTP is only allowed for"
                + " loopback addresses; use HTTPS or add --trusted-host pypi.internal.example");
  }

  @Test
  void plainHttpToATrustedHostIsAllowed() {
    SimpleRepositoryIndex index =
        new SimpleRepositoryIndex(
            "http://pypi.internal.example/simple", Set.of("pypi.internal.example"), client);

    assertThat(index.describe()).isEqualTo("http://pypi.internal.example/simple/");
  }

  @Test
  void httpsIsAllowedEverywhere() {
    assertThat(new SimpleRepositoryIndex("https://pypi.org/simple/", Set.of(), client).describe())
        .isEqualTo("https://pypi.org/simple/");
  }

  @Test
  void notAnHttpUrlIsRefusedWithoutCredentials() {
    assertThatThrownBy(
            () ->
                new SimpleRepositoryIndex(
                    "ftp://alice:s3cret@example.com/simple/", Set.of(), client))
        .isExactlyInstanceOf(IndexException.class)
        .hasMessage("--index-url ftp://example.com/simple/: not an http(s) URL");
  }

  @Test
  void loopbackAddressesAreRecognisedWithoutLookups() {
    assertThat(SimpleRepositoryIndex.isLoopback("localhost")).isTrue();
    assertThat(SimpleRepositoryIndex.isLoopback("127.0.0.1")).isTrue();
    assertThat(SimpleRepositoryIndex.isLoopback("127.8.9.10")).isTrue();
    assertThat(SimpleRepositoryIndex.isLoopback("::1")).isTrue();
    assertThat(SimpleRepositoryIndex.isLoopback("10.0.0.1")).isFalse();
    assertThat(SimpleRepositoryIndex.isLoopback("localhost.example.com")).isFalse();
    assertThat(SimpleRepositoryIndex.isLoopback("127.0.0.1.nip.io")).isFalse();
  }

  @Test
  void credentialsAreSentAsBasicAuthButRedacted() throws Exception {
    server.enqueue(page(JSON_TYPE, "{\"files\": []}"));
    SimpleRepositoryIndex index =
        new SimpleRepositoryIndex(
            "http://alice:s3cret@127.0.0.1:" + server.getPort() + "/simple/", Set.of(), client);

    assertThat(index.describe()).isEqualTo(root + "/simple/");
    ProjectPage page = index.project(PackageName.of("six")).orElseThrow();

    assertThat(page.url()).isEqualTo(root + "/simple/six/");
    RecordedRequest request = take();
    // base64("alice:s3cret")
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Basic YWxpY2U6czNjcmV0");
  }

  @Test
  void errorMessagesDoNotContainCredentials() {
    server.enqueue(status(403));
    SimpleRepositoryIndex index =
        new SimpleRepositoryIndex(
            "http://alice:s3cret@127.0.0.1:" + server.getPort() + "/simple/", Set.of(), client);

    assertThatThrownBy(() -> index.project(PackageName.of("six")))
        .hasMessage(root + "/simple/six/: HTTP 403");
  }

  @Test
  void credentialsAreNotSentToAnotherHost() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).body("wheel bytes").build());
    SimpleRepositoryIndex index =
        new SimpleRepositoryIndex(
            "http://alice:s3cret@127.0.0.1:" + server.getPort() + "/simple/", Set.of(), client);
    DistributionFile file =
        new DistributionFile(
            "six-1.16.0.tar.gz",
            "http://localhost:" + server.getPort() + "/files/six-1.16.0.tar.gz",
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            false);

    try (InputStream in = index.open(file)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("wheel bytes");
    }
    assertThat(take().getHeaders().get("Authorization")).isNull();
  }

  @Test
  void opensAFile() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).body("archive bytes").build());
    DistributionFile file =
        new DistributionFile(
            "six-1.16.0.tar.gz",
            root + "/files/six-1.16.0.tar.gz",
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            false);

    try (InputStream in = index().open(file)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("archive bytes");
    }
    assertThat(take().getTarget()).isEqualTo("/files/six-1.16.0.tar.gz");
  }

  @Test
  void missingFileIsAnIoException() {
    server.enqueue(status(404));
    DistributionFile file =
        new DistributionFile(
            "six-1.16.0.tar.gz",
            root + "/files/six-1.16.0.tar.gz",
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            false);

    assertThatThrownBy(() -> index().open(file))
        .isExactlyInstanceOf(IOException.class)
        .hasMessage(root + "/files/six-1.16.0.tar.gz: HTTP 404");
  }

  @Test
  void fileWithoutADownloadUrlIsAnIoException() {
    DistributionFile file =
        new DistributionFile(
            "six-1.16.0.tar.gz",
            "file://alice:pw@host/six-1.16.0.tar.gz",
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            false);

    assertThatThrownBy(() -> index().open(file))
        .isExactlyInstanceOf(IOException.class)
        .hasMessage("six-1.16.0.tar.gz: not a download URL: file://host/six-1.16.0.tar.gz");
  }

  @Test
  void connectionRefusedIsAnIndexException() throws IOException {
    MockWebServer closed = new MockWebServer();
    closed.start();
    int port = closed.getPort();
    closed.close();
    SimpleRepositoryIndex index =
        new SimpleRepositoryIndex("http://127.0.0.1:" + port + "/simple/", Set.of(), client);

    assertThatThrownBy(() -> index.project(PackageName.of("six")))
        .isExactlyInstanceOf(IndexException.class)
        .hasMessageStartingWith("index unreachable: http://127.0.0.1:" + port + "/simple/six/ (")
        .hasRootCauseInstanceOf(ConnectException.class);
  }

  @Test
  void pageListsAreImmutable() throws Exception {
    server.enqueue(page(JSON_TYPE, "{\"files\": []}"));

    ProjectPage page = index().project(PackageName.of("six")).orElseThrow();

    assertThatThrownBy(() -> page.files().add(null))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
