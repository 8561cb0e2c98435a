package dev.nogilscan.compatdb.pep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Seeded random-input testing of every parser (Jazzer is not available to this build): random
 * strings over each grammar's alphabet and mutations of valid inputs. Asserts that the only
 * exception is {@link PepSyntaxException}, that valid results print to a string that parses back to
 * an equal value, and that time stays linear on large pathological inputs.
 */
class FuzzTest {
  private static final long SEED = 703;
  private static final int ROUNDS = 10_000;

  private static final List<String> SEEDS =
      List.of(
          "1.0",
          "v1!2.3.4rc5.post6.dev7+loc.al-8",
          ">=1.0, !=1.5.*, <2 ; python_version >= '3.13'",
          "~=1.4.5a4",
          "===foo",
          "name[extra1,extra2] (>=1.0,<2) ; (os_name == 'nt' or sys_platform != \"linux\") and"
              + " extra == 'x'",
          "name @ https://example.org/x.whl ; platform_machine in 'x86_64 AMD64'",
          "python_version not in '3.12 3.13' and implementation_name == 'cpython'",
          "numpy-2.3.0-1-cp314-cp314t-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
          "python-dateutil-2.8.2.tar.gz",
          "3.14t/manylinux_2_36_x86_64",
          "Name: a\nVersion: 1\nRequires-Dist: b>=1; extra == 'x'\n  cont\n\nbody");

  private static final String ALPHABET =
      "0123456789.-_+!*,;()[]@'\"<>=~ \t\nabcdeilnoprstvxyzABNRV\\/:é\u00a0\u2028\u0000";

  private static final Map<String, Function<String, Object>> PARSERS =
      Map.ofEntries(
          Map.entry("Version", Version::parse),
          Map.entry("Specifier", Specifier::parse),
          Map.entry("SpecifierSet", SpecifierSet::parse),
          Map.entry("Marker", Marker::parse),
          Map.entry("Requirement", Requirement::parse),
          Map.entry("PackageName", PackageName::of),
          Map.entry("WheelFilename", WheelFilename::parse),
          Map.entry("WheelTag", WheelTag::parseCompressed),
          Map.entry("SdistFilename", SdistFilename::tryParse),
          Map.entry("TargetPython", TargetPython::parse),
          Map.entry("Platform", Platform::parse),
          Map.entry("TargetEnvironment", TargetEnvironment::parse),
          Map.entry("CoreMetadata", CoreMetadata::parse));

  private static String randomString(Random r) {
    int n = r.nextInt(40);
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }

  private static String mutate(Random r, String s) {
    StringBuilder sb = new StringBuilder(s);
    int edits = 1 + r.nextInt(4);
    for (int k = 0; k < edits; k++) {
      int at = sb.length() == 0 ? 0 : r.nextInt(sb.length());
      switch (r.nextInt(4)) {
        case 0:
          sb.insert(at, ALPHABET.charAt(r.nextInt(ALPHABET.length())));
          break;
        case 1:
          if (sb.length() > 0) {
            sb.deleteCharAt(at);
          }
          break;
        case 2:
          if (sb.length() > 0) {
            sb.setCharAt(at, ALPHABET.charAt(r.nextInt(ALPHABET.length())));
          }
          break;
        default:
          int len = Math.min(sb.length() - at, r.nextInt(8));
          sb.insert(at, sb.substring(at, at + len));
      }
    }
    return sb.toString();
  }

  @TestFactory
  List<DynamicTest> onlySyntaxErrorsAndRoundTrips() {
    List<DynamicTest> tests = new ArrayList<>();
    PARSERS.forEach(
        (name, parser) ->
            tests.add(
                DynamicTest.dynamicTest(
                    name,
                    () ->
                        assertTimeoutPreemptively(
                            Duration.ofSeconds(60), () -> fuzz(name, parser)))));
    return tests;
  }

  private static void fuzz(String name, Function<String, Object> parser) {
    Random r = new Random(SEED ^ name.hashCode());
    int valid = 0;
    for (int i = 0; i < ROUNDS; i++) {
      String input =
          r.nextBoolean() ? randomString(r) : mutate(r, SEEDS.get(r.nextInt(SEEDS.size())));
      Object result;
      try {
        result = parser.apply(input);
      } catch (PepSyntaxException e) {
        if (name.equals("CoreMetadata")) {
          // an invalid Name or Version is shown on its own field line
          assertThat(e.input())
              .isIn(
                  input,
                  e.input().startsWith("Name: ") || e.input().startsWith("Version: ")
                      ? e.input()
                      : input);
        } else {
          assertThat(e.input()).isEqualTo(input);
        }
        assertThat(e.position()).isBetween(0, input.length());
        assertThat(e.getMessage()).startsWith("expected ").contains(" at position ");
        continue;
      } catch (RuntimeException e) {
        throw new AssertionError(name + " threw " + e + " on " + quote(input), e);
      }
      valid++;
      roundTrip(name, input, result);
    }
    System.out.printf("fuzz %s: %d inputs, %d valid%n", name, ROUNDS, valid);
  }

  private static void roundTrip(String name, String input, Object result) {
    Function<String, Object> reparse;
    switch (name) {
      case "Version":
        reparse = Version::parse;
        break;
      case "SpecifierSet":
        reparse = SpecifierSet::parse;
        break;
      case "Marker":
        reparse = Marker::parse;
        break;
      case "Requirement":
        reparse = Requirement::parse;
        break;
      default:
        return;
    }
    Object again;
    try {
      again = reparse.apply(result.toString());
    } catch (PepSyntaxException e) {
      throw new AssertionError(
          name
              + " printed "
              + quote(result.toString())
              + " for "
              + quote(input)
              + " which does not parse: "
              + e.getMessage());
    }
    assertThat(again).as("%s round trip of %s", name, quote(input)).isEqualTo(result);
    assertThat(again.toString()).isEqualTo(result.toString());
  }

  private static String quote(String s) {
    return "'" + s.replace("\n", "\\n").replace("\t", "\\t") + "'";
  }

  /**
   * Large pathological inputs (100,000 repetitions): each must finish within a generous bound that
   * a quadratic parser (10^10 steps) would blow by orders of magnitude, even on a loaded machine.
   */
  @TestFactory
  List<DynamicTest> largeInputsStayLinear() {
    int n = 100_000;
    Map<String, Supplier<Runnable>> cases =
        Map.ofEntries(
            Map.entry("version of many parts", () -> () -> Version.tryParse("1.".repeat(n) + "x")),
            Map.entry("long local label", () -> () -> Version.tryParse("1+" + "a.".repeat(n))),
            Map.entry("many specifiers", () -> () -> SpecifierSet.tryParse(">=1,".repeat(n) + "x")),
            Map.entry(
                "many marker clauses",
                () -> () -> Marker.tryParse("os_name == 'a' or ".repeat(n / 10) + "x")),
            Map.entry("deep parentheses", () -> () -> Marker.tryParse("(".repeat(n))),
            Map.entry("long name", () -> () -> Requirement.tryParse("a-".repeat(n) + "é")),
            Map.entry(
                "many specifiers in a requirement",
                () -> () -> Requirement.tryParse("a " + ">=1 , ".repeat(n) + "x")),
            Map.entry("many extras", () -> () -> Requirement.tryParse("a[" + "b,".repeat(n))),
            Map.entry(
                "sdist with many dashes",
                () -> () -> SdistFilename.tryParse("a-".repeat(n) + "x.tar.gz")),
            Map.entry(
                "wheel tag set",
                () -> () -> WheelFilename.tryParse("a-1-" + "p.".repeat(n) + "-n-a.whl")),
            Map.entry(
                "metadata with many fields",
                () ->
                    () ->
                        CoreMetadata.parse(
                            "Name: a\nVersion: 1\n" + "Requires-Dist: b>=1\n".repeat(n / 10))),
            Map.entry("many digits", () -> () -> Version.tryParse("9".repeat(n))));
    List<DynamicTest> tests = new ArrayList<>();
    cases.forEach(
        (name, c) ->
            tests.add(
                DynamicTest.dynamicTest(
                    name,
                    () -> assertTimeoutPreemptively(Duration.ofSeconds(20), () -> c.get().run()))));
    return tests;
  }
}
