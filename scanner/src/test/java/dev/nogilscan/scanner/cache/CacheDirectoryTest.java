package dev.nogilscan.scanner.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CacheDirectoryTest {
  private static final Path HOME = Path.of("/home/u");

  @Test
  void explicitDirectoryWins() {
    CacheDirectory dir =
        CacheDirectory.resolve(
            Optional.of(Path.of("/tmp/x/../c")), Map.of("XDG_CACHE_HOME", "/xdg"), HOME);

    assertThat(dir.root()).isEqualTo(Path.of("/tmp/c"));
    assertThat(dir.archives()).isEqualTo(Path.of("/tmp/c/archives"));
    assertThat(dir.work()).isEqualTo(Path.of("/tmp/c/work"));
  }

  @Test
  void xdgCacheHomeWhenAbsolute() {
    assertThat(
            CacheDirectory.resolve(Optional.empty(), Map.of("XDG_CACHE_HOME", "/xdg"), HOME).root())
        .isEqualTo(Path.of("/xdg/nogil-scan"));
  }

  @Test
  void relativeOrBlankXdgCacheHomeIsIgnored() {
    assertThat(
            CacheDirectory.resolve(Optional.empty(), Map.of("XDG_CACHE_HOME", "rel"), HOME).root())
        .isEqualTo(Path.of("/home/u/.cache/nogil-scan"));
    assertThat(CacheDirectory.resolve(Optional.empty(), Map.of("XDG_CACHE_HOME", " "), HOME).root())
        .isEqualTo(Path.of("/home/u/.cache/nogil-scan"));
    assertThat(CacheDirectory.resolve(Optional.empty(), Map.of(), HOME).root())
        .isEqualTo(Path.of("/home/u/.cache/nogil-scan"));
  }
}
