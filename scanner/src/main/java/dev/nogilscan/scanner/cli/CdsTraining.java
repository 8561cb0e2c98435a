package dev.nogilscan.scanner.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The workload the build runs once to make the AppCDS archive (dist/pom.xml): a scan of three small
 * projects served from a loopback index made here, cold then warm, and a {@code --dry-run}, writing
 * every report format. The classes these load are what the archive holds, so a real scan starts
 * with the resolver, the index client, the page store, the archive readers and the report writers
 * already mapped instead of loading and verifying them from the jar. Not a command: run as {@code
 * java -XX:ArchiveClassesAtExit=… -cp nogil-scan.jar dev.nogilscan.scanner.cli.CdsTraining}, it
 * exits non-zero when the scan does not work, which fails the build.
 */
public final class CdsTraining {
  private CdsTraining() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("nogil-scan-cds-");
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    try {
      Map<String, byte[]> files = new LinkedHashMap<>();
      Map<String, String> metadata = new LinkedHashMap<>(); // PEP 658 files, by wheel
      metadata.put(
          "app-1.0-py3-none-any.whl", coreMetadata("app", "1.0", "Requires-Dist: lib>=1\n"));
      metadata.put("lib-1.0-py3-none-any.whl", coreMetadata("lib", "1.0", ""));
      for (Map.Entry<String, String> m : metadata.entrySet()) {
        files.put(m.getKey(), wheel(m.getKey(), m.getValue()));
      }
      files.put("legacy-2.0.tar.gz", sdist("legacy", "2.0"));
      serve(server, files, metadata);
      server.start();
      String index = "http://127.0.0.1:" + server.getAddress().getPort() + "/simple/";
      Path requirements = Files.writeString(dir.resolve("requirements.txt"), "app\nlegacy\n");
      List<String> scan =
          List.of(
              "scan",
              "-r",
              requirements.toString(),
              "--index-url",
              index,
              "--no-probe",
              "--target",
              "3.13t",
              "--platform",
              "manylinux_2_36_x86_64",
              "--cache-dir",
              dir.resolve("cache").toString(),
              "--output-dir",
              dir.toString(),
              "--format",
              "json,html,md,junit,sarif,console",
              "--quiet");
      run(scan, dir); // cold: pages, metadata and archives from the index
      run(scan, dir); // warm: from the page store and the archive cache
      List<String> dryRun = new ArrayList<>(scan.subList(0, scan.indexOf("--output-dir")));
      dryRun.add("--dry-run");
      run(dryRun, dir);
    } finally {
      server.stop(0);
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void run(List<String> args, Path home) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            args.toArray(String[]::new),
            new PrintWriter(out),
            new PrintWriter(err),
            Map.of("HOME", home.toString(), "SOURCE_DATE_EPOCH", "1767225600"),
            home);
    if (code != 0 && code != 1) { // 1: completed, a package reached --fail-on
      // uncaught: the JVM reports it and exits non-zero, after main's clean-up
      throw new IllegalStateException(
          "CDS training scan failed (exit " + code + "): " + String.join(" ", args) + "\n" + err);
    }
  }

  /** A PEP 691 index of {@code files}: pages, PEP 658 metadata and the files themselves. */
  private static void serve(
      HttpServer server, Map<String, byte[]> files, Map<String, String> metadata) {
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith("/simple/")) {
              String project = path.substring("/simple/".length()).replace("/", "");
              StringBuilder page =
                  new StringBuilder("{\"meta\": {\"api-version\": \"1.1\"}, \"files\": [");
              String sep = "";
              for (Map.Entry<String, byte[]> f : files.entrySet()) {
                if (f.getKey().startsWith(project + "-")) {
                  page.append(sep)
                      .append("{\"filename\": \"")
                      .append(f.getKey())
                      .append("\", \"url\": \"../../files/")
                      .append(f.getKey())
                      .append("\", \"hashes\": {\"sha256\": \"")
                      .append(sha256(f.getValue()))
                      .append("\"}, \"requires-python\": \">=3.9\", \"core-metadata\": ")
                      .append(f.getKey().endsWith(".whl"))
                      .append("}");
                  sep = ",";
                }
              }
              page.append("]}");
              send(
                  exchange,
                  200,
                  "application/vnd.pypi.simple.v1+json",
                  page.toString().getBytes(StandardCharsets.UTF_8));
              return;
            }
            String name = path.substring(path.lastIndexOf('/') + 1);
            String wheel = name.replaceFirst("\\.metadata$", "");
            if (name.endsWith(".metadata") && metadata.containsKey(wheel)) {
              send(
                  exchange,
                  200,
                  "text/plain",
                  metadata.get(wheel).getBytes(StandardCharsets.UTF_8));
            } else if (files.containsKey(name)) {
              send(exchange, 200, "application/octet-stream", files.get(name));
            } else {
              send(exchange, 404, "text/plain", new byte[0]);
            }
          }
        });
  }

  private static void send(HttpExchange exchange, int code, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().add("Content-Type", type);
    exchange.getResponseHeaders().add("Cache-Control", "max-age=600");
    exchange.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static String coreMetadata(String name, String version, String requires) {
    return "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n" + requires;
  }

  /** A wheel of {@code filename} (name-version-…) with one module and this METADATA. */
  private static byte[] wheel(String filename, String metadata) throws IOException {
    String[] parts = filename.split("-");
    String name = parts[0];
    String info = name + "-" + parts[1] + ".dist-info/";
    Map<String, byte[]> members = new LinkedHashMap<>();
    members.put(name + "/__init__.py", "VALUE = 1\n".getBytes(StandardCharsets.UTF_8));
    members.put(info + "METADATA", metadata.getBytes(StandardCharsets.UTF_8));
    members.put(
        info + "WHEEL",
        "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
            .getBytes(StandardCharsets.UTF_8));
    StringBuilder record = new StringBuilder();
    for (Map.Entry<String, byte[]> m : members.entrySet()) {
      record
          .append(m.getKey())
          .append(",sha256=")
          .append(
              Base64.getUrlEncoder().withoutPadding().encodeToString(digest().digest(m.getValue())))
          .append(',')
          .append(m.getValue().length)
          .append('\n');
    }
    members.put(info + "RECORD", (record + info + "RECORD,,\n").getBytes(StandardCharsets.UTF_8));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> m : members.entrySet()) {
        zip.putNextEntry(new ZipEntry(m.getKey()));
        zip.write(m.getValue());
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static byte[] sdist(String name, String version) throws IOException {
    String root = name + "-" + version + "/";
    Map<String, byte[]> members = new LinkedHashMap<>();
    members.put(
        root + "PKG-INFO",
        ("Metadata-Version: 2.2\nName: " + name + "\nVersion: " + version + "\n")
            .getBytes(StandardCharsets.UTF_8));
    members.put(
        root + "src/ext.c",
        "#include <Python.h>\nPyMODINIT_FUNC PyInit_ext(void) { return NULL; }\n"
            .getBytes(StandardCharsets.UTF_8));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
      for (Map.Entry<String, byte[]> m : members.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(m.getKey());
        entry.setSize(m.getValue().length);
        tar.putArchiveEntry(entry);
        tar.write(m.getValue());
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sha256(byte[] content) {
    return HexFormat.of().formatHex(digest().digest(content));
  }
}
