package dev.nogilscan.scanner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nogilscan.compatdb.pep.PackageName;
import dev.nogilscan.scanner.index.DistributionFile;
import dev.nogilscan.scanner.index.PackageIndex;
import dev.nogilscan.scanner.index.ProjectPage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PhaseTimingsTest {
  private final AtomicLong now = new AtomicLong();
  private final PhaseTimings timings = new PhaseTimings(now::get);

  private void advanceMs(long ms) {
    now.addAndGet(ms * 1_000_000);
  }

  private String line(String phase) {
    return timings.render().stream()
        .filter(l -> l.startsWith("nogil-scan: time " + phase + " "))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void workOfSeveralThreadsAtOnceCountsOnce() {
    timings.begin(PhaseTimings.Phase.DOWNLOAD);
    advanceMs(10);
    timings.begin(PhaseTimings.Phase.DOWNLOAD); // a second thread joins
    advanceMs(30);
    timings.end(PhaseTimings.Phase.DOWNLOAD);
    advanceMs(20);
    timings.end(PhaseTimings.Phase.DOWNLOAD);
    advanceMs(100); // idle: not counted
    timings.begin(PhaseTimings.Phase.DOWNLOAD);
    advanceMs(5);
    timings.end(PhaseTimings.Phase.DOWNLOAD);

    assertThat(line("download")).isEqualTo("nogil-scan: time download 65 ms (3 archives, 0 bytes)");
    assertThat(line("total")).isEqualTo("nogil-scan: time total 165 ms");
  }

  @Test
  void aPhaseStillRunningCountsUpToNow() {
    timings.begin(PhaseTimings.Phase.RESOLVE);
    advanceMs(7);
    assertThat(line("resolve")).isEqualTo("nogil-scan: time resolve 7 ms");
  }

  @Test
  void everyPhaseIsPrintedInOrderEvenWhenItDidNotRun() {
    assertThat(timings.render())
        .extracting(l -> l.split(" ")[2])
        .containsExactly(
            "read",
            "resolve",
            "index+metadata",
            "assess",
            "download",
            "inspect",
            "probe",
            "report",
            "total");
  }

  @Test
  void theIndexWrapperTimesRequestsAndCountsPagesMetadataAndBytes() throws Exception {
    PackageIndex slow =
        new PackageIndex() {
          @Override
          public Optional<ProjectPage> project(PackageName name) {
            advanceMs(4);
            return Optional.empty();
          }

          @Override
          public Optional<String> metadata(DistributionFile file) {
            advanceMs(2);
            return Optional.of("Metadata-Version: 2.1\n");
          }

          @Override
          public InputStream open(DistributionFile file) {
            return new ByteArrayInputStream(new byte[1000]);
          }

          @Override
          public String describe() {
            return "test";
          }
        };
    PackageIndex timed = timings.index(slow);
    timed.project(PackageName.of("a"));
    timed.metadata(null);
    try (InputStream in = timed.open(null)) {
      advanceMs(3);
      assertThat(in.readAllBytes()).hasSize(1000);
    }

    assertThat(line("index+metadata"))
        .isEqualTo("nogil-scan: time index+metadata 6 ms (1 pages, 1 metadata files)");
    assertThat(line("download"))
        .isEqualTo("nogil-scan: time download 3 ms (1 archives, 1000 bytes)");
    assertThat(timed.describe()).isEqualTo("test");
  }
}
