package dev.nogilscan.scanner.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nogilscan.compatdb.pep.PackageName;
import dev.nogilscan.scanner.index.DistributionFile;
import dev.nogilscan.scanner.index.PackageIndex;
import dev.nogilscan.scanner.index.ProjectPage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A download must hash to one of the input's {@code --hash} (or lock) values; else nothing stays.
 */
class DownloadsHashesTest {
  private static final byte[] CONTENT = "hello wheel\n".getBytes(StandardCharsets.UTF_8);
  // sha256sum of "hello wheel\n"
  private static final String SHA =
      "2cdbc7cb0275621a80fd5ebec89f6d6d9d2d6fe0c93eb3e70d03c78d4ee98207";
  private static final String OTHER = "1".repeat(64);

  @TempDir Path tmp;
  private final AtomicInteger opened = new AtomicInteger();

  private final PackageIndex index =
      new PackageIndex() {
        @Override
        public Optional<ProjectPage> project(PackageName name) {
          return Optional.empty();
        }

        @Override
        public Optional<String> metadata(DistributionFile file) {
          return Optional.empty();
        }

        @Override
        public InputStream open(DistributionFile file) {
          opened.incrementAndGet();
          return new ByteArrayInputStream(CONTENT);
        }

        @Override
        public String describe() {
          return "memory";
        }
      };

  private Downloads downloads() {
    return new Downloads(index, new ArchiveCache(tmp.resolve("archives")), tmp.resolve("work"));
  }

  private static DistributionFile file(String sha) {
    return new DistributionFile(
        "demo-1.0-py3-none-any.whl",
        "https://files.example/demo-1.0-py3-none-any.whl",
        Optional.ofNullable(sha),
        Optional.empty(),
        Optional.empty(),
        false);
  }

  private List<Path> stored() throws IOException {
    try (Stream<Path> s = Files.walk(tmp)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }

  @Test
  void withoutAnIndexHashTheBytesAreCheckedAgainstTheInputsHashes() throws IOException {
    Downloads.Fetched f = downloads().fetch(file(null), List.of(OTHER, SHA));
    assertThat(f.sha256()).isEqualTo(SHA);
    assertThat(f.verified()).isTrue();
    assertThat(f.describe()).contains("verified against the input's hashes");
  }

  @Test
  void bytesThatMatchNoneOfTheInputsHashesAreNotKept() throws IOException {
    assertThatThrownBy(() -> downloads().fetch(file(null), List.of(OTHER)))
        .isInstanceOf(ArchiveCache.HashMismatchException.class)
        .hasMessage(
            "hash mismatch: demo-1.0-py3-none-any.whl: expected sha256 "
                + OTHER
                + " but the download hashes to "
                + SHA
                + "; nothing was cached");
    assertThat(stored()).isEmpty();
  }

  @Test
  void anIndexHashOutsideTheInputsHashesFailsBeforeAnyDownload() throws IOException {
    assertThatThrownBy(() -> downloads().fetch(file(SHA), List.of(OTHER)))
        .isInstanceOf(ArchiveCache.HashMismatchException.class)
        .hasMessageContaining("but the index lists " + SHA);
    assertThat(opened).hasValue(0);
    assertThat(stored()).isEmpty();
  }

  @Test
  void withoutInputHashesAFileWithoutAnIndexHashIsKeptUnverified() throws IOException {
    Downloads.Fetched f = downloads().fetch(file(null), List.of());
    assertThat(f.verified()).isFalse();
    assertThat(f.describe()).startsWith("the index gave no sha256; download not verified");
  }

  @Test
  void aCachedFileIsReusedUntilItChangesThenDownloadedAgain() throws IOException {
    Downloads.Fetched first = downloads().fetch(file(SHA), List.of(SHA));
    Downloads.Fetched again = downloads().fetch(file(SHA), List.of(SHA));
    assertThat(opened).hasValue(1);
    assertThat(again.path()).isEqualTo(first.path());
    assertThat(again.describe()).isEqualTo(first.describe()); // reports cannot tell them apart

    // changed on disk (another size): hashed again, found wrong, deleted and downloaded again
    Files.writeString(first.path(), "not the wheel the hashes name");
    Downloads.Fetched third = downloads().fetch(file(SHA), List.of(SHA));

    assertThat(opened).hasValue(2);
    assertThat(third.path()).hasBinaryContent(CONTENT);
    assertThat(third.sha256()).isEqualTo(SHA);
  }
}
