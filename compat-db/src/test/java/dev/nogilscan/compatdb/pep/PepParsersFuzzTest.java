package dev.nogilscan.compatdb.pep;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of every parser: on any input each throws nothing but {@link
 * PepSyntaxException}. Every test run replays the seeds under {@code PepParsersFuzzTestInputs/};
 * {@code JAZZER_FUZZ=1 ./mvnw -pl compat-db test -Dtest=PepParsersFuzzTest} fuzzes for real.
 */
class PepParsersFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void parsersThrowOnlyTheirSyntaxException(FuzzedDataProvider data) {
    String s = data.consumeRemainingAsString();
    attempt(() -> Version.parse(s));
    attempt(() -> SpecifierSet.parse(s));
    attempt(() -> Requirement.parse(s));
    attempt(() -> Marker.parse(s));
    attempt(() -> PackageName.of(s));
    attempt(() -> WheelFilename.parse(s));
    attempt(() -> SdistFilename.tryParse(s));
    attempt(() -> CoreMetadata.parse(s));
    attempt(() -> TargetPython.parse(s));
    attempt(() -> Platform.parse(s));
  }

  private static void attempt(Runnable parse) {
    try {
      parse.run();
    } catch (PepSyntaxException expected) {
      // the one failure a parser may report
    }
  }
}
