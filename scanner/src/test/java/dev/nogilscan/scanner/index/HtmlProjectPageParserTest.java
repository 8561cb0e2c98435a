package dev.nogilscan.scanner.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HtmlProjectPageParserTest {
  private static final String SHA = "0123456789abcdef".repeat(4);

  private static DistributionFile file(
      String filename, String url, String sha, String requiresPython, String yanked, boolean meta) {
    return new DistributionFile(
        filename,
        url,
        Optional.ofNullable(sha),
        Optional.ofNullable(requiresPython),
        Optional.ofNullable(yanked),
        meta);
  }

  static Stream<Arguments> anchors() {
    return Stream.of(
        Arguments.of(
            "double quotes",
            "<a href=\"/f/a-1.0.tar.gz\">a-1.0.tar.gz</a>",
            file("a-1.0.tar.gz", "/f/a-1.0.tar.gz", null, null, null, false)),
        Arguments.of(
            "single quotes",
            "<a href='/f/a-1.0.tar.gz'>a-1.0.tar.gz</a>",
            file("a-1.0.tar.gz", "/f/a-1.0.tar.gz", null, null, null, false)),
        Arguments.of(
            "unquoted",
            "<a href=/f/a-1.0.tar.gz>a-1.0.tar.gz</a>",
            file("a-1.0.tar.gz", "/f/a-1.0.tar.gz", null, null, null, false)),
        Arguments.of(
            "upper case tag and attributes, spaces around =",
            "<A HREF = \"/f/a-1.0.tar.gz\" DATA-REQUIRES-PYTHON = \"&gt;=3.9\">a-1.0.tar.gz</A >",
            file("a-1.0.tar.gz", "/f/a-1.0.tar.gz", null, ">=3.9", null, false)),
        Arguments.of(
            "attributes before href",
            "<a data-yanked=\"old\" data-core-metadata=\"true\" href=\"a.whl\">a.whl</a>",
            file("a.whl", "a.whl", null, null, "old", true)),
        Arguments.of(
            "sha256 fragment in upper case",
            "<a href=\"a.whl#SHA256=" + SHA.toUpperCase() + "\">a.whl</a>",
            file("a.whl", "a.whl", SHA, null, null, false)),
        Arguments.of(
            "another hash fragment is dropped",
            "<a href=\"a.whl#md5=d41d8cd98f00b204e9800998ecf8427e\">a.whl</a>",
            file("a.whl", "a.whl", null, null, null, false)),
        Arguments.of(
            "markup inside the anchor text",
            "<a href=\"a.whl\">\n  <b>a.whl</b>\n</a>",
            file("a.whl", "a.whl", null, null, null, false)),
        Arguments.of(
            "empty text takes the last path segment",
            "<a href=\"https://h.example/p/a-1.0.tar.gz?x=1#sha256=" + SHA + "\"></a>",
            file("a-1.0.tar.gz", "https://h.example/p/a-1.0.tar.gz?x=1", SHA, null, null, false)),
        Arguments.of(
            "named and numeric entities in requires-python",
            "<a href=\"a.whl\" data-requires-python=\"&gt;=3.8,&lt;4,!=3.9.&#42;,&#x21;=3.10.1\">a.whl</a>",
            file("a.whl", "a.whl", null, ">=3.8,<4,!=3.9.*,!=3.10.1", null, false)),
        Arguments.of(
            "blank requires-python is absent",
            "<a href=\"a.whl\" data-requires-python=\" \">a.whl</a>",
            file("a.whl", "a.whl", null, null, null, false)),
        Arguments.of(
            "bare data-yanked has no reason",
            "<a href=\"a.whl\" data-yanked>a.whl</a>",
            file("a.whl", "a.whl", null, null, "", false)),
        Arguments.of(
            "empty data-yanked has no reason",
            "<a href=\"a.whl\" data-yanked=\"\">a.whl</a>",
            file("a.whl", "a.whl", null, null, "", false)),
        Arguments.of(
            "yank reason with entities",
            "<a href=\"a.whl\" data-yanked=\"&quot;bad&quot; &amp; &apos;worse&apos;\">a.whl</a>",
            file("a.whl", "a.whl", null, null, "\"bad\" & 'worse'", false)),
        Arguments.of(
            "core metadata with a hash",
            "<a href=\"a.whl\" data-core-metadata=\"sha256=" + SHA + "\">a.whl</a>",
            file("a.whl", "a.whl", null, null, null, true)),
        Arguments.of(
            "core metadata false",
            "<a href=\"a.whl\" data-core-metadata=\"FALSE\">a.whl</a>",
            file("a.whl", "a.whl", null, null, null, false)),
        Arguments.of(
            "bare dist-info-metadata (PEP 658 name)",
            "<a href=\"a.whl\" data-dist-info-metadata>a.whl</a>",
            file("a.whl", "a.whl", null, null, null, true)),
        Arguments.of(
            "entities in href and text",
            "<a href=\"/f/a-1.0.tar.gz?a=1&amp;b=2\">a&#45;1.0.tar.gz</a>",
            file("a-1.0.tar.gz", "/f/a-1.0.tar.gz?a=1&b=2", null, null, null, false)),
        Arguments.of(
            "unescaped > inside a quoted attribute",
            "<a href=\"a.whl\" data-requires-python=\">=3.8\">a.whl</a>",
            file("a.whl", "a.whl", null, ">=3.8", null, false)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("anchors")
  void readsOneAnchor(String description, String html, DistributionFile expected) {
    assertThat(HtmlProjectPageParser.parse(html, UnaryOperator.identity()))
        .containsExactly(expected);
  }

  @Test
  void ignoresEverythingThatIsNotAnAnchorWithHref() {
    String html =
        """
        <!DOCTYPE html><html><head><title>Links for a</title>
        <link rel="stylesheet" href="style.css"></head>
        <body><h1>Links for a</h1>
        <a name="top">top</a>
        <area href="x.whl">
        <abbr title="x">abbr</abbr>
        </body></html>
        """;

    assertThat(HtmlProjectPageParser.parse(html, UnaryOperator.identity())).isEmpty();
  }

  @Test
  void anchorsInsideHtmlCommentsAreNotFiles() {
    String html =
        "<!-- <a href=\"old-0.9.tar.gz\">old-0.9.tar.gz</a> -->\n"
            + "<a href=\"new-1.0.tar.gz\">new-1.0.tar.gz</a>\n"
            + "<!--\n<a href=\"evil-6.6.tar.gz\">evil-6.6.tar.gz</a>\n-->";

    assertThat(HtmlProjectPageParser.parse(html, UnaryOperator.identity()))
        .extracting(DistributionFile::filename)
        .containsExactly("new-1.0.tar.gz");
  }

  @Test
  void keepsThePageOrderAndResolvesEveryHref() {
    String html =
        "<a href=\"b-2.0.tar.gz\">b-2.0.tar.gz</a><br/>\n<a href=\"../a-1.0.tar.gz\">a-1.0.tar.gz</a>";

    List<DistributionFile> files =
        HtmlProjectPageParser.parse(html, href -> "https://h.example/resolved/" + href);

    assertThat(files)
        .extracting(DistributionFile::filename, DistributionFile::url)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "b-2.0.tar.gz", "https://h.example/resolved/b-2.0.tar.gz"),
            org.assertj.core.groups.Tuple.tuple(
                "a-1.0.tar.gz", "https://h.example/resolved/../a-1.0.tar.gz"));
  }

  static Stream<Arguments> entities() {
    return Stream.of(
        Arguments.of("no entity", "no entity"),
        Arguments.of("&lt;&gt;&amp;&quot;&apos;", "<>&\"'"),
        Arguments.of("&#60;&#x3C;&#x3c;", "<<<"),
        Arguments.of("&#x1F600;", "\uD83D\uDE00"),
        Arguments.of("&amp;lt;", "&lt;"),
        Arguments.of("&nbsp;&unknown;", "&nbsp;&unknown;"),
        Arguments.of("a & b", "a & b"),
        Arguments.of("&#99999999999;", "&#99999999999;"),
        Arguments.of("&#x110000;", "&#x110000;"),
        Arguments.of("$1 \\ &amp;", "$1 \\ &"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("entities")
  void unescapesHtmlEntities(String in, String out) {
    assertThat(HtmlProjectPageParser.unescape(in)).isEqualTo(out);
  }
}
