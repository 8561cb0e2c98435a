package dev.nogilscan.interpreter.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SourceTarballTest {
  @Test
  void upstreamAndDebianNamesStateTheVersion() {
    assertThat(SourceTarball.of(Path.of("Python-3.14.0.tar.xz")).orElseThrow().version())
        .isEqualTo("3.14.0");
    assertThat(SourceTarball.of(Path.of("Python-3.13.5.tgz")).orElseThrow().version())
        .isEqualTo("3.13.5");
    assertThat(SourceTarball.of(Path.of("python3.13_3.13.5.orig.tar.xz")).orElseThrow().version())
        .isEqualTo("3.13.5");
    assertThat(SourceTarball.of(Path.of("cpython-main.tar.gz"))).isEmpty();
    assertThat(SourceTarball.of(Path.of("python3.13_3.13.5-2.debian.tar.xz"))).isEmpty();
  }

  @Test
  void aMinorVersionMatchesItsPatchReleasesOnly() {
    SourceTarball t = SourceTarball.of(Path.of("Python-3.13.5.tar.xz")).orElseThrow();
    assertThat(t.matches("3.13")).isTrue();
    assertThat(t.matches("3.13.5")).isTrue();
    assertThat(t.matches("3.1")).isFalse();
    assertThat(t.matches("3.13.4")).isFalse();
  }
}
