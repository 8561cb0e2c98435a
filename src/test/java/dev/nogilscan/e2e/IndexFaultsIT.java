package dev.nogilscan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole scan through an index that misbehaves for most projects (issue 4's fault list): each
 * fault ends in that package's verdict with the reason, the other packages are assessed, and the
 * report is written. The index forwards the healthy requests to the real fixture index.
 */
class IndexFaultsIT {
  private static final String JSON = "application/vnd.pypi.simple.v1+json";
  @TempDir static Path shared;
  static Fixtures fixtures;
  static MockWebServer faulty;
  static final AtomicInteger purelibPages = new AtomicInteger();
  static final OkHttpClient upstream = new OkHttpClient();

  @TempDir Path tmp;

  @BeforeAll
  static void start() throws Exception {
    fixtures = Fixtures.start(shared);
    faulty = new MockWebServer();
    faulty.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return IndexFaultsIT.dispatch(request);
          }
        });
    faulty.start();
  }

  @AfterAll
  static void stop() {
    if (faulty != null) {
      faulty.close();
    }
    if (fixtures != null) {
      fixtures.close();
    }
  }

  private static MockResponse dispatch(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    String base = "http://127.0.0.1:" + faulty.getPort() + "/simple/";
    return switch (path) {
      case "/simple/purelib/" ->
          purelibPages.incrementAndGet() == 1 ? status(500) : forward(request, Map.of());
      case "/simple/endless503/" -> status(503);
      case "/simple/stalls/" ->
          new MockResponse.Builder()
              .code(200)
              .addHeader("Content-Type", JSON)
              .body("{\"files\": [" + " ".repeat(400) + "]}")
              .throttleBody(10, 20, TimeUnit.SECONDS)
              .build();
      case "/simple/truncated/" ->
          new MockResponse.Builder()
              .code(200)
              .addHeader("Content-Type", JSON)
              .body("{\"files\": [")
              .setHeader("Content-Length", 100)
              .onResponseEnd(new SocketEffect.CloseSocket())
              .build();
      case "/simple/wrongtype/" ->
          new MockResponse.Builder()
              .code(200)
              .addHeader("Content-Type", "image/png")
              .body("PNG")
              .build();
      case "/simple/malformed/" ->
          new MockResponse.Builder()
              .code(200)
              .addHeader("Content-Type", JSON)
              .body("{\"files\": [{\"filename\": ")
              .build();
      case "/simple/loops/" ->
          new MockResponse.Builder().code(302).addHeader("Location", base + "loops/").build();
      case "/simple/huge/" ->
          new MockResponse.Builder()
              .code(200)
              .addHeader("Content-Type", JSON)
              .body("{}")
              .setHeader("Content-Length", 1L << 36)
              .onResponseEnd(new SocketEffect.CloseSocket())
              .build();
      // the page promises a sha256 the archive does not have
      case "/simple/fastfree/" -> forward(request, Map.of("\"sha256\": \"", "\"sha256\": \"00"));
      default -> forward(request, Map.of());
    };
  }

  private static MockResponse status(int code) {
    return new MockResponse.Builder().code(code).body("").build();
  }

  /** The fixture index's answer, with each key of {@code edits} replaced by its value. */
  private static MockResponse forward(RecordedRequest request, Map<String, String> edits) {
    Request.Builder to =
        new Request.Builder()
            .url(fixtures.indexUrl.replaceFirst("/simple/$", "") + request.getTarget());
    String accept = request.getHeaders().get("Accept");
    if (accept != null) {
      to.header("Accept", accept);
    }
    try (Response r = upstream.newCall(to.build()).execute()) {
      MockResponse.Builder b = new MockResponse.Builder().code(r.code());
      String type = r.header("Content-Type");
      if (type != null) {
        b.addHeader("Content-Type", type);
      }
      if (edits.isEmpty()) {
        return b.body(new okio.Buffer().write(r.body().bytes())).build();
      }
      String text = r.body().string();
      for (Map.Entry<String, String> e : edits.entrySet()) {
        text = text.replace(e.getKey(), e.getValue());
      }
      return b.body(text).build();
    } catch (IOException e) {
      return status(502);
    }
  }

  @Test
  void everyFaultEndsInThatPackagesVerdictAndTheRestOfTheScanCompletes() throws IOException {
    Path cache = tmp.resolve("cache");
    Cli cli =
        Cli.run(
            Cli.env(tmp),
            tmp,
            "scan",
            "purelib==1.0.0",
            "fastfree==1.0.0",
            "csource==1.0.0",
            "endless503==1.0",
            "stalls==1.0",
            "truncated==1.0",
            "wrongtype==1.0",
            "malformed==1.0",
            "loops==1.0",
            "huge==1.0",
            "notonindex==1.0",
            "--no-deps",
            "--no-probe",
            "--target",
            "3.13t",
            "--timeout",
            "2",
            "--index-url",
            "http://127.0.0.1:" + faulty.getPort() + "/simple/",
            "--cache-dir",
            cache.toString(),
            "--json",
            tmp.resolve("report.json").toString(),
            "-o",
            tmp.resolve("report.html").toString());

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(tmp.resolve("report.html")).isNotEmptyFile();
    Map<String, JsonNode> p = Cli.packages(tmp.resolve("report.json"));
    String base = "http://127.0.0.1:" + faulty.getPort() + "/simple/";
    // 500 then success: retried, assessed
    assertThat(status(p, "purelib")).isEqualTo("compatible");
    assertThat(purelibPages.get()).isGreaterThanOrEqualTo(2);
    assertThat(status(p, "csource")).isEqualTo("unknown");
    assertThat(p.get("endless503").path("reason").asText())
        .contains(base + "endless503/: HTTP 503");
    assertThat(p.get("stalls").path("reason").asText())
        .containsPattern("stalls/: (timeout|Read timed out)");
    assertThat(p.get("truncated").path("reason").asText())
        .contains("truncated/: unexpected end of stream");
    assertThat(p.get("wrongtype").path("reason").asText())
        .contains("wrongtype/: unexpected Content-Type 'image/png'");
    assertThat(p.get("malformed").path("reason").asText()).contains("malformed/");
    assertThat(p.get("loops").path("reason").asText())
        .contains("loops/: Too many follow-up requests");
    assertThat(p.get("huge").path("reason").asText())
        .contains("huge/: the server announced 68719476736 bytes; the limit is");
    assertThat(p.get("notonindex").path("reason").asText()).contains("not found on the index");
    for (String faulted :
        new String[] {
          "endless503",
          "stalls",
          "truncated",
          "wrongtype",
          "malformed",
          "loops",
          "huge",
          "notonindex",
          "fastfree"
        }) {
      assertThat(status(p, faulted)).as(faulted).isEqualTo("skipped");
    }
    // a wrong sha256 is an error for that package and nothing of the file is kept
    assertThat(p.get("fastfree").path("reason").asText()).contains("sha256");
    try (Stream<Path> files = Files.walk(cache)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .noneMatch(n -> n.startsWith("fastfree") && n.endsWith(".whl"));
    }
  }

  private static String status(Map<String, JsonNode> packages, String name) {
    assertThat(packages).containsKey(name);
    return packages.get(name).path("status").asText();
  }
}
