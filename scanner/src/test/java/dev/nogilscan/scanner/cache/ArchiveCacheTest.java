package dev.nogilscan.scanner.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArchiveCacheTest {
  private static final byte[] CONTENT = "hello wheel\n".getBytes(StandardCharsets.UTF_8);
  // sha256sum of "hello wheel\n"
  private static final String SHA =
      "2cdbc7cb0275621a80fd5ebec89f6d6d9d2d6fe0c93eb3e70d03c78d4ee98207";
  private static final String NAME = "demo-1.0-py3-none-any.whl";

  @TempDir Path root;

  private static InputStream content() {
    return new ByteArrayInputStream(CONTENT);
  }

  private List<Path> regularFiles() throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }

  /** The archives only, without the stamps beside them. */
  private List<Path> archives() throws IOException {
    return regularFiles().stream().filter(p -> p.startsWith(root.resolve("sha256"))).toList();
  }

  /** A cache whose hashing of stored files is counted. */
  private final AtomicInteger hashed = new AtomicInteger();

  private ArchiveCache countingCache() {
    return new ArchiveCache(
        root,
        f -> {
          hashed.incrementAndGet();
          return ArchiveCache.sha256(f);
        });
  }

  private static void setMtime(Path file, Instant when) throws IOException {
    Files.setLastModifiedTime(file, FileTime.from(when));
  }

  @Test
  void sha256OfAFile() throws IOException {
    Path f = root.resolve("f");
    Files.write(f, CONTENT);

    assertThat(ArchiveCache.sha256(f)).isEqualTo(SHA);
  }

  @Test
  void pathIsShardedByHash() {
    ArchiveCache cache = new ArchiveCache(root);

    assertThat(cache.pathFor(SHA.toUpperCase(), NAME))
        .isEqualTo(root.resolve("sha256").resolve("2c").resolve(SHA).resolve(NAME));
  }

  @Test
  void storesThenFindsWithTheCorrectHash() throws IOException {
    ArchiveCache cache = new ArchiveCache(root);

    assertThat(cache.find(SHA, NAME)).isEmpty();
    Path stored = cache.store(content(), SHA, NAME);

    assertThat(stored).isEqualTo(cache.pathFor(SHA, NAME));
    assertThat(stored).hasBinaryContent(CONTENT);
    assertThat(cache.find(SHA, NAME)).contains(stored);
    assertThat(cache.find(SHA.toUpperCase(), NAME)).contains(stored);
    assertThat(archives()).containsExactly(stored);
  }

  @Test
  void storingTwiceKeepsOneFile() throws IOException {
    ArchiveCache cache = new ArchiveCache(root);

    cache.store(content(), SHA, NAME);
    Path again = cache.store(content(), SHA, NAME);

    assertThat(archives()).containsExactly(again);
    assertThat(again).hasBinaryContent(CONTENT);
  }

  @Test
  void wrongHashIsRefusedAndNothingIsLeft() throws IOException {
    ArchiveCache cache = new ArchiveCache(root);
    String promised = "0".repeat(64);

    assertThatThrownBy(() -> cache.store(content(), promised, NAME))
        .isInstanceOf(ArchiveCache.HashMismatchException.class)
        .hasMessage(
            NAME
                + ": sha256 mismatch: the index promised "
                + promised
                + " but the download hashes to "
                + SHA
                + "; nothing was cached");

    assertThat(regularFiles()).isEmpty();
    assertThat(cache.find(promised, NAME)).isEmpty();
  }

  @Test
  void streamFailureLeavesNothing() throws IOException {
    ArchiveCache cache = new ArchiveCache(root);
    InputStream failing =
        new InputStream() {
          private int n;

          @Override
          public int read() throws IOException {
            if (n++ < 3) {
              return 'x';
            }
            throw new IOException("connection reset");
          }
        };

    assertThatThrownBy(() -> cache.store(failing, SHA, NAME))
        .isExactlyInstanceOf(IOException.class)
        .hasMessage("connection reset");
    assertThat(regularFiles()).isEmpty();
  }

  @Test
  void corruptedCachedFileIsNotTrusted() throws IOException {
    ArchiveCache cache = new ArchiveCache(root);
    Path stored = cache.store(content(), SHA, NAME);
    Files.writeString(stored, "tampered");

    assertThat(cache.find(SHA, NAME)).isEmpty();
    assertThat(stored).doesNotExist();
  }

  @Test
  void aStoredFileIsFoundWithoutReadingItAgain() throws IOException {
    ArchiveCache cache = countingCache();
    Path stored = cache.store(content(), SHA, NAME);

    assertThat(cache.find(SHA, NAME)).contains(stored);
    assertThat(cache.find(SHA, NAME)).contains(stored);
    assertThat(hashed).hasValue(0); // hashed while stored; unchanged since
    assertThat(cache.verifiedHash(stored)).contains(SHA);
  }

  @Test
  void aFileWithoutAStampIsHashedOnceThenTrusted() throws IOException {
    ArchiveCache cache = countingCache();
    Path path = cache.pathFor(SHA, NAME); // as an earlier version of the cache left it
    Files.createDirectories(path.getParent());
    Files.write(path, CONTENT);
    assertThat(cache.verifiedHash(path)).isEmpty();

    assertThat(cache.find(SHA, NAME)).contains(path);
    assertThat(cache.find(SHA, NAME)).contains(path);

    assertThat(hashed).hasValue(1);
    assertThat(cache.verifiedHash(path)).contains(SHA);
  }

  @Test
  void aFileOfAnotherSizeIsHashedAgainAndDeletedOnMismatch() throws IOException {
    ArchiveCache cache = countingCache();
    Path stored = cache.store(content(), SHA, NAME);
    Files.writeString(stored, "tampered, and longer than before");

    assertThat(cache.verifiedHash(stored)).isEmpty();
    assertThat(cache.find(SHA, NAME)).isEmpty();
    assertThat(hashed).hasValue(1);
    assertThat(stored).doesNotExist();
    assertThat(regularFiles()).isEmpty(); // its stamp went with it
  }

  @Test
  void sameSizeOtherContentWithAnotherMtimeIsHashedAgainAndDeleted() throws IOException {
    ArchiveCache cache = countingCache();
    Path stored = cache.store(content(), SHA, NAME);
    Instant before = Files.getLastModifiedTime(stored).toInstant();
    Files.write(stored, "HELLO WHEEL\n".getBytes(StandardCharsets.UTF_8));
    setMtime(stored, before.minusSeconds(60));

    assertThat(cache.find(SHA, NAME)).isEmpty();
    assertThat(hashed).hasValue(1);
    assertThat(stored).doesNotExist();
  }

  @Test
  void sameSizeAndMtimeButRewrittenIsStillHashedAgain() throws IOException {
    assumeTrue(
        root.getFileSystem().supportedFileAttributeViews().contains("unix"),
        "needs the change time (unix:ctime)");
    ArchiveCache cache = countingCache();
    Path stored = cache.store(content(), SHA, NAME);
    FileTime mtime = Files.getLastModifiedTime(stored);
    // garbage of the same size, the modification time put back: only the change time tells
    Files.write(stored, "HELLO WHEEL\n".getBytes(StandardCharsets.UTF_8));
    Files.setLastModifiedTime(stored, mtime);

    assertThat(cache.find(SHA, NAME)).isEmpty();
    assertThat(hashed).hasValue(1);
    assertThat(stored).doesNotExist();
  }

  @Test
  void aTouchedButUnchangedFileIsHashedOnceAndKept() throws IOException {
    ArchiveCache cache = countingCache();
    Path stored = cache.store(content(), SHA, NAME);
    setMtime(stored, Instant.parse("2020-01-01T00:00:00Z"));

    assertThat(cache.find(SHA, NAME)).contains(stored);
    assertThat(cache.find(SHA, NAME)).contains(stored);
    assertThat(hashed).hasValue(1);
    assertThat(stored).hasBinaryContent(CONTENT);
  }

  @Test
  void aCorruptStampOnlyCostsAHash() throws IOException {
    ArchiveCache cache = countingCache();
    Path stored = cache.store(content(), SHA, NAME);
    Path stamp = root.resolve("verified").resolve("2c").resolve(SHA).resolve(NAME);
    assertThat(stamp).exists();
    Files.write(stamp, new byte[] {0, (byte) 0xff, 'x'});

    assertThat(cache.find(SHA, NAME)).contains(stored);
    assertThat(cache.find(SHA, NAME)).contains(stored);
    assertThat(hashed).hasValue(1);
  }

  @Test
  void aStoredFileIsDatedBeforeItsCheckSoThatALaterWriteMovesItsMtime() throws IOException {
    Instant start = Instant.now();
    Path stored = new ArchiveCache(root).store(content(), SHA, NAME);

    // a write in the same tick of the file system clock as the check would otherwise keep it
    assertThat(Files.getLastModifiedTime(stored).toInstant())
        .isBeforeOrEqualTo(start.minusSeconds(ArchiveCache.RACY_SECONDS).plusSeconds(1));
  }

  @Test
  void verifiedHashIsOnlyForFilesOfTheCache() throws IOException {
    ArchiveCache cache = new ArchiveCache(root.resolve("cache"));
    Path stored = cache.store(content(), SHA, NAME);
    Path elsewhere = root.resolve(NAME);
    Files.write(elsewhere, CONTENT);

    assertThat(cache.verifiedHash(stored)).contains(SHA);
    assertThat(cache.verifiedHash(elsewhere)).isEmpty();
    assertThat(cache.verifiedHash(root.resolve("cache/sha256/2c/" + SHA + "/../" + SHA + "/x")))
        .isEmpty();
    assertThat(cache.verifiedHash(stored.getParent())).isEmpty();
  }

  @Test
  void aFileWithAnotherNameIsNotFound() throws IOException {
    ArchiveCache cache = new ArchiveCache(root);
    cache.store(content(), SHA, NAME);

    assertThat(cache.find(SHA, "other-1.0.tar.gz")).isEmpty();
    assertThat(cache.find("1".repeat(64), NAME)).isEmpty();
  }

  @Test
  void aDirectoryInPlaceOfTheFileIsNotFound() throws IOException {
    ArchiveCache cache = new ArchiveCache(root);
    Files.createDirectories(cache.pathFor(SHA, NAME));

    assertThat(cache.find(SHA, NAME)).isEqualTo(Optional.empty());
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../../../escape.whl", "a/b.whl", "..", ".", "", "a\\b.whl", "a\0b"})
  void fileNamesThatAreNotPlainNamesAreRefused(String filename) throws IOException {
    ArchiveCache cache = new ArchiveCache(root.resolve("cache"));

    assertThatThrownBy(() -> cache.store(content(), SHA, filename))
        .isExactlyInstanceOf(IOException.class)
        .hasMessage("'" + filename + "' is not a plain file name; nothing was cached");
    assertThatThrownBy(() -> cache.find(SHA, filename))
        .isExactlyInstanceOf(IOException.class)
        .hasMessage("'" + filename + "' is not a plain file name; nothing was cached");
    assertThat(regularFiles()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "ab",
        "../../../../../../../../../../../../../../../../../tmp/x",
        "gggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggg"
      })
  void hashesThatAreNotSha256AreRefused(String sha) throws IOException {
    ArchiveCache cache = new ArchiveCache(root.resolve("cache"));

    assertThatThrownBy(() -> cache.store(content(), sha, NAME))
        .isExactlyInstanceOf(IOException.class)
        .hasMessage("'" + sha + "' is not a sha256 hex digest; nothing was cached");
    assertThat(regularFiles()).isEmpty();
  }
}
