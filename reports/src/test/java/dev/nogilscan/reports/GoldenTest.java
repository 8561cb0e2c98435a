package dev.nogilscan.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every format of {@link ReportFormats#ALL} against every scenario. */
class GoldenTest {
  static Stream<Arguments> cases() {
    return ReportFormats.ALL.stream()
        .flatMap(f -> Scenarios.names().stream().map(s -> Arguments.of(f.name(), s)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void matchesGoldenFile(String format, String scenario) throws Exception {
    ReportFormat f = ReportFormats.named(format).orElseThrow();
    String rendered = f.render(Scenarios.named(scenario));

    assertThat(rendered).doesNotContain("\r").endsWith("\n");
    assertThat(f.render(Scenarios.named(scenario))).as("deterministic").isEqualTo(rendered);
    GoldenFiles.check(scenario + "." + f.extensions().get(0), rendered);
  }
}
