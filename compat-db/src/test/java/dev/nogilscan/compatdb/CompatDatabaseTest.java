package dev.nogilscan.compatdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nogilscan.compatdb.pep.PackageName;
import dev.nogilscan.compatdb.pep.Platform;
import dev.nogilscan.compatdb.pep.TargetPython;
import dev.nogilscan.compatdb.pep.Version;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompatDatabaseTest {
  static final String DB =
      """
      {
        "formatVersion": 1,
        "version": "2026.11.27",
        "date": "2026-11-27",
        "generatedBy": "nogil-scan db update --top 2",
        "index": "https://pypi.org/simple/",
        "notes": ["test data"],
        "packages": {
          "numpy": {
            "rank": 20,
            "latestVersion": "2.5.5",
            "classifier": "3 - Stable",
            "learned": "2026-11-27",
            "evidence": [{"kind": "classifier", "detail": "METADATA of numpy-2.5.5.whl: ...", "learned": "2026-11-27"}],
            "targets": {
              "3.13t": {
                "platforms": {
                  "linux-x86_64": {
                    "versions": ["2.1.0", "2.1.1", "2.2.0", "2.4.6"],
                    "evidence": [{"kind": "wheel", "detail": "numpy-2.1.0-cp313-cp313t-manylinux_2_17_x86_64.whl", "learned": "2026-11-27"}]
                  },
                  "windows-amd64": {"versions": ["2.1.3", "2.2.0"]}
                },
                "probe": {
                  "version": "2.4.6",
                  "wheel": "numpy-2.4.6-cp313-cp313t-manylinux_2_27_x86_64.whl",
                  "interpreter": "CPython 3.13.5t",
                  "outcome": "clean",
                  "gilModules": [],
                  "detail": "imported numpy; GIL still disabled",
                  "learned": "2026-11-27"
                }
              },
              "3.14t": {"platforms": {"linux-x86_64": {"evidence": [{"kind": "index", "detail": "no cp314t wheel", "learned": "2026-11-27"}]}}}
            }
          },
          "pyyaml": {
            "rank": 15,
            "latestVersion": "6.0.4",
            "alternatives": [{"name": "pyyaml-ft", "reason": "a fork with free-threaded wheels"}],
            "tracking": "https://github.com/yaml/pyyaml/issues/000",
            "learned": "2026-11-27",
            "targets": {
              "3.13t": {
                "platforms": {"linux-x86_64": {}},
                "probe": {
                  "version": "6.0.4",
                  "wheel": "pyyaml-6.0.4-cp313-cp313t-manylinux_2_17_x86_64.whl",
                  "interpreter": "CPython 3.13.5t",
                  "outcome": "gil-reenabled",
                  "gilModules": ["yaml._yaml"],
                  "detail": "importing re-enabled the GIL: yaml._yaml",
                  "learned": "2026-11-27"
                }
              },
              "3.14t": {"platforms": {"linux-x86_64": {"versions": ["6.0.3", "6.0.4"]}}}
            }
          },
          "ruff": {
            "learned": "2026-11-27",
            "targets": {"3.14t": {"platforms": {"linux-x86_64": {"firstAbiNoneVersion": "0.1.0"}}}}
          }
        }
      }
      """;

  private static final TargetPython T313 = TargetPython.parse("3.13t");
  private static final TargetPython T314 = TargetPython.parse("3.14t");
  private static final Platform LINUX = Platform.parse("manylinux_2_36_x86_64");
  private static final Platform MUSL = Platform.parse("musllinux_1_2_x86_64");

  static CompatDatabase db() {
    return CompatDatabase.parse(DB, "test.json");
  }

  private static PackageName n(String name) {
    return PackageName.of(name);
  }

  private static Version v(String version) {
    return Version.parse(version);
  }

  @Test
  void headerForReports() {
    assertThat(db().version()).isEqualTo("2026.11.27");
    assertThat(db().date()).isEqualTo(LocalDate.of(2026, 11, 27));
    assertThat(db().info().command()).isEqualTo("nogil-scan db update --top 2");
    assertThat(db().packages()).hasSize(3);
  }

  @Test
  void lookupWithFreeThreadedWheelsAndCleanProbe() {
    KnownStatus s = db().lookup(n("NumPy"), T313, LINUX).orElseThrow();
    assertThat(s.readiness()).isEqualTo(Readiness.FREE_THREADED_WHEELS);
    assertThat(s.platform()).contains(PlatformKey.LINUX_X86_64);
    assertThat(s.firstSupported()).contains(v("2.1.0"));
    assertThat(s.latestSupported()).contains(v("2.4.6"));
    assertThat(s.classifier()).contains("3 - Stable");
    assertThat(s.probe().orElseThrow().gilStayedOff()).isTrue();
    assertThat(s.evidence())
        .extracting(Evidence::kind)
        .containsExactly("wheel", "probe", "classifier");
    assertThat(s.summary())
        .isEqualTo(
            "free-threaded wheels since 2.1.0 (linux-x86_64, 3.13t); import probe of 2.4.6: GIL stayed disabled");
  }

  @Test
  void perPlatformFirstVersionDiffers() {
    assertThat(db().firstSupported(n("numpy"), T313, Platform.parse("win_amd64")))
        .contains(v("2.1.3"));
    assertThat(db().firstSupported(n("numpy"), T313, LINUX)).contains(v("2.1.0"));
  }

  @Test
  void gilReenabledWhenTheProbeSaysSo() {
    KnownStatus s =
        db().lookup(n("pyyaml"), CompatTarget.CP313T, Optional.of(PlatformKey.LINUX_X86_64))
            .orElseThrow();
    // No cp313t wheel recorded for linux: the summary is about wheels, the probe is still shown.
    assertThat(s.readiness()).isEqualTo(Readiness.NO_FREE_THREADED_WHEELS);
    assertThat(s.probe().orElseThrow().gilReenabled()).isTrue();
    assertThat(s.alternatives())
        .extracting(a -> a.name().normalized())
        .containsExactly("pyyaml-ft");
    assertThat(s.tracking()).contains("https://github.com/yaml/pyyaml/issues/000");
  }

  @Test
  void noWheelsAbiNoneNotExaminedAndUnknown() {
    assertThat(db().lookup(n("numpy"), T314, LINUX).orElseThrow().readiness())
        .isEqualTo(Readiness.NO_FREE_THREADED_WHEELS);
    assertThat(db().lookup(n("ruff"), T314, LINUX).orElseThrow().readiness())
        .isEqualTo(Readiness.ABI_NONE_WHEELS);
    assertThat(db().lookup(n("numpy"), T313, MUSL).orElseThrow().readiness())
        .isEqualTo(Readiness.NOT_EXAMINED);
    assertThat(
            db().lookup(n("numpy"), TargetPython.parse("3.15t"), LINUX).orElseThrow().readiness())
        .isEqualTo(Readiness.NOT_EXAMINED);
    assertThat(db().lookup(n("left-pad"), T313, LINUX)).isEmpty();
    assertThat(db().firstSupported(n("left-pad"), T313, LINUX)).isEmpty();
    assertThat(db().lookup(n("numpy"), TargetPython.parse("3.13"), LINUX)).isEmpty();
  }

  @Test
  void remediationNamesTheLowestNewerReleaseWithFreeThreadedWheels() {
    Remediation r = db().remediation(n("numpy"), v("1.26.4"), T313, LINUX).orElseThrow();
    assertThat(r.upgradeTo()).contains(v("2.1.0"));
    assertThat(r.reason())
        .isEqualTo(
            "1.26.4 has no free-threaded wheel on linux-x86_64 for 3.13t; 2.1.0 is the lowest newer release that has one");
    assertThat(r.actionable()).isTrue();
    // 2.1.2 is missing from the list: the next one with wheels is 2.2.0.
    assertThat(db().remediation(n("numpy"), v("2.1.2"), T313, LINUX).orElseThrow().upgradeTo())
        .contains(v("2.2.0"));
    assertThat(db().remediation(n("numpy"), v("2.1.0"), T313, LINUX)).isEmpty();
    assertThat(db().remediation(n("numpy"), v("2.1.0+local"), T313, LINUX)).isEmpty();
  }

  @Test
  void remediationWithoutUpgradeOffersAlternatives() {
    Remediation r = db().remediation(n("pyyaml"), v("6.0.1"), T313, LINUX).orElseThrow();
    assertThat(r.upgradeTo()).isEmpty();
    assertThat(r.alternatives()).hasSize(1);
    assertThat(r.reason())
        .isEqualTo(
            "6.0.1 has no free-threaded wheel on linux-x86_64 for 3.13t; no newer release has one (newest release 6.0.4)");
    assertThat(db().remediation(n("pyyaml"), v("6.0.1"), T314, LINUX).orElseThrow().upgradeTo())
        .contains(v("6.0.3"));
  }

  @Test
  void remediationIsEmptyWhenUnknownOrNotExaminedOrAbiNone() {
    assertThat(db().remediation(n("left-pad"), v("1.0"), T313, LINUX)).isEmpty();
    assertThat(db().remediation(n("numpy"), v("1.0"), T313, MUSL)).isEmpty();
    assertThat(db().remediation(n("ruff"), v("0.5.0"), T314, LINUX)).isEmpty();
  }

  @Test
  void overridesWinAndSteerRemediation() throws Exception {
    Overrides o =
        Overrides.fromTree(
            new ObjectMapper()
                .readTree(
                    """
                    {"override": [
                      {"package": "numpy", "status": "known-bad", "versions": "<2.2", "reason": "segfaults in our CI"},
                      {"package": "pyyaml", "status": "known-good", "reason": "we only use the pure loader"}
                    ]}
                    """),
            "nogil-scan.toml");
    CompatDatabase db = db().withOverrides(o);
    KnownStatus s = db.lookup(n("numpy"), T313, LINUX).orElseThrow();
    assertThat(s.readiness()).isEqualTo(Readiness.KNOWN_BAD);
    assertThat(s.evidence().get(0).detail())
        .isEqualTo("nogil-scan.toml: $.override[0]: known-bad for <2.2: segfaults in our CI");
    // 2.1.0 has wheels but is known-bad; the advice skips to the first release the override spares.
    Remediation r = db.remediation(n("numpy"), v("2.1.0"), T313, LINUX).orElseThrow();
    assertThat(r.upgradeTo()).contains(v("2.2.0"));
    assertThat(r.reason())
        .isEqualTo(
            "2.1.0 is known-bad (segfaults in our CI); 2.2.0 is the lowest newer release that has one");
    assertThat(db.remediation(n("numpy"), v("2.2.0"), T313, LINUX)).isEmpty();
    assertThat(db.remediation(n("pyyaml"), v("6.0.1"), T313, LINUX)).isEmpty();
    assertThat(db.lookup(n("pyyaml"), T313, LINUX).orElseThrow().readiness())
        .isEqualTo(Readiness.KNOWN_GOOD);
  }

  @Test
  void roundTripsThroughItsOwnJson(@TempDir Path dir) {
    Path file = dir.resolve("snapshot.json");
    db().write(file);
    CompatDatabase again = CompatDatabase.load(file);
    assertThat(again.toJson()).isEqualTo(db().toJson());
    assertThat(again.lookup(n("numpy"), T313, LINUX))
        .isEqualTo(db().lookup(n("numpy"), T313, LINUX));
  }

  @Test
  void bundledSnapshotLoads() {
    CompatDatabase bundled = CompatDatabase.load();
    assertThat(bundled.version()).isNotBlank();
    assertThat(bundled.info().command()).startsWith("nogil-scan db update --top 500");
    assertThat(bundled.packages()).hasSizeGreaterThanOrEqualTo(500);
    assertThat(CompatDatabase.load()).isSameAs(bundled);
  }

  @Test
  void bundledSnapshotIsExactlyWhatTheWriterProduces() throws Exception {
    // Nothing in the file is lost or reordered by reading it: the data is what db update wrote.
    try (var in = CompatDatabase.class.getResourceAsStream(CompatDatabase.RESOURCE)) {
      String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(CompatDatabase.load().toJson()).isEqualTo(text);
    }
  }

  private static void assertMalformed(String json, String message) {
    assertThatThrownBy(() -> CompatDatabase.parse(json, "db.json"))
        .isInstanceOf(CompatDbException.class)
        .hasMessage(message);
  }

  private static String withNumpy(String numpyEntry) {
    return """
        {"formatVersion": 1, "version": "1", "date": "2026-11-27", "generatedBy": "x", "index": "y",
         "packages": {"numpy": %s}}
        """
        .formatted(numpyEntry);
  }

  @Test
  void malformedFilesNameTheFileThePathAndWhatWasExpected() {
    assertMalformed(
        "{",
        "db.json: $: not valid JSON at line 1, column 2: Unexpected end-of-input: expected close marker for Object (start marker at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 1])");
    assertMalformed("", "db.json: $: expected a JSON object but the file is empty");
    assertMalformed("[]", "db.json: $: expected an object but found an array");
    assertMalformed(
        "{\"formatVersion\": 2}",
        "db.json: $.formatVersion: expected format version 1 but found 2; this nogil-scan reads only version 1");
    assertMalformed(
        "{\"formatVersion\": \"1\"}",
        "db.json: $.formatVersion: expected an integer but found the string '1'");
    assertMalformed("{\"formatVersion\": 1}", "db.json: $: expected the key 'version'");
    assertMalformed(
        withNumpy("{\"learned\": \"2026-11-27\", \"targets\": {\"3.12t\": {}}}"),
        "db.json: $.packages.numpy.targets['3.12t']: expected a target 3.13t, 3.14t, 3.15t or nogil-3.9 but found '3.12t'");
    assertMalformed(
        withNumpy(
            "{\"learned\": \"2026-11-27\", \"targets\": {\"3.13t\": {\"platforms\": {\"linux-x86_64\": {\"versions\": [\"2.1.0\", \"two\"]}}}}}"),
        "db.json: $.packages.numpy.targets['3.13t'].platforms['linux-x86_64'].versions[1]: expected a PEP 440 version but found 'two'");
    assertMalformed(
        withNumpy("{\"learned\": \"27.11.2026\", \"targets\": {}}"),
        "db.json: $.packages.numpy.learned: expected a date YYYY-MM-DD but found '27.11.2026'");
    assertMalformed(
        withNumpy("{\"learned\": \"2026-11-27\", \"targets\": {}, \"colour\": 1}"),
        "db.json: $.packages.numpy.colour: unknown key 'colour'; expected one of rank, latestVersion, classifier, alternatives, tracking, learned, evidence, targets");
    assertMalformed(
        withNumpy(
            "{\"learned\": \"2026-11-27\", \"targets\": {\"3.13t\": {\"platforms\": {}, \"probe\": {\"version\": \"1\", \"wheel\": \"w\", \"interpreter\": \"i\", \"outcome\": \"fine\", \"detail\": \"\", \"learned\": \"2026-11-27\"}}}}"),
        "db.json: $.packages.numpy.targets['3.13t'].probe.outcome: expected one of clean, gil-reenabled, import-error, exit-at-import, crash, timeout, probe-failed but found 'fine'");
    assertMalformed(
        """
        {"formatVersion": 1, "version": "1", "date": "2026-11-27", "generatedBy": "x", "index": "y",
         "packages": {"NumPy": {"learned": "2026-11-27", "targets": {}}}}
        """,
        "db.json: $.packages.NumPy: expected a normalized project name (PEP 503) as key but found 'NumPy'");
  }

  @Test
  void unreadableFileIsAnIoError(@TempDir Path dir) {
    assertThatThrownBy(() -> CompatDatabase.load(dir.resolve("missing.json")))
        .isInstanceOf(java.io.UncheckedIOException.class)
        .hasMessageContaining("missing.json");
    assertThat(Files.exists(dir.resolve("missing.json"))).isFalse();
  }
}
