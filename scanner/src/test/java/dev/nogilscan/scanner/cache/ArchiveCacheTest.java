package dev.nogilscan.scanner.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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
    assertThat(regularFiles()).containsExactly(stored);
  }

  @Test
  void storingTwiceKeepsOneFile() throws IOException {
    ArchiveCache cache = new ArchiveCache(root);

    cache.store(content(), SHA, NAME);
    Path again = cache.store(content(), SHA, NAME);

    assertThat(regularFiles()).containsExactly(again);
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
