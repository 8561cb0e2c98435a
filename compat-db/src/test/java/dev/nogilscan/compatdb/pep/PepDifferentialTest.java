package dev.nogilscan.compatdb.pep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Asserts agreement with pypa/packaging on every case of the committed corpus (see {@code
 * src/test/python/generate_pep_corpus.py}, which also documents the deliberate deviations).
 */
class PepDifferentialTest {

  private static String b(boolean x) {
    return x ? "1" : "0";
  }

  @Test
  void versions() {
    Corpus.Mismatches m = new Corpus.Mismatches("versions");
    for (String[] r : Corpus.read("versions.tsv.gz")) {
      String input = r[0];
      Optional<Version> v;
      try {
        v = Version.tryParse(input);
      } catch (RuntimeException e) {
        m.check(false, "'" + input + "' threw " + e);
        continue;
      }
      if (r[1].equals("0")) {
        m.check(v.isEmpty(), "'" + input + "' should be invalid, got " + v.orElse(null));
        continue;
      }
      if (v.isEmpty()) {
        m.check(false, "'" + input + "' should be valid (" + r[2] + ")");
        continue;
      }
      Version x = v.get();
      String got =
          String.join(
              "|",
              x.toString(),
              b(x.isPreRelease()),
              b(x.isDevRelease()),
              b(x.isPostRelease()),
              x.publicVersion().toString(),
              x.baseVersion().toString());
      String want = String.join("|", Arrays.copyOfRange(r, 2, 8));
      m.check(got.equals(want), "'" + input + "': want " + want + " got " + got);
    }
    m.assertNone();
  }

  @Test
  void versionOrder() {
    Corpus.Mismatches m = new Corpus.Mismatches("version order pairs");
    List<String[]> rows = Corpus.read("version-order.tsv.gz");
    List<Version> vs = new ArrayList<>();
    int[] rank = new int[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      vs.add(Version.parse(rows.get(i)[0]));
      rank[i] = Integer.parseInt(rows.get(i)[1]);
    }
    // every adjacent pair, and a fixed sample of all pairs
    java.util.Random rnd = new java.util.Random(1);
    for (int k = 0; k < vs.size() * 20; k++) {
      int i = k < vs.size() - 1 ? k : rnd.nextInt(vs.size());
      int j = k < vs.size() - 1 ? k + 1 : rnd.nextInt(vs.size());
      int want = Integer.signum(Integer.compare(rank[i], rank[j]));
      int got = Integer.signum(vs.get(i).compareTo(vs.get(j)));
      boolean eqOk = (got == 0) == vs.get(i).equals(vs.get(j));
      boolean hashOk = got != 0 || vs.get(i).hashCode() == vs.get(j).hashCode();
      m.check(
          want == got && eqOk && hashOk,
          vs.get(i) + " vs " + vs.get(j) + ": want " + want + " got " + got);
    }
    List<Version> sorted = new ArrayList<>(vs);
    sorted.sort(Comparator.naturalOrder());
    for (int i = 0; i < sorted.size(); i++) {
      m.check(sorted.get(i).equals(vs.get(i)), "sorted position " + i + ": " + sorted.get(i));
    }
    m.assertNone();
  }

  @Test
  void specifierSets() {
    Corpus.Mismatches m = new Corpus.Mismatches("specifier sets");
    for (String[] r : Corpus.read("specifiers.tsv.gz")) {
      Optional<SpecifierSet> s;
      try {
        s = SpecifierSet.tryParse(r[0]);
      } catch (RuntimeException e) {
        m.check(false, "'" + r[0] + "' threw " + e);
        continue;
      }
      if (r[1].equals("0")) {
        m.check(s.isEmpty(), "'" + r[0] + "' should be invalid, got " + s.orElse(null));
        continue;
      }
      if (s.isEmpty()) {
        m.check(false, "'" + r[0] + "' should be valid");
        continue;
      }
      String got =
          s.get()
              + "|"
              + s.get().pinnedVersion().map(Version::toString).orElse("")
              + "|"
              + s.get().prereleases().map(PepDifferentialTest::b).orElse("");
      String want = r[2] + "|" + r[3] + "|" + r[4];
      m.check(got.equals(want), "'" + r[0] + "': want " + want + " got " + got);
    }
    m.assertNone();
  }

  @Test
  void specifierSetEquality() {
    Corpus.Mismatches m = new Corpus.Mismatches("specifier set equalities");
    for (String[] r : Corpus.read("specifier-equality.tsv.gz")) {
      SpecifierSet a = SpecifierSet.parse(r[0]);
      SpecifierSet b = SpecifierSet.parse(r[1]);
      boolean eq = a.equals(b);
      m.check(
          eq == r[2].equals("1") && (!eq || a.hashCode() == b.hashCode()),
          "'" + r[0] + "' == '" + r[1] + "': want " + r[2] + " got " + eq);
    }
    m.assertNone();
  }

  @Test
  void contains() {
    Corpus.Mismatches m = new Corpus.Mismatches("contains checks");
    Map<String, SpecifierSet> cache = new LinkedHashMap<>();
    for (String[] r : Corpus.read("contains.tsv.gz")) {
      SpecifierSet s = cache.computeIfAbsent(r[0], SpecifierSet::parse);
      Version v = Version.parse(r[1]);
      String got = b(s.contains(v)) + b(s.contains(v, false)) + b(s.contains(v, true));
      String want = r[2] + r[3] + r[4];
      m.check(
          got.equals(want), "'" + r[0] + "' contains " + r[1] + ": want " + want + " got " + got);
    }
    m.assertNone();
  }

  @Test
  void filter() {
    Corpus.Mismatches m = new Corpus.Mismatches("filter calls");
    for (String[] r : Corpus.read("filter.tsv.gz")) {
      SpecifierSet s = SpecifierSet.parse(r[0]);
      List<Version> vs =
          r[1].isEmpty()
              ? List.of()
              : Arrays.stream(r[1].split(" ")).map(Version::parse).collect(Collectors.toList());
      Boolean[] policies = {null, false, true};
      for (int k = 0; k < 3; k++) {
        String got =
            s.filter(vs, x -> x, policies[k]).stream()
                .map(Version::toString)
                .collect(Collectors.joining(" "));
        m.check(
            got.equals(r[2 + k]),
            "'"
                + r[0]
                + "' filter("
                + policies[k]
                + ") "
                + r[1]
                + ": want "
                + r[2 + k]
                + " got "
                + got);
      }
    }
    m.assertNone();
  }

  static final String[] TARGETS = {
    "3.13t/manylinux_2_36_x86_64",
    "3.14t/macosx_14_0_arm64",
    "3.15t/win_amd64",
    "3.13/musllinux_1_2_aarch64"
  };

  @Test
  void markers() {
    Corpus.Mismatches m = new Corpus.Mismatches("markers");
    List<MarkerEnvironment> envs = new ArrayList<>();
    for (String t : TARGETS) {
      envs.add(TargetEnvironment.parse(t).markerEnvironment());
    }
    List<Set<String>> extras = List.of(Set.of(), Set.of("test"), Set.of("Dev_Tools"));
    for (String[] r : Corpus.read("markers.tsv.gz")) {
      Optional<Marker> mk;
      try {
        mk = Marker.tryParse(r[0]);
      } catch (RuntimeException e) {
        m.check(false, "'" + r[0] + "' threw " + e);
        continue;
      }
      if (r[1].equals("0")) {
        m.check(mk.isEmpty(), "'" + r[0] + "' should be invalid, got " + mk.orElse(null));
        continue;
      }
      if (mk.isEmpty()) {
        m.check(false, "'" + r[0] + "' should be valid");
        continue;
      }
      if (mk.get().mentions("extras") || mk.get().mentions("dependency_groups")) {
        // Deliberate extension: packaging evaluates these PEP 751 lock-file variables only in its
        // "lock_file" context and raises otherwise; Marker evaluates them (see its Javadoc).
        m.check(
            mk.get().toString().equals(r[2]), "'" + r[0] + "': want " + r[2] + " got " + mk.get());
        continue;
      }
      StringBuilder got = new StringBuilder();
      for (MarkerEnvironment env : envs) {
        for (Set<String> e : extras) {
          try {
            got.append(b(mk.get().evaluate(env, e)));
          } catch (MarkerEvaluationException ex) {
            got.append('!');
          }
        }
      }
      String g = mk.get() + "|" + got;
      String want = r[2] + "|" + r[3];
      m.check(g.equals(want), "'" + r[0] + "': want " + want + " got " + g);
    }
    m.assertNone();
  }

  /**
   * Inputs on which this implementation follows the specification and pypa/packaging does not. Each
   * is asserted to be rejected, with the reason.
   */
  static final Map<String, String> SPEC_OVER_PACKAGING =
      Map.of(
          "name_",
          "PEP 508 names end with a letter or digit; packaging's IDENTIFIER token ends at a regex"
              + " word boundary, and '_' is a word character, so it accepts a trailing '_'");

  @Test
  void requirements() {
    Corpus.Mismatches m = new Corpus.Mismatches("requirements");
    for (String[] r : Corpus.read("requirements.tsv.gz")) {
      if (SPEC_OVER_PACKAGING.containsKey(r[0])) {
        m.check(Requirement.tryParse(r[0]).isEmpty(), r[0] + ": " + SPEC_OVER_PACKAGING.get(r[0]));
        continue;
      }
      Optional<Requirement> q;
      try {
        q = Requirement.tryParse(r[0]);
      } catch (RuntimeException e) {
        m.check(false, "'" + r[0] + "' threw " + e);
        continue;
      }
      if (r[1].equals("0")) {
        m.check(q.isEmpty(), "'" + r[0] + "' should be invalid, got " + q.orElse(null));
        continue;
      }
      if (q.isEmpty()) {
        m.check(false, "'" + r[0] + "' should be valid: " + r[7]);
        continue;
      }
      m.check(q.get().toString().equals(r[7]), "'" + r[0] + "': want " + r[7] + " got " + q.get());
    }
    m.assertNone();
  }

  @Test
  void names() {
    Corpus.Mismatches m = new Corpus.Mismatches("names");
    for (String[] r : Corpus.read("names.tsv.gz")) {
      Optional<PackageName> n = PackageName.tryParse(r[0]);
      String got = n.map(x -> "1|" + x).orElse("0|");
      String want = r[1] + "|" + r[2];
      m.check(got.equals(want), "'" + r[0] + "': want " + want + " got " + got);
    }
    m.assertNone();
  }

  @Test
  void wheelFilenames() {
    Corpus.Mismatches m = new Corpus.Mismatches("wheel filenames");
    for (String[] r : Corpus.read("wheels.tsv.gz")) {
      Optional<WheelFilename> w;
      try {
        w = WheelFilename.tryParse(r[0]);
      } catch (RuntimeException e) {
        m.check(false, "'" + r[0] + "' threw " + e);
        continue;
      }
      if (r[1].equals("0")) {
        m.check(w.isEmpty(), "'" + r[0] + "' should be invalid, got " + w.orElse(null));
        continue;
      }
      if (w.isEmpty()) {
        m.check(false, "'" + r[0] + "' should be valid");
        continue;
      }
      WheelFilename x = w.get();
      String tags =
          x.tags().stream()
              .map(WheelTag::toString)
              .collect(Collectors.toCollection(TreeSet::new))
              .stream()
              .collect(Collectors.joining(" "));
      // packaging reports the build tag as (int, rest): compare with the leading zeros dropped
      String build = x.buildTag().map(t -> t.replaceFirst("^0+(?=\\d)", "")).orElse("");
      String got = x.name() + "|" + x.version() + "|" + build + "|" + tags;
      String want = r[2] + "|" + r[3] + "|" + r[4] + "|" + r[5];
      m.check(got.equals(want), "'" + r[0] + "': want " + want + " got " + got);
    }
    m.assertNone();
  }

  @Test
  void supportedTags() {
    Corpus.Mismatches m = new Corpus.Mismatches("tag lists");
    for (String[] r : Corpus.read("tags.tsv.gz")) {
      TargetEnvironment t = TargetEnvironment.parse(r[0]);
      String plats = String.join(" ", t.platform().compatiblePlatformTags());
      m.check(plats.equals(r[1]), r[0] + " platforms: want " + r[1] + "\n got " + plats);
      String tags =
          t.supportedTags().stream().map(WheelTag::toString).collect(Collectors.joining(" "));
      m.check(tags.equals(r[2]), r[0] + " tags differ");
    }
    m.assertNone();
  }

  @Test
  void coreMetadata() throws Exception {
    Corpus.Mismatches m = new Corpus.Mismatches("metadata documents");
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    for (String[] r : Corpus.read("metadata.tsv.gz")) {
      Map<String, List<String>> want =
          json.readValue(r[1], new com.fasterxml.jackson.core.type.TypeReference<>() {});
      CoreMetadata md;
      try {
        md = CoreMetadata.parse(r[0]);
      } catch (PepSyntaxException e) {
        // Name/Version invalid or missing: packaging's parse_email does not validate them
        m.check(
            !want.containsKey("name")
                || !want.containsKey("version")
                || want.get("name").size() > 1
                || PackageName.tryParse(want.get("name").get(0).strip()).isEmpty()
                || Version.tryParse(want.get("version").get(0)).isEmpty(),
            "'" + r[0] + "' threw " + e.getMessage());
        continue;
      }
      for (Map.Entry<String, List<String>> e : want.entrySet()) {
        m.check(
            md.get(e.getKey()).equals(e.getValue()),
            e.getKey() + " in '" + r[0] + "': want " + e.getValue() + " got " + md.get(e.getKey()));
      }
      if (!r[2].isEmpty()) {
        m.check(md.description().equals(r[2]), "body of '" + r[0] + "': got " + md.description());
      }
    }
    m.assertNone();
  }

  @Test
  void sdistFilenames() {
    Corpus.Mismatches m = new Corpus.Mismatches("sdist filenames");
    for (String[] r : Corpus.read("sdists.tsv.gz")) {
      Optional<SdistFilename> s = SdistFilename.tryParse(r[0]);
      if (r[1].equals("1") && PackageName.tryParse(r[2]).isPresent()) {
        String got = s.map(x -> x.name() + "|" + x.version()).orElse("invalid");
        m.check(
            got.equals(r[2] + "|" + r[3]),
            "'" + r[0] + "': want " + r[2] + "|" + r[3] + " got " + got);
      } else if (s.isPresent()) {
        // packaging splits at the last '-' only and wants a lower-case extension; a legacy name
        // whose version holds a '-', and an upper-case extension (pip accepts those too), are
        // where the two may part
        String stem = r[0].substring(0, r[0].length() - s.get().extension().length());
        String lastPart = stem.substring(stem.lastIndexOf('-') + 1);
        m.check(
            Version.tryParse(lastPart).isEmpty()
                || r[1].equals("1")
                || !r[0].endsWith(s.get().extension()),
            "'" + r[0] + "': packaging rejects it, got " + s.get());
      }
    }
    m.assertNone();
  }
}
