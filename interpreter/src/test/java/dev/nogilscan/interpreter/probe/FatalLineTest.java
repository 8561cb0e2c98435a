package dev.nogilscan.interpreter.probe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FatalLineTest {
  @Test
  void aSingleReportIsKeptAsItIs() {
    assertThat(ImportProbe.fatalLine("Fatal Python error: Segmentation fault"))
        .isEqualTo("Fatal Python error: Segmentation fault");
    assertThat(ImportProbe.fatalLine("Fatal Python error: Aborted "))
        .isEqualTo("Fatal Python error: Aborted");
  }

  @Test
  void reportsOfThreadsCrashingAtOnceAreReadAsOne() {
    assertThat(
            ImportProbe.fatalLine(
                "Fatal Python error: Fatal Python error: Segmentation faultSegmentation fault"))
        .isEqualTo("Fatal Python error: Segmentation fault");
    assertThat(
            ImportProbe.fatalLine(
                "Fatal Python error: Fatal Python error: Fatal Python error: "
                    + "Bus errorBus errorBus error"))
        .isEqualTo("Fatal Python error: Bus error");
  }

  @Test
  void anInterleavingThatIsNotARepetitionIsLeftForAHumanToRead() {
    assertThat(
            ImportProbe.fatalLine(
                "Fatal Python error: Fatal Python error: SegmentBus erroration fault"))
        .isEqualTo("Fatal Python error: SegmentBus erroration fault");
  }
}
