package dev.nogilscan.scanner.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Any bytes, read as every archive format and installed as a wheel: the readers end in an {@link
 * Inspection} or an {@link ArchiveException}, never another exception, and the installer writes
 * nothing outside its target and creates no link. Every test run replays the seeds under {@code
 * ArchiveReadersFuzzTestInputs/} and a seeded set of mutations of them; {@code JAZZER_FUZZ=1 ./mvnw
 * -pl scanner test -Dtest=ArchiveReadersFuzzTest} fuzzes for real. Limits are small so that no
 * input can use much memory or time.
 */
class ArchiveReadersFuzzTest {
  private static final ArchiveLimits LIMITS = new ArchiveLimits(2_000, 8 << 20, 200, 1 << 20);
  private static final List<ArchiveInspector> INSPECTORS =
      List.of(new WheelInspector(LIMITS), new SdistInspector(LIMITS), new EggInspector(LIMITS));
  private static final List<String> NAMES =
      List.of(
          "fuzz-1.0-cp313-cp313t-manylinux_2_17_x86_64.whl",
          "fuzz-1.0.egg",
          "fuzz-1.0.tar.gz",
          "fuzz-1.0.tar.bz2",
          "fuzz-1.0.tar.xz",
          "fuzz-1.0.zip");
  private static final String SEEDS =
      "ArchiveReadersFuzzTestInputs/readersThrowOnlyArchiveException/";
  private static final List<String> SEED_FILES =
      List.of("wheel.zip", "egg.zip", "sdist.tar.gz", "sdist.tar.bz2", "sdist.tar.xz", "sdist.zip");

  @FuzzTest(maxDuration = "60s")
  void readersThrowOnlyArchiveException(FuzzedDataProvider data) throws IOException {
    check(data.consumeRemainingAsBytes());
  }

  /**
   * Seeded mutations of the seeds (bit flips, overwritten, inserted and removed runs, truncation):
   * the same property, with a time bound per round so that a hang fails instead of stalling.
   */
  @Test
  void mutatedSeedsThrowOnlyArchiveException() throws IOException {
    List<byte[]> seeds = new ArrayList<>();
    for (String s : SEED_FILES) {
      try (InputStream in = getClass().getResourceAsStream(SEEDS + s)) {
        assertThat(in).as(s).isNotNull();
        seeds.add(in.readAllBytes());
      }
    }
    Random random = new Random(703);
    for (int round = 0; round < 200; round++) {
      byte[] input = mutate(random, seeds.get(random.nextInt(seeds.size())));
      int r = round;
      assertTimeoutPreemptively(
          Duration.ofSeconds(30), () -> check(input), () -> "round " + r + " did not end");
    }
  }

  private static byte[] mutate(Random random, byte[] seed) {
    byte[] b = seed.clone();
    int edits = 1 + random.nextInt(6);
    for (int i = 0; i < edits && b.length > 0; i++) {
      int at = random.nextInt(b.length);
      switch (random.nextInt(5)) {
        case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
        case 1 -> b[at] = (byte) random.nextInt(256);
        case 2 -> {
          int len = Math.min(b.length - at, 1 + random.nextInt(8));
          for (int k = 0; k < len; k++) {
            b[at + k] = (byte) 0xff;
          }
        }
        case 3 -> b = java.util.Arrays.copyOf(b, at);
        default -> {
          byte[] grown = new byte[b.length + 4];
          System.arraycopy(b, 0, grown, 0, at);
          System.arraycopy(b, at, grown, at + 4, b.length - at);
          grown[at] = (byte) 0xff;
          grown[at + 1] = (byte) 0xff;
          grown[at + 2] = (byte) 0xff;
          grown[at + 3] = (byte) 0x7f;
          b = grown;
        }
      }
    }
    return b;
  }

  static void check(byte[] bytes) throws IOException {
    Path dir = Files.createTempDirectory("nogil-scan-fuzz");
    try {
      Path input = Files.write(dir.resolve("input"), bytes);
      for (String name : NAMES) {
        for (ArchiveInspector inspector : INSPECTORS) {
          if (!inspector.accepts(name)) {
            continue;
          }
          try {
            Inspection inspection = inspector.inspect(input, name);
            assertThat(inspection.filename()).isEqualTo(name);
            assertThat(inspection.entries()).isBetween(1, (int) LIMITS.maxEntries());
          } catch (ArchiveException expected) {
            assertThat(expected.getMessage()).startsWith(name + ": ");
          }
        }
      }
      Path site = Files.createDirectory(dir.resolve("site"));
      try {
        new WheelInstaller(LIMITS).install(input, NAMES.get(0), site);
      } catch (ArchiveException expected) {
        assertThat(expected.getMessage()).startsWith(NAMES.get(0) + ": ");
      }
      try (Stream<Path> top = Files.list(dir)) {
        assertThat(top.map(p -> p.getFileName().toString()))
            .containsExactlyInAnyOrder("input", "site");
      }
      try (Stream<Path> written = Files.walk(site)) {
        for (Path p : written.toList()) {
          assertThat(Files.isSymbolicLink(p)).as("link %s", p).isFalse();
          assertThat(p.toRealPath(LinkOption.NOFOLLOW_LINKS).startsWith(site.toRealPath()))
              .isTrue();
        }
      }
    } finally {
      try (Stream<Path> all = Files.walk(dir)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
