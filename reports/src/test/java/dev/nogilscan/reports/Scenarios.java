package dev.nogilscan.reports;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The report scenarios every format is pinned against (golden files named after them). */
final class Scenarios {
  static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");
  static final String TOOL = "nogil-scan 0.1.0";

  private Scenarios() {}

  static List<String> names() {
    return List.of("empty", "all-compatible", "mixed");
  }

  static ScanReport named(String name) {
    return switch (name) {
      case "empty" -> empty();
      case "all-compatible" -> allCompatible();
      case "mixed" -> mixed();
      default -> throw new IllegalArgumentException(name);
    };
  }

  static ScanReport report(List<String> inputs, List<PackageReport> packages) {
    return new ScanReport(
        TOOL,
        AT,
        "3.13t",
        "manylinux_2_36_x86_64",
        "CPython 3.13.5 free-threaded (/opt/python/3.13t/bin/python3)",
        inputs,
        packages);
  }

  static ScanReport empty() {
    return report(List.of(), List.of());
  }

  static ProbeReport cleanProbe(String module) {
    return new ProbeReport(
        "clean",
        "imported " + module + "; the GIL stayed disabled",
        List.of(module),
        List.of(),
        "",
        List.of("no network", "read-only site"),
        "CPython 3.13.5 free-threaded");
  }

  static ScanReport allCompatible() {
    return report(
        List.of("requirements.txt"),
        List.of(
            // given out of order: reports sort by name
            new PackageReport(
                "numpy",
                Optional.of("2.1.0"),
                "numpy==2.1.0",
                List.of("requirements.txt:2"),
                true,
                Status.COMPATIBLE,
                "free-threaded wheel imports cleanly",
                Optional.of("numpy-2.1.0-cp313-cp313t-manylinux_2_17_x86_64.whl"),
                "native",
                List.of(
                    new Evidence(
                        "wheel-tags",
                        "cp313-cp313t-manylinux_2_17_x86_64",
                        "numpy-2.1.0-cp313-cp313t-manylinux_2_17_x86_64.whl"),
                    Evidence.of("probe", "GIL stayed disabled")),
                List.of(),
                List.of(),
                Optional.of(cleanProbe("numpy"))),
            new PackageReport(
                "idna",
                Optional.of("3.7"),
                "idna==3.7",
                List.of("requirements.txt:1"),
                true,
                Status.COMPATIBLE,
                "pure Python, imports cleanly",
                Optional.of("idna-3.7-py3-none-any.whl"),
                "pure",
                List.of(Evidence.of("archive", "no extension modules")),
                List.of(),
                List.of(),
                Optional.of(cleanProbe("idna")))));
  }

  static ScanReport mixed() {
    return report(
        List.of("requirements.txt", "requirements-dev.txt"),
        List.of(
            new PackageReport(
                "pyyaml",
                Optional.of("6.0.1"),
                "pyyaml==6.0.1",
                List.of("requirements.txt:4"),
                false,
                Status.INCOMPATIBLE,
                "no free-threaded wheel for cp313t and the sdist needs a C compiler",
                Optional.empty(),
                "native",
                List.of(
                    new Evidence(
                        "index", "only cp313 (GIL) wheels", "https://pypi.org/simple/pyyaml/")),
                List.of(new Remediation("upgrade", "upgrade pyyaml 6.0.1 -> 6.0.2", "6.0.2")),
                List.of("uvicorn[standard]", "requirements.txt:4"),
                Optional.empty()),
            new PackageReport(
                "legacy-ext",
                Optional.of("1.0"),
                "legacy-ext==1.0",
                List.of("requirements.txt:3"),
                true,
                Status.GIL_REENABLED,
                "importing legacy_ext re-enables the GIL",
                Optional.of("legacy_ext-1.0-cp313-cp313t-manylinux_2_17_x86_64.whl"),
                "native",
                List.of(
                    new Evidence(
                        "probe",
                        "GIL re-enabled by legacy_ext._speedups",
                        "legacy_ext/_speedups.cpython-313t-x86_64-linux-gnu.so")),
                List.of(new Remediation("alternative", "use fast-ext & friends \"2.x\"", "")),
                List.of(),
                Optional.of(
                    new ProbeReport(
                        "gil-reenabled",
                        "the GIL was enabled while importing legacy_ext._speedups",
                        List.of("legacy_ext"),
                        List.of("legacy_ext._speedups"),
                        "<script>alert('owned')</script> & RuntimeWarning: The global"
                            + " interpreter lock (GIL) has been enabled\n  line 2 \"quoted\"",
                        List.of("no network"),
                        "CPython 3.13.5 free-threaded"))),
            new PackageReport(
                "requests",
                Optional.of("2.32.3"),
                "requests==2.32.3",
                List.of("requirements.txt:1"),
                true,
                Status.COMPATIBLE,
                "pure Python, imports cleanly",
                Optional.of("requests-2.32.3-py3-none-any.whl"),
                "pure",
                List.of(),
                List.of(),
                List.of(),
                Optional.of(cleanProbe("requests"))),
            new PackageReport(
                "mystery",
                Optional.of("0.3"),
                "mystery==0.3",
                List.of("requirements-dev.txt:2"),
                true,
                Status.UNKNOWN,
                "sdist with C sources and no compat-db entry",
                Optional.of("mystery-0.3.tar.gz"),
                "unknown",
                List.of(new Evidence("archive", "C: src/mystery.c", "mystery-0.3.tar.gz")),
                List.of(),
                List.of(),
                Optional.empty()),
            new PackageReport(
                "local-pkg",
                Optional.empty(),
                "-e ./local-pkg",
                List.of("requirements-dev.txt:1"),
                true,
                Status.SKIPPED,
                "editable requirement: not assessed",
                Optional.empty(),
                "unknown",
                List.of(),
                List.of(),
                List.of(),
                Optional.empty())));
  }
}
