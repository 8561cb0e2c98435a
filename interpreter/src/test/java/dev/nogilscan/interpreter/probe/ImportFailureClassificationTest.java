package dev.nogilscan.interpreter.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImportFailureClassificationTest {
  private static final ProbeTarget GOOGLE_PROTOBUF =
      new ProbeTarget("protobuf", List.of(), List.of("google.protobuf"));
  private static final ProbeTarget REQUESTS =
      new ProbeTarget("requests", List.of(), List.of("requests"));

  private static ImportFailure classify(String error, String missing, ProbeTarget target) {
    return ImportProbe.classify(error, Optional.ofNullable(missing), target);
  }

  @Test
  void aModuleOutsideTheDistributionIsAMissingDependency() {
    assertThat(classify("ModuleNotFoundError", "urllib3", REQUESTS))
        .isEqualTo(ImportFailure.MISSING_DEPENDENCY);
    assertThat(classify("ModuleNotFoundError", "urllib3.util", REQUESTS))
        .isEqualTo(ImportFailure.MISSING_DEPENDENCY);
    // A sibling in the same namespace package is another distribution.
    assertThat(classify("ModuleNotFoundError", "google.auth", GOOGLE_PROTOBUF))
        .isEqualTo(ImportFailure.MISSING_DEPENDENCY);
  }

  @Test
  void aMissingModuleOfItsOwnIsABrokenPackage() {
    assertThat(classify("ModuleNotFoundError", "requests", REQUESTS))
        .isEqualTo(ImportFailure.BROKEN_PACKAGE);
    assertThat(classify("ModuleNotFoundError", "requests._native", REQUESTS))
        .isEqualTo(ImportFailure.BROKEN_PACKAGE);
    assertThat(classify("ModuleNotFoundError", "google", GOOGLE_PROTOBUF))
        .isEqualTo(ImportFailure.BROKEN_PACKAGE);
    assertThat(classify("ModuleNotFoundError", "requestsx", REQUESTS))
        .isEqualTo(ImportFailure.MISSING_DEPENDENCY);
  }

  @Test
  void otherImportErrorsAreBrokenPackagesAndTheRestExceptions() {
    // "cannot import name", "undefined symbol", wrong ABI: all ImportError without a module
    assertThat(classify("ImportError", null, REQUESTS)).isEqualTo(ImportFailure.BROKEN_PACKAGE);
    assertThat(classify("ImportError", "urllib3", REQUESTS))
        .isEqualTo(ImportFailure.BROKEN_PACKAGE);
    assertThat(classify("SystemExit", null, REQUESTS)).isEqualTo(ImportFailure.SYSTEM_EXIT);
    assertThat(classify("RuntimeError", null, REQUESTS)).isEqualTo(ImportFailure.EXCEPTION);
  }
}
