package dev.nogilscan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report in a real headless Chromium (driven through chromedriver's WebDriver API): it
 * loads without console errors, filtering and sorting work, and a screenshot is written to
 * dist/target/report-screenshot.png for a human to look at.
 */
class HtmlReportInChromiumIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir static Path shared;
  static Fixtures fixtures;
  static Process driver;
  static String base;
  static String session;

  @BeforeAll
  static void start() throws Exception {
    assertThat(Path.of("/usr/bin/chromium")).as("Debian's chromium (.ci/run installs it)").exists();
    assertThat(Path.of("/usr/bin/chromedriver"))
        .as("Debian's chromium-driver (.ci/run installs it)")
        .exists();
    fixtures = Fixtures.start(shared);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    driver =
        new ProcessBuilder("/usr/bin/chromedriver", "--port=" + port)
            .redirectErrorStream(true)
            .redirectOutput(shared.resolve("chromedriver.log").toFile())
            .start();
    base = "http://127.0.0.1:" + port;
    for (int i = 0; i < 100 && !ready(); i++) {
      Thread.sleep(100);
    }
    ObjectNode caps = JSON.createObjectNode();
    ObjectNode always = caps.putObject("capabilities").putObject("alwaysMatch");
    always.put("browserName", "chrome");
    always.putObject("goog:loggingPrefs").put("browser", "ALL");
    ObjectNode options = always.putObject("goog:chromeOptions");
    options.put("binary", "/usr/bin/chromium");
    var args = options.putArray("args");
    for (String a :
        List.of(
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1400,1000",
            "--user-data-dir=" + shared.resolve("profile"))) {
      args.add(a);
    }
    session = post("/session", caps).path("value").path("sessionId").asText();
    assertThat(session).isNotEmpty();
  }

  @AfterAll
  static void stop() throws Exception {
    if (session != null) {
      HTTP.send(
          HttpRequest.newBuilder(URI.create(base + "/session/" + session)).DELETE().build(),
          HttpResponse.BodyHandlers.discarding());
    }
    if (driver != null) {
      driver.destroyForcibly();
    }
    if (fixtures != null) {
      fixtures.close();
    }
  }

  static boolean ready() {
    try {
      return HTTP.send(
                  HttpRequest.newBuilder(URI.create(base + "/status")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .statusCode()
          == 200;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  static JsonNode post(String path, JsonNode body) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  static JsonNode script(String js) throws Exception {
    ObjectNode body = JSON.createObjectNode();
    body.put("script", js);
    body.putArray("args");
    return post("/session/" + session + "/execute/sync", body).path("value");
  }

  @Test
  void theReportLoadsFiltersSortsAndRenders(@TempDir Path tmp) throws Exception {
    Path html = tmp.resolve("report.html");
    Cli cli =
        Cli.run(
            Cli.env(tmp),
            tmp,
            "scan",
            "-r",
            fixtures.requirements().toString(),
            "--index-url",
            fixtures.indexUrl,
            "--python",
            fixtures.freeThreaded.executable().toString(),
            "--cache-dir",
            tmp.resolve("cache").toString(),
            "-o",
            html.toString());
    assertThat(cli.exitCode()).as(cli.err()).isEqualTo(1);

    ObjectNode url = JSON.createObjectNode();
    url.put("url", html.toUri().toString());
    post("/session/" + session + "/url", url);

    assertThat(script("return document.querySelectorAll('#packages tbody tr').length").asInt())
        .isEqualTo(8);
    assertThat(script("return document.getElementById('shown').textContent").asText())
        .isEqualTo("8 of 8 shown");

    // filter by verdict
    script(
        "var s = document.getElementById('filter-status'); s.value = 'incompatible';"
            + " s.dispatchEvent(new Event('change'));");
    assertThat(
            script(
                    "return Array.from(document.querySelectorAll('#packages tbody tr'))"
                        + ".filter(r => !r.hidden).map(r => r.cells[0].textContent).join(',')")
                .asText())
        .isEqualTo("brokenimport,stableabi");
    // filter by text, on top of no verdict filter
    script(
        "var s = document.getElementById('filter-status'); s.value = '';"
            + " s.dispatchEvent(new Event('change'));"
            + " var t = document.getElementById('filter-text'); t.value = 'legacyext._extra';"
            + " t.dispatchEvent(new Event('input'));");
    assertThat(script("return document.getElementById('shown').textContent").asText())
        .isEqualTo("1 of 8 shown");
    script(
        "var t = document.getElementById('filter-text'); t.value = ''; t.dispatchEvent(new Event('input'));");

    // sort by package name, descending on the second click
    script("document.querySelector('th[data-key=name]').click();");
    script("document.querySelector('th[data-key=name]').click();");
    assertThat(
            script("return document.querySelector('#packages tbody tr').cells[0].textContent")
                .asText())
        .isEqualTo("winonly");
    // sort by verdict severity: worst last when ascending
    script("document.querySelector('th[data-key=severity]').click();");
    assertThat(
            script(
                    "var rows = document.querySelectorAll('#packages tbody tr');"
                        + " return rows[rows.length - 1].dataset.status")
                .asText())
        .isEqualTo("incompatible");

    ObjectNode logType = JSON.createObjectNode();
    logType.put("type", "browser");
    JsonNode logs = post("/session/" + session + "/se/log", logType).path("value");
    for (JsonNode entry : logs) {
      assertThat(entry.path("level").asText()).as(entry.toString()).isNotEqualTo("SEVERE");
    }

    HttpResponse<String> shot =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/session/" + session + "/screenshot"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    byte[] png = Base64.getDecoder().decode(JSON.readTree(shot.body()).path("value").asText());
    assertThat(png).hasSizeGreaterThan(10_000);
    Path out = Path.of("target", "report-screenshot.png");
    Files.createDirectories(out.getParent());
    Files.write(out, png);
  }
}
