package dev.nogilscan.scanner.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nogilscan.compatdb.CompatDatabase;
import dev.nogilscan.compatdb.CompatTarget;
import dev.nogilscan.compatdb.PackageEntry;
import dev.nogilscan.compatdb.PlatformKey;
import dev.nogilscan.compatdb.PlatformStatus;
import dev.nogilscan.compatdb.ProbeFinding;
import dev.nogilscan.compatdb.Readiness;
import dev.nogilscan.compatdb.pep.PackageName;
import dev.nogilscan.compatdb.pep.TargetEnvironment;
import dev.nogilscan.compatdb.pep.Version;
import dev.nogilscan.compatdb.pep.WheelFilename;
import dev.nogilscan.scanner.index.DistributionFile;
import dev.nogilscan.scanner.index.SimpleRepositoryIndex;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The update logic against a PEP 691 index on loopback. */
class DbUpdaterTest {
  private static final LocalDate TODAY = LocalDate.of(2026, 11, 27);
  private final OkHttpClient client =
      new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(5)).build();
  private final List<String> requested = Collections.synchronizedList(new ArrayList<>());
  private MockWebServer server;
  private String root;
  @TempDir Path dir;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            String target = request.getTarget();
            requested.add(target);
            return switch (target) {
              case "/simple/purepkg/" -> page(file("purepkg-1.0-py3-none-any.whl", false));
              case "/simple/natpkg/" ->
                  page(
                      file("natpkg-1.0.0.tar.gz", false),
                      file("natpkg-1.0.0-cp312-cp312-manylinux_2_17_x86_64.whl", false),
                      file("natpkg-1.1.0-cp313-cp313t-manylinux_2_17_x86_64.whl", false),
                      file("natpkg-1.1.0-cp313-cp313t-win_amd64.whl", false),
                      file("natpkg-1.2.0rc1-cp314-cp314t-manylinux_2_17_x86_64.whl", false),
                      file("natpkg-1.2.0-cp314-cp314t-manylinux_2_17_x86_64.whl", false),
                      file("natpkg-1.2.0-cp313-cp313t-manylinux_2_17_x86_64.whl", false),
                      file("natpkg-1.3.0-cp315-abi3.abi3t-manylinux_2_28_x86_64.whl", true),
                      file("natpkg-1.3.0-cp315-abi3.abi3t-manylinux_2_28_aarch64.whl", false));
              case "/simple/natpkg-ft/" ->
                  page(file("natpkg_ft-1.0-cp313-cp313t-manylinux_2_17_x86_64.whl", false));
              case "/simple/toolpkg/" ->
                  page(file("toolpkg-0.5-py3-none-manylinux_2_17_x86_64.whl", false));
              case "/simple/broken/" -> new MockResponse.Builder().code(500).body("").build();
              default -> {
                if (target.startsWith(
                    "/files/natpkg-1.3.0-cp315-abi3.abi3t-manylinux_2_28_aarch64.whl")) {
                  yield new MockResponse.Builder()
                      .code(200)
                      .addHeader("Content-Type", "application/zip")
                      .body(new Buffer().write(wheel()))
                      .build();
                }
                yield new MockResponse.Builder().code(404).body("").build();
              }
            };
          }
        });
    server.start();
    root = "http://127.0.0.1:" + server.getPort();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String file(String name, boolean yanked) {
    return "{\"filename\": \""
        + name
        + "\", \"url\": \"/files/"
        + name
        + "\", \"hashes\": {}, \"yanked\": "
        + yanked
        + "}";
  }

  private static MockResponse page(String... files) {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/vnd.pypi.simple.v1+json")
        .body(
            "{\"meta\": {\"api-version\": \"1.1\"}, \"files\": [" + String.join(", ", files) + "]}")
        .build();
  }

  private static byte[] wheel() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("natpkg/__init__.py"));
      zip.write("x = 1\n".getBytes(StandardCharsets.UTF_8));
      zip.putNextEntry(new ZipEntry("natpkg-1.3.0.dist-info/METADATA"));
      zip.write(
          ("Metadata-Version: 2.4\nName: natpkg\nVersion: 1.3.0\n"
                  + "Classifier: Programming Language :: Python :: Free Threading :: 2 - Beta\n\n")
              .getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  private DownloadRanking ranking() throws IOException {
    Path tsv = dir.resolve("ranking.tsv");
    Files.writeString(
        tsv,
        "name\tversion\tmonth\trank_among_15000_most_downloaded\tsummary\n"
            + "purepkg\t1.0\t2026-01\t1\tpure\n"
            + "broken\t1.0\t2026-01\t2\tbroken\n"
            + "NatPkg\t1.3.0\t2026-01\t3\tnative\n"
            + "toolpkg\t0.5\t2026-01\t4\ttool\n"
            + "natpkg_ft\t1.0\t2026-01\t\tfork, unranked\n");
    return DownloadRanking.read(tsv);
  }

  private DbUpdater updater(List<String> progress) {
    SimpleRepositoryIndex index = new SimpleRepositoryIndex(root + "/simple/", Set.of(), client);
    return new DbUpdater(index, new WheelMetadataReader(index, client), 2, progress::add);
  }

  /** Records what it was asked and answers "clean". */
  private static final class FakeProbe implements WheelProbe {
    final List<String> probed = Collections.synchronizedList(new ArrayList<>());

    @Override
    public ProbeFinding probe(DistributionFile file, WheelFilename wheel, LocalDate today) {
      probed.add(file.filename());
      return new ProbeFinding(
          wheel.version(),
          file.filename(),
          "CPython 3.13.5t",
          "gil-reenabled",
          List.of("natpkg._core"),
          "importing re-enabled the GIL: natpkg._core",
          today);
    }

    @Override
    public String describe() {
      return "fake 3.13t";
    }
  }

  private DbUpdater.Request request(List<PackageName> names, int top, Optional<WheelProbe> probe)
      throws IOException {
    return new DbUpdater.Request(
        names,
        top,
        Optional.of(ranking()),
        probe,
        probe.map(p -> CompatTarget.CP313T),
        probe.map(p -> TargetEnvironment.parse("3.13t/manylinux_2_36_x86_64")),
        5,
        "nogil-scan db update --top " + top,
        TODAY);
  }

  private static List<String> versions(PackageEntry e, CompatTarget t, PlatformKey k) {
    PlatformStatus ps = e.targets().get(t).platforms().get(k);
    return ps.versions().stream().map(Version::toString).toList();
  }

  @Test
  void keepsTheTopNativeProjectsInRankingOrderAndFindsFreeThreadedWheels() throws IOException {
    List<String> progress = new ArrayList<>();
    FakeProbe probe = new FakeProbe();
    DbUpdater.Result result = updater(progress).run(request(List.of(), 2, Optional.of(probe)));

    // purepkg: pure; broken: HTTP 500 (left out, counted); natpkg and toolpkg: native.
    assertThat(result.entries())
        .extracting(e -> e.name().normalized())
        .containsExactly("natpkg", "toolpkg");
    assertThat(result.examined()).isEqualTo(4);
    assertThat(result.failed()).isEqualTo(1);

    PackageEntry nat = result.entries().get(0);
    assertThat(nat.rank()).isEqualTo(3);
    assertThat(nat.latestVersion()).contains(Version.parse("1.3.0"));
    assertThat(versions(nat, CompatTarget.CP313T, PlatformKey.LINUX_X86_64))
        .containsExactly("1.1.0", "1.2.0");
    assertThat(versions(nat, CompatTarget.CP313T, PlatformKey.WINDOWS_AMD64))
        .containsExactly("1.1.0");
    assertThat(versions(nat, CompatTarget.CP313T, PlatformKey.MACOS_ARM64)).isEmpty();
    // The release candidate does not count.
    assertThat(versions(nat, CompatTarget.CP314T, PlatformKey.LINUX_X86_64))
        .containsExactly("1.2.0");
    // abi3t counts for 3.15t; the yanked x86_64 file does not.
    assertThat(versions(nat, CompatTarget.CP315T, PlatformKey.LINUX_AARCH64))
        .containsExactly("1.3.0");
    assertThat(versions(nat, CompatTarget.CP315T, PlatformKey.LINUX_X86_64)).isEmpty();
    assertThat(
            nat.targets()
                .get(CompatTarget.CP313T)
                .platforms()
                .get(PlatformKey.LINUX_X86_64)
                .evidence())
        .extracting(ev -> ev.kind() + " " + ev.detail())
        .containsExactly(
            "wheel natpkg-1.1.0-cp313-cp313t-manylinux_2_17_x86_64.whl",
            "wheel natpkg-1.2.0-cp313-cp313t-manylinux_2_17_x86_64.whl");
    assertThat(
            nat.targets()
                .get(CompatTarget.CP313T)
                .platforms()
                .get(PlatformKey.MACOS_ARM64)
                .evidence())
        .extracting(ev -> ev.kind() + " " + ev.detail())
        .containsExactly("index no cp313t wheel for macos-arm64 among 8 files of 4 final releases");

    // Classifier from the newest release's METADATA (the server ignores Range: whole file read).
    assertThat(nat.classifier()).contains("2 - Beta");
    assertThat(nat.evidence())
        .extracting(ev -> ev.detail())
        .containsExactly(
            "METADATA of natpkg-1.3.0-cp315-abi3.abi3t-manylinux_2_28_aarch64.whl: Programming Language :: Python :: Free Threading :: 2 - Beta");
    assertThat(nat.alternatives())
        .extracting(a -> a.name().normalized())
        .containsExactly("natpkg-ft");

    // The newest cp313t wheel this machine installs was probed, and the finding is under 3.13t.
    assertThat(probe.probed).containsExactly("natpkg-1.2.0-cp313-cp313t-manylinux_2_17_x86_64.whl");
    assertThat(nat.targets().get(CompatTarget.CP313T).probe().orElseThrow().gilModules())
        .containsExactly("natpkg._core");
    assertThat(result.probed()).isEqualTo(1);

    PackageEntry tool = result.entries().get(1);
    assertThat(
            tool.targets()
                .get(CompatTarget.CP314T)
                .platforms()
                .get(PlatformKey.LINUX_X86_64)
                .firstAbiNoneVersion())
        .contains(Version.parse("0.5"));

    // Bounded: the ranking's 5th project (the fork) was fetched only as natpkg's alternative, and
    // nothing after the 2nd native project.
    assertThat(requested.stream().filter(r -> r.startsWith("/simple/")).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(
            "/simple/purepkg/",
            "/simple/broken/",
            "/simple/natpkg/",
            "/simple/natpkg-ft/",
            "/simple/toolpkg/");
    assertThat(progress).anyMatch(l -> l.contains("broken: skipped: "));
  }

  @Test
  void theResultIsADatabaseTheScannerCanQuery() throws IOException {
    DbUpdater.Request request = request(List.of(), 1, Optional.of(new FakeProbe()));
    DbUpdater.Result result = updater(new ArrayList<>()).run(request);
    CompatDatabase db =
        CompatDatabase.of(
            DbUpdater.info(request, root + "/simple/", result.notes()), result.entries());
    Path file = dir.resolve("snapshot.json");
    db.write(file);
    CompatDatabase again = CompatDatabase.load(file);
    assertThat(again.version()).isEqualTo("2026.11.27");
    assertThat(again.info().command()).isEqualTo("nogil-scan db update --top 1");
    var status =
        again
            .lookup(
                PackageName.of("natpkg"),
                CompatTarget.CP313T,
                Optional.of(PlatformKey.LINUX_X86_64))
            .orElseThrow();
    assertThat(status.readiness()).isEqualTo(Readiness.GIL_REENABLED);
    assertThat(
            again
                .remediation(
                    PackageName.of("natpkg"),
                    Version.parse("1.0.0"),
                    CompatTarget.CP313T,
                    Optional.of(PlatformKey.LINUX_X86_64))
                .orElseThrow()
                .upgradeTo())
        .contains(Version.parse("1.1.0"));
  }

  @Test
  void namedPackagesAreRefreshedWhateverTheirRank() throws IOException {
    List<String> progress = new ArrayList<>();
    DbUpdater.Result result =
        updater(progress)
            .run(
                request(
                    List.of(
                        PackageName.of("toolpkg"),
                        PackageName.of("purepkg"),
                        PackageName.of("nosuch")),
                    500,
                    Optional.empty()));
    assertThat(result.entries()).extracting(e -> e.name().normalized()).containsExactly("toolpkg");
    assertThat(result.entries().get(0).rank()).isEqualTo(4);
    assertThat(result.failed()).isEqualTo(1);
    assertThat(progress)
        .contains(
            "  purepkg: no platform-specific wheel on the index; not recorded",
            "  nosuch: skipped: not on the index");
  }
}
