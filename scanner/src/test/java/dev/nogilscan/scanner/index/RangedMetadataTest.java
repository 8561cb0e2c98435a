package dev.nogilscan.scanner.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

/**
 * A wheel's METADATA read by range requests when the index offers no PEP 658 file: the end of the
 * zip and the member, never the whole file; and the whole download left to the caller whenever that
 * cannot be done.
 */
class RangedMetadataTest {
  private static final String METADATA =
      "Metadata-Version: 2.1\nName: big\nVersion: 1.0\nRequires-Dist: six>=1\n";
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

  @TempDir Path tmp;
  private MockWebServer server;
  private byte[] wheel;
  private boolean honourRanges = true;
  private final List<String> ranges = new CopyOnWriteArrayList<>();
  private final AtomicLong served = new AtomicLong();

  /** 2 MB of incompressible data first, then 500 small files, METADATA among the last. */
  private static byte[] wheel(boolean withMetadata) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      byte[] blob = new byte[2 << 20];
      new Random(7).nextBytes(blob);
      zip.putNextEntry(new ZipEntry("big/_data.bin"));
      zip.write(blob);
      zip.closeEntry();
      for (int i = 0; i < 500; i++) {
        zip.putNextEntry(new ZipEntry("big/module_" + i + ".py"));
        zip.write(("VALUE = " + i + "\n").getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
      if (withMetadata) {
        zip.putNextEntry(new ZipEntry("big-1.0.dist-info/METADATA"));
        zip.write(METADATA.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
      zip.putNextEntry(new ZipEntry("big-1.0.dist-info/WHEEL"));
      zip.write("Wheel-Version: 1.0\n".getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    return bytes.toByteArray();
  }

  @BeforeEach
  void start() throws IOException {
    wheel = wheel(true);
    server = new MockWebServer();
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            String range = request.getHeaders().get("Range");
            if (range == null || !honourRanges) {
              served.addAndGet(wheel.length);
              return new MockResponse.Builder().code(200).body(new Buffer().write(wheel)).build();
            }
            ranges.add(range);
            Matcher m = RANGE.matcher(range);
            if (!m.matches()) {
              return new MockResponse.Builder().code(400).build();
            }
            int first;
            int last;
            if (m.group(1).isEmpty()) {
              first = Math.max(0, wheel.length - Integer.parseInt(m.group(2)));
              last = wheel.length - 1;
            } else {
              first = Integer.parseInt(m.group(1));
              last = Math.min(wheel.length - 1, Integer.parseInt(m.group(2)));
            }
            served.addAndGet(last - first + 1L);
            return new MockResponse.Builder()
                .code(206)
                .addHeader("Content-Range", "bytes " + first + "-" + last + "/" + wheel.length)
                .addHeader("Cache-Control", "max-age=31536000, immutable")
                .body(new Buffer().write(wheel, first, last - first + 1))
                .build();
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private SimpleRepositoryIndex index(Optional<PageStore> store) {
    OkHttpClient client = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(5)).build();
    return new SimpleRepositoryIndex(
        server.url("/simple/").toString(),
        Set.of(),
        () -> client,
        IndexCredentials.NONE,
        false,
        store);
  }

  private DistributionFile file() {
    return new DistributionFile(
        "big-1.0-py3-none-any.whl",
        server.url("/files/big-1.0-py3-none-any.whl").toString(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        false);
  }

  @Test
  void readsTheMetadataOfAWheelWithAFewRangesNotTheWholeFile() throws IOException {
    Optional<String> text = index(Optional.empty()).metadata(file());

    assertThat(text).contains(METADATA);
    assertThat(ranges).isNotEmpty().hasSizeLessThanOrEqualTo(3);
    assertThat(ranges.get(0)).isEqualTo("bytes=-" + RangedFile.BLOCK);
    assertThat(served.get()).isLessThan(wheel.length / 8);
  }

  @Test
  void aServerThatIgnoresRangesLeavesTheDownloadToTheCallerAndIsNotAskedAgain() throws IOException {
    honourRanges = false;
    SimpleRepositoryIndex index = index(Optional.empty());

    assertThat(index.metadata(file())).isEmpty();
    assertThat(index.metadata(file())).isEmpty();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aZipWithoutMetadataLeavesItToTheDownloadToReport() throws IOException {
    wheel = wheel(false);

    assertThat(index(Optional.empty()).metadata(file())).isEmpty();
  }

  @Test
  void notAZipAtAllIsLeftToTheDownloadToo() throws IOException {
    wheel = new byte[100_000];

    assertThat(index(Optional.empty()).metadata(file())).isEmpty();
  }

  @Test
  void theNextRunReadsItFromThePageStore() throws IOException {
    PageStore store = new PageStore(tmp.resolve("pages"));
    index(Optional.of(store)).metadata(file());
    int asked = ranges.size();

    assertThat(index(Optional.of(store)).metadata(file())).contains(METADATA);
    assertThat(ranges).hasSize(asked);
  }

  @Test
  void anSdistIsNeverReadByRanges() throws IOException {
    DistributionFile sdist =
        new DistributionFile(
            "big-1.0.tar.gz",
            server.url("/files/big-1.0.tar.gz").toString(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            false);

    assertThat(index(Optional.empty()).metadata(sdist)).isEmpty();
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aRangedFileFetchesBlocksOnceAndStopsAtItsBudget() throws IOException {
    byte[] data = new byte[300_000];
    new Random(3).nextBytes(data);
    List<long[]> asked = new CopyOnWriteArrayList<>();
    RangedFile.Fetcher fetcher =
        (s, e) -> {
          asked.add(new long[] {s, e});
          byte[] out = new byte[(int) (e - s + 1)];
          System.arraycopy(data, (int) s, out, 0, out.length);
          return out;
        };
    byte[] tail = java.util.Arrays.copyOfRange(data, data.length - 1000, data.length);
    try (RangedFile f = new RangedFile(data.length, data.length - 1000, tail, fetcher, 200_000)) {
      ByteBuffer buf = ByteBuffer.allocate(10);
      f.position(data.length - 10).read(buf);
      assertThat(buf.array())
          .isEqualTo(java.util.Arrays.copyOfRange(data, data.length - 10, data.length));
      assertThat(asked).isEmpty();

      buf.clear();
      f.position(5).read(buf);
      f.position(5).read(buf.clear());
      assertThat(buf.array()).isEqualTo(java.util.Arrays.copyOfRange(data, 5, 15));
      assertThat(asked).hasSize(1);
      assertThat(asked.get(0)).containsExactly(5, 5 + RangedFile.BLOCK - 1);

      assertThatThrownBy(() -> f.position(150_000).read(ByteBuffer.allocate(150_000)))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("more than 200000 bytes");
      assertThat(f.position(data.length).read(ByteBuffer.allocate(1))).isEqualTo(-1);
    }
  }
}
