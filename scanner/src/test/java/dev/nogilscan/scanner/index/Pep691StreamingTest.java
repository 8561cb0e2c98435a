package dev.nogilscan.scanner.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/** The streaming PEP 691 reader: which keys it takes, which it skips, and how it reads values. */
class Pep691StreamingTest {
  private static final HttpUrl PAGE = HttpUrl.get("https://index.example/simple/demo/");

  private static List<DistributionFile> parse(String json) throws IOException {
    return SimpleRepositoryIndex.parseJson(json, PAGE);
  }

  @Test
  void unknownKeysOfAnyShapeAreSkippedAtEveryLevel() throws IOException {
    List<DistributionFile> files =
        parse(
            """
            {"meta": {"api-version": "1.4", "x": [1, {"files": []}]},
             "name": "demo",
             "versions": ["1.0"],
             "files": [
               {"provenance": {"a": [{"b": null}]}, "filename": "demo-1.0.tar.gz",
                "hashes": {"md5": "x", "blake2b": {"odd": true}, "sha256": "ABCD"},
                "url": "../../files/demo-1.0.tar.gz", "size": 12, "data-future": [[]]},
               "not an object",
               [1, 2],
               {"filename": "no-url-1.0.tar.gz"}
             ],
             "trailer": {"files": [{"filename": "x", "url": "y"}]}}
            """);

    assertThat(files)
        .containsExactly(
            new DistributionFile(
                "demo-1.0.tar.gz",
                "https://index.example/files/demo-1.0.tar.gz",
                Optional.of("abcd"),
                Optional.empty(),
                Optional.empty(),
                false));
  }

  @Test
  void yankedAndMetadataAreReadAsTheStandardsWriteThem() throws IOException {
    List<DistributionFile> files =
        parse(
            """
            {"files": [
              {"filename": "a-1.whl", "url": "https://f.example/a-1.whl", "yanked": "broken",
               "core-metadata": {"sha256": "ab"}, "requires-python": ">=3.9"},
              {"filename": "a-2.whl", "url": "https://f.example/a-2.whl", "yanked": true,
               "core-metadata": false, "dist-info-metadata": true, "requires-python": "  "},
              {"filename": "a-3.whl", "url": "https://f.example/a-3.whl", "yanked": false,
               "dist-info-metadata": {"sha256": "ab"}, "requires-python": null},
              {"filename": "a-4.whl", "url": "https://f.example/a-4.whl", "yanked": 0,
               "core-metadata": "true"}
            ]}
            """);

    assertThat(files)
        .extracting(DistributionFile::yanked)
        .containsExactly(
            Optional.of("broken"), Optional.of(""), Optional.empty(), Optional.empty());
    assertThat(files)
        .extracting(DistributionFile::coreMetadata)
        .containsExactly(true, false, true, true);
    assertThat(files)
        .extracting(DistributionFile::requiresPython)
        .containsExactly(
            Optional.of(">=3.9"), Optional.empty(), Optional.empty(), Optional.empty());
  }

  @Test
  void aPageThatIsNotAnObjectListsNothing() throws IOException {
    assertThat(parse("[]")).isEmpty();
    assertThat(parse("")).isEmpty();
    assertThat(parse("{\"files\": {}}")).isEmpty();
  }

  @Test
  void brokenJsonAnywhereIsMalformedNamingThePage() {
    for (String json :
        new String[] {
          "{\"files\": [{\"filename\": \"a\", \"url\": \"b\"}",
          "{\"files\": [], \"meta\": {\"x\": }",
          "[1, 2"
        }) {
      assertThatThrownBy(() -> parse(json))
          .as(json)
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith(PAGE + ": malformed PEP 691 JSON: ");
    }
  }
}
