package dev.nogilscan.scanner.index;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the anchors of a PEP 503 project page: {@code <a href="URL#sha256=H"
 * data-requires-python="…" data-yanked="…" data-core-metadata="…">FILENAME</a>}. Tolerant of
 * attribute order, quoting and case, as pip is; anything that is not an anchor is ignored.
 */
final class HtmlProjectPageParser {
  private static final Pattern ANCHOR =
      // a quoted attribute value may hold an unescaped '>' (data-requires-python=">=3.8")
      Pattern.compile(
          "<a\\s+((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>(.*?)</a\\s*>",
          Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern ATTRIBUTE =
      Pattern.compile(
          "([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"'=<>`]+)))?");

  private static final Pattern COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);

  private HtmlProjectPageParser() {}

  /**
   * @param resolve turns an {@code href} into an absolute URL relative to the page
   */
  static List<DistributionFile> parse(String html, UnaryOperator<String> resolve) {
    List<DistributionFile> files = new ArrayList<>();
    // an anchor in a comment is not a link (pip reads pages with an HTML parser)
    Matcher m = ANCHOR.matcher(COMMENT.matcher(html).replaceAll(""));
    while (m.find()) {
      String href = null;
      String requiresPython = null;
      String yanked = null;
      boolean metadata = false;
      Matcher a = ATTRIBUTE.matcher(m.group(1));
      while (a.find()) {
        String name = a.group(1).toLowerCase(Locale.ROOT);
        String value =
            a.group(2) != null ? a.group(2) : a.group(3) != null ? a.group(3) : a.group(4);
        String decoded = value == null ? null : unescape(value);
        switch (name) {
          case "href" -> href = decoded;
          case "data-requires-python" -> requiresPython = decoded;
          case "data-yanked" -> yanked = decoded == null ? "" : decoded;
          case "data-core-metadata", "data-dist-info-metadata" ->
              metadata = decoded == null || !decoded.equalsIgnoreCase("false");
          default -> {}
        }
      }
      if (href == null) {
        continue;
      }
      String text = unescape(m.group(2).replaceAll("<[^>]*>", "").strip());
      String sha256 = null;
      int hash = href.indexOf('#');
      String url = href;
      if (hash >= 0) {
        String fragment = href.substring(hash + 1);
        url = href.substring(0, hash);
        if (fragment.toLowerCase(Locale.ROOT).startsWith("sha256=")) {
          sha256 = fragment.substring("sha256=".length()).toLowerCase(Locale.ROOT);
        }
      }
      String filename = text.isEmpty() ? lastSegment(url) : text;
      files.add(
          new DistributionFile(
              filename,
              resolve.apply(url),
              Optional.ofNullable(sha256),
              Optional.ofNullable(requiresPython).filter(s -> !s.isBlank()),
              Optional.ofNullable(yanked),
              metadata));
    }
    return files;
  }

  private static String lastSegment(String url) {
    String path = url.replaceAll("[?#].*$", "");
    return path.substring(path.lastIndexOf('/') + 1);
  }

  static String unescape(String s) {
    if (s.indexOf('&') < 0) {
      return s;
    }
    Matcher m = Pattern.compile("&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);").matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String e = m.group(1);
      String r =
          switch (e) {
            case "amp" -> "&";
            case "lt" -> "<";
            case "gt" -> ">";
            case "quot" -> "\"";
            case "apos" -> "'";
            default -> codePoint(e);
          };
      m.appendReplacement(out, Matcher.quoteReplacement(r));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** A numeric reference as text, or the reference itself when it names no code point. */
  private static String codePoint(String reference) {
    try {
      int cp =
          reference.startsWith("#x")
              ? Integer.parseInt(reference.substring(2), 16)
              : Integer.parseInt(reference.substring(1));
      return Character.isValidCodePoint(cp)
          ? new String(Character.toChars(cp))
          : "&" + reference + ";";
    } catch (NumberFormatException e) {
      return "&" + reference + ";"; // too many digits: an index page must not crash the scan
    }
  }
}
