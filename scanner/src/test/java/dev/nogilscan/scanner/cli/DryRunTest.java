package dev.nogilscan.scanner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scan --dry-run} prints the resolution for the target and stops: only pages and metadata
 * files are asked for, no archive, and no report is written.
 */
class DryRunTest {
  private static final Map<String, String> PAGES =
      Map.of(
          "app", files("app-1.0-py3-none-any.whl"),
          "lib", files("lib-1.0-py3-none-any.whl", "lib-2.0-cp313-cp313t-win_amd64.whl"),
          "native", files("native-3.0-cp313-cp313t-win_amd64.whl"));
  private static final Map<String, String> METADATA =
      Map.of(
          "app-1.0-py3-none-any.whl", "Requires-Dist: lib>=1\nRequires-Dist: gone\n",
          "lib-1.0-py3-none-any.whl", "");

  @TempDir Path dir;
  private MockWebServer index;
  private final List<String> asked = new CopyOnWriteArrayList<>();

  private static String files(String... names) {
    StringBuilder out = new StringBuilder("{\"meta\": {\"api-version\": \"1.1\"}, \"files\": [");
    for (int i = 0; i < names.length; i++) {
      out.append(i == 0 ? "" : ",")
          .append("{\"filename\": \"")
          .append(names[i])
          .append("\", \"url\": \"/files/")
          .append(names[i])
          .append("\", \"hashes\": {}, \"core-metadata\": ")
          .append(names[i].endsWith(".whl"))
          .append("}");
    }
    return out.append("]}").toString();
  }

  @BeforeEach
  void start() throws IOException {
    index = new MockWebServer();
    index.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            String path = request.getUrl().encodedPath();
            asked.add(path);
            if (path.startsWith("/simple/")) {
              String name = path.substring("/simple/".length()).replace("/", "");
              String page = PAGES.get(name);
              return page == null
                  ? new MockResponse.Builder().code(404).build()
                  : new MockResponse.Builder()
                      .code(200)
                      .addHeader("Content-Type", "application/vnd.pypi.simple.v1+json")
                      .body(page)
                      .build();
            }
            if (path.endsWith(".metadata")) {
              String file =
                  path.substring("/files/".length(), path.length() - ".metadata".length());
              String name = file.substring(0, file.indexOf('-'));
              String version = file.split("-")[1];
              return new MockResponse.Builder()
                  .code(200)
                  .body(
                      "Metadata-Version: 2.1\nName: "
                          + name
                          + "\nVersion: "
                          + version
                          + "\n"
                          + METADATA.getOrDefault(file, ""))
                  .build();
            }
            return new MockResponse.Builder().code(500).build(); // an archive: never asked for
          }
        });
    index.start();
  }

  @AfterEach
  void stop() {
    index.close();
  }

  @Test
  void printsTheResolutionAndAsksForNoArchive() throws IOException {
    Path requirements = Files.writeString(dir.resolve("requirements.txt"), "app\nnative\n");
    Path json = dir.resolve("report.json");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code =
        Main.run(
            new String[] {
              "scan",
              "--dry-run",
              "-r",
              requirements.toString(),
              "--index-url",
              index.url("/simple/").toString(),
              "--no-probe",
              "--target",
              "3.13t",
              "--platform",
              "manylinux_2_36_x86_64",
              "--cache-dir",
              dir.resolve("cache").toString(),
              "--json",
              json.toString(),
              "--quiet"
            },
            new PrintWriter(out),
            new PrintWriter(err),
            Map.of("HOME", dir.toString()),
            dir);

    String r = requirements.toString();
    assertThat(err.toString()).isEmpty();
    assertThat(code).isZero();
    assertThat(out.toString().lines())
        .containsExactly(
            "# what a free-threaded install would get on 3.13t manylinux_2_36_x86_64: 3"
                + " release(s), 1 skipped",
            "app==1.0",
            "    # app-1.0-py3-none-any.whl",
            "    # via " + r + ":1",
            "# gone",
            "    # skipped: not found on the index " + index.url("/simple/"),
            "    # via app 1.0 \u2190 " + r + ":1",
            "lib==1.0",
            "    # lib-1.0-py3-none-any.whl",
            "    # via app 1.0 \u2190 " + r + ":1",
            "    # newer releases passed over: 2.0: no file installable on 3.13t"
                + " manylinux_2_36_x86_64",
            "native==3.0",
            "    # native-3.0-cp313-cp313t-win_amd64.whl (no file installs on the target: a"
                + " blocker)",
            "    # via " + r + ":2");
    assertThat(asked).allMatch(p -> p.startsWith("/simple/") || p.endsWith(".metadata"));
    assertThat(json).doesNotExist();
  }
}
