package dev.nogilscan.scanner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code scan} makes of archive traps, end to end through the CLI with archives built here and
 * served from {@code --find-links} (the index on loopback knows nothing), without probes.
 */
class ArchiveVerdictsTest {
  @TempDir Path dir;
  private Path links;
  private MockWebServer index;

  @BeforeEach
  void start() throws IOException {
    links = Files.createDirectory(dir.resolve("links"));
    index = new MockWebServer();
    index.setDispatcher(
        new mockwebserver3.Dispatcher() {
          @Override
          public MockResponse dispatch(mockwebserver3.RecordedRequest request) {
            return new MockResponse.Builder().code(404).build();
          }
        });
    index.start();
  }

  @AfterEach
  void stop() {
    index.close();
  }

  private record Run(int code, String err, Map<String, JsonNode> packages) {}

  private Run scan(String... extra) throws IOException {
    Path json = dir.resolve("report.json");
    Files.deleteIfExists(json);
    List<String> args =
        new ArrayList<>(
            List.of(
                "scan",
                "--index-url",
                index.url("/simple/").toString(),
                "--find-links",
                links.toString(),
                "--no-probe",
                "--no-deps",
                "--target",
                "3.13t",
                "--platform",
                "manylinux_2_36_x86_64",
                "--cache-dir",
                dir.resolve("cache").toString(),
                "--json",
                json.toString(),
                "--quiet"));
    args.addAll(List.of(extra));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            args.toArray(String[]::new),
            new PrintWriter(out),
            new PrintWriter(err),
            Map.of("HOME", dir.toString(), "SOURCE_DATE_EPOCH", "1767225600"),
            dir);
    Map<String, JsonNode> byName = new LinkedHashMap<>();
    if (Files.exists(json)) {
      new ObjectMapper()
          .readTree(Files.readString(json))
          .path("packages")
          .forEach(p -> byName.put(p.path("name").asText(), p));
    }
    return new Run(code, err.toString(), byName);
  }

  /** A zip with these members, in order; {@code record} adds a correct RECORD (or a wrong one). */
  private Path zip(String filename, Map<String, String> members) throws IOException {
    Path file = links.resolve(filename);
    try (OutputStream raw = Files.newOutputStream(file);
        ZipOutputStream zip = new ZipOutputStream(raw)) {
      for (Map.Entry<String, String> m : members.entrySet()) {
        zip.putNextEntry(new ZipEntry(m.getKey()));
        zip.write(m.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return file;
  }

  private static Map<String, String> wheel(String name, Map<String, String> files, boolean tamper)
      throws Exception {
    String info = name + "-1.0.dist-info/";
    Map<String, String> members = new LinkedHashMap<>(files);
    members.put(info + "METADATA", "Metadata-Version: 2.1\nName: " + name + "\nVersion: 1.0\n");
    members.put(info + "WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: false\n");
    StringBuilder record = new StringBuilder();
    for (Map.Entry<String, String> m : members.entrySet()) {
      byte[] content = m.getValue().getBytes(StandardCharsets.UTF_8);
      byte[] hashed = tamper && m.getKey().endsWith(".py") ? new byte[] {'#'} : content;
      String digest =
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(MessageDigest.getInstance("SHA-256").digest(hashed));
      record
          .append(m.getKey())
          .append(",sha256=")
          .append(digest)
          .append(',')
          .append(hashed.length)
          .append('\n');
    }
    members.put(info + "RECORD", record + info + "RECORD,,\n");
    return members;
  }

  private static List<String> evidence(JsonNode p, String kind) {
    List<String> out = new ArrayList<>();
    p.path("evidence")
        .forEach(
            e -> {
              if (e.path("kind").asText().equals(kind)) {
                out.add(e.path("detail").asText());
              }
            });
    return out;
  }

  @Test
  void anEggOnlyProjectIsABlockerAndTheReportShowsWhatIsInside() throws Exception {
    zip(
        "eggonly-1.0-py3.13-linux-x86_64.egg",
        Map.of(
            "EGG-INFO/PKG-INFO",
            "Metadata-Version: 1.1\nName: eggonly\nVersion: 1.0\n",
            "EGG-INFO/top_level.txt",
            "eggonly\n",
            "eggonly.cpython-313-x86_64-linux-gnu.so",
            "\u007fELF"));

    Run run = scan("eggonly");

    JsonNode p = run.packages().get("eggonly");
    assertThat(p).as(run.err()).isNotNull();
    assertThat(p.path("status").asText()).isEqualTo("incompatible");
    assertThat(p.path("reason").asText())
        .isEqualTo(
            "only a legacy .egg (native, extension modules for cpython-313): pip never installs"
                + " eggs, so nothing installs on 3.13t");
    assertThat(p.path("kind").asText()).isEqualTo("native");
    assertThat(evidence(p, "archive"))
        .contains("extension module for ABI cpython-313", "import names: eggonly");
    assertThat(run.code()).isEqualTo(1);
  }

  @Test
  void aWheelWhoseFilesDifferFromRecordIsNotProbedAndSaysWhy() throws Exception {
    zip(
        "tampered-1.0-py3-none-any.whl",
        wheel("tampered", Map.of("tampered/__init__.py", "import os\n"), true));

    Run run = scan("tampered");

    JsonNode p = run.packages().get("tampered");
    assertThat(p).as(run.err()).isNotNull();
    assertThat(p.path("status").asText()).isEqualTo("unknown");
    assertThat(p.path("reason").asText()).startsWith("the wheel's files differ from its RECORD");
    assertThat(evidence(p, "trap"))
        .containsExactly(
            "RECORD does not match the files: 1 file differs from RECORD"
                + " (tampered/__init__.py: 10 bytes, RECORD says 1)");
  }

  @Test
  void aWheelTaggedFreeThreadedWithOnlyGilBuildsInsideIsIncompatible() throws Exception {
    zip(
        "mistagged-1.0-cp313-cp313t-manylinux_2_17_x86_64.whl",
        wheel(
            "mistagged",
            Map.of("mistagged/_core.cpython-313-x86_64-linux-gnu.so", "\u007fELF"),
            false));

    Run run = scan("mistagged");

    JsonNode p = run.packages().get("mistagged");
    assertThat(p).as(run.err()).isNotNull();
    assertThat(p.path("status").asText()).isEqualTo("incompatible");
    assertThat(p.path("reason").asText())
        .isEqualTo(
            "installs on 3.13t by its tag, but its extension modules are built for cpython-313,"
                + " which 3.13t does not load");
    assertThat(evidence(p, "trap"))
        .containsExactly(
            "tagged cp313t but mistagged/_core.cpython-313-x86_64-linux-gnu.so built for"
                + " cpython-313, which a 3.13t interpreter does not load");
    assertThat(evidence(p, "archive")).contains("RECORD matches every file (sizes and hashes)");
  }

  @Test
  void compiledCodeInAPureTaggedWheelIsFlagged() throws Exception {
    zip(
        "noneabi-1.0-py3-none-any.whl",
        wheel(
            "noneabi",
            Map.of("noneabi/_speed.cpython-313t-x86_64-linux-gnu.so", "\u007fELF"),
            false));

    Run run = scan("noneabi");

    JsonNode p = run.packages().get("noneabi");
    assertThat(p).as(run.err()).isNotNull();
    assertThat(p.path("status").asText()).isEqualTo("unknown");
    assertThat(evidence(p, "trap"))
        .containsExactly(
            "compiled extension modules inside a wheel tagged ABI 'none' and platform 'any':"
                + " noneabi/_speed.cpython-313t-x86_64-linux-gnu.so built for cpython-313t; the"
                + " tag lets pip install it on any interpreter, free-threaded ones included");
  }

  @Test
  void onlyAbi3NativeWheelsMeanThePureFallbackIsTakenSilently() throws Exception {
    zip(
        "fallback-1.0-cp39-abi3-manylinux_2_17_x86_64.whl",
        wheel("fallback", Map.of("fallback/_core.abi3.so", "\u007fELF"), false));
    zip(
        "fallback-1.0-py3-none-any.whl",
        wheel("fallback", Map.of("fallback/__init__.py", ""), false));

    Run run = scan("fallback");

    JsonNode p = run.packages().get("fallback");
    assertThat(p).as(run.err()).isNotNull();
    assertThat(p.path("status").asText()).isEqualTo("compatible");
    assertThat(evidence(p, "wheel-tags"))
        .contains(
            "the only native wheels are abi3, which a free-threaded build never installs: the"
                + " install silently takes the pure-Python fallback wheel instead");
  }

  @Test
  void aFreeThreadedBuildTaggedAbi3IsNamedThoughPipNeverInstallsIt() throws Exception {
    zip(
        "misabi-1.0-cp313-abi3-manylinux_2_17_x86_64.whl",
        wheel("misabi", Map.of("misabi/_c.cpython-313t-x86_64-linux-gnu.so", "\u007fELF"), false));

    Run run = scan("misabi");

    JsonNode p = run.packages().get("misabi");
    assertThat(p).as(run.err()).isNotNull();
    assertThat(p.path("status").asText()).isEqualTo("incompatible");
    assertThat(p.path("reason").asText()).endsWith(": only abi3 wheels and no sdist");
    assertThat(evidence(p, "trap"))
        .containsExactly(
            "a free-threaded build tagged abi3: misabi/_c.cpython-313t-x86_64-linux-gnu.so built"
                + " for cpython-313t; pip never installs an abi3 wheel on a free-threaded"
                + " interpreter");
    List<String> advice = new ArrayList<>();
    p.path("remediation").forEach(r -> advice.add(r.path("text").asText()));
    assertThat(advice)
        .contains(
            "ask upstream to tag its free-threaded build cp313t instead of abi3: pip never"
                + " installs it on a free-threaded interpreter");
  }

  /** Each file under the directory with its file key (inode): a rewritten file gets a new one. */
  private static Map<Path, Object> filesAndKeys(Path root) throws IOException {
    Map<Path, Object> out = new java.util.TreeMap<>();
    try (java.util.stream.Stream<Path> walk = Files.walk(root)) {
      for (Path f : walk.filter(Files::isRegularFile).toList()) {
        out.put(
            root.relativize(f),
            Files.readAttributes(f, java.nio.file.attribute.BasicFileAttributes.class).fileKey());
      }
    }
    return out;
  }

  @Test
  void aWarmScanAnswersFromTheCachedInspectionsWithTheSameReportByteForByte() throws Exception {
    zip(
        "mistagged-1.0-cp313-cp313t-manylinux_2_17_x86_64.whl",
        wheel(
            "mistagged",
            Map.of("mistagged/_core.cpython-313-x86_64-linux-gnu.so", "\u007fELF"),
            false));
    zip(
        "tampered-1.0-py3-none-any.whl",
        wheel("tampered", Map.of("tampered/__init__.py", "import os\n"), true));
    zip(
        "misabi-1.0-cp313-abi3-manylinux_2_17_x86_64.whl",
        wheel("misabi", Map.of("misabi/_c.cpython-313t-x86_64-linux-gnu.so", "\u007fELF"), false));
    zip(
        "fallback-1.0-cp39-abi3-manylinux_2_17_x86_64.whl",
        wheel("fallback", Map.of("fallback/_core.abi3.so", "\u007fELF"), false));
    zip(
        "fallback-1.0-py3-none-any.whl",
        wheel("fallback", Map.of("fallback/__init__.py", ""), false));
    zip(
        "eggonly-1.0-py3.13-linux-x86_64.egg",
        Map.of(
            "EGG-INFO/PKG-INFO",
            "Metadata-Version: 1.1\nName: eggonly\nVersion: 1.0\n",
            "eggonly.cpython-313-x86_64-linux-gnu.so",
            "\u007fELF"));
    String[] names = {"mistagged", "tampered", "misabi", "fallback", "eggonly"};
    Path json = dir.resolve("report.json");
    Path inspections = dir.resolve("cache/inspections");

    Run cold = scan(names);
    byte[] coldReport = Files.readAllBytes(json);
    Map<Path, Object> entries = filesAndKeys(inspections);
    Map<Path, Object> archives = filesAndKeys(dir.resolve("cache/archives/sha256"));
    Run warm = scan(names);

    assertThat(cold.packages()).as(cold.err()).containsOnlyKeys(names);
    assertThat(warm.code()).isEqualTo(cold.code());
    assertThat(new String(Files.readAllBytes(json), StandardCharsets.UTF_8))
        .isEqualTo(new String(coldReport, StandardCharsets.UTF_8));
    // one entry per archive read (the abi3 wheels too), none rewritten: every one was a hit
    assertThat(entries).hasSize(6);
    assertThat(filesAndKeys(inspections)).isEqualTo(entries);
    assertThat(filesAndKeys(dir.resolve("cache/archives/sha256"))).isEqualTo(archives);
  }

  @Test
  void cacheInfoShowsEveryPartAndCleanRemovesAllButTheInterpreters() throws Exception {
    zip(
        "small-1.0-py3-none-any.whl",
        wheel("small", Map.of("small/__init__.py", "", "small/a.py", ""), false));
    scan("small");
    Path cache = dir.resolve("cache");
    assertThat(cache.resolve("inspections")).isDirectory();

    StringWriter info = new StringWriter();
    Main.run(
        new String[] {"cache", "info", "--cache-dir", cache.toString()},
        new PrintWriter(info),
        new PrintWriter(new StringWriter()),
        Map.of("HOME", dir.toString()),
        dir);
    StringWriter clean = new StringWriter();
    int code =
        Main.run(
            new String[] {"cache", "clean", "--cache-dir", cache.toString()},
            new PrintWriter(clean),
            new PrintWriter(new StringWriter()),
            Map.of("HOME", dir.toString()),
            dir);

    assertThat(info.toString()).containsPattern("\\n  inspections +[1-9][0-9,]* bytes\\n");
    assertThat(code).isZero();
    assertThat(info.toString()).containsPattern("\\n  http +[1-9][0-9,]* bytes\\n");
    assertThat(info.toString()).containsPattern("\\n  pages +0 bytes\\n");
    assertThat(clean.toString())
        .startsWith("removed archives, http, inspections, pages, work from ");
    assertThat(cache.resolve("inspections")).doesNotExist();
    assertThat(cache.resolve("http")).doesNotExist();
    assertThat(cache.resolve("archives")).doesNotExist();
  }

  @Test
  void archiveLimitsComeFromTheCommandLine() throws Exception {
    zip(
        "small-1.0-py3-none-any.whl",
        wheel("small", Map.of("small/__init__.py", "", "small/a.py", ""), false));

    Run defaults = scan("small");
    Run strict = scan("small", "--archive-max-entries", "3");

    assertThat(defaults.packages().get("small").path("status").asText()).isEqualTo("compatible");
    JsonNode p = strict.packages().get("small");
    assertThat(p.path("status").asText()).isEqualTo("skipped");
    assertThat(p.path("reason").asText())
        .isEqualTo(
            "unreadable archive: small-1.0-py3-none-any.whl: 5 entries, more than the limit of 3");
  }

  @Test
  void sizeOptionsTakeUnitsAndBadValuesAreUsageErrors() throws Exception {
    zip(
        "small-1.0-py3-none-any.whl",
        wheel("small", Map.of("small/__init__.py", "x = 1\n".repeat(100)), false));

    Run tiny = scan("small", "--archive-max-bytes", "100");
    Run roomy = scan("small", "--archive-max-bytes", "1M", "--archive-max-member-bytes", "64KiB");
    Run zero = scan("small", "--archive-max-ratio", "0");
    Run garbage = scan("small", "--archive-max-bytes", "lots");

    assertThat(tiny.packages().get("small").path("reason").asText())
        .isEqualTo(
            "unreadable archive: small-1.0-py3-none-any.whl: more than 100 bytes uncompressed");
    assertThat(roomy.packages().get("small").path("status").asText()).isEqualTo("compatible");
    assertThat(zero.code()).isEqualTo(2);
    assertThat(zero.err()).contains("--archive-max-ratio: expected a positive number, got 0");
    assertThat(garbage.code()).isEqualTo(2);
    assertThat(garbage.err())
        .contains("expected a size such as 1048576, 512K, 64M or 4G, got 'lots'");
  }
}
