package dev.nogilscan.scanner.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/** The shortcut for file URLs that are already canonical gives exactly what URL parsing gives. */
class CanonicalUrlTest {
  private static final HttpUrl PAGE = HttpUrl.get("https://pypi.org/simple/numpy/");

  private static String parsed(String href) {
    HttpUrl resolved = PAGE.resolve(href);
    return resolved == null ? href : resolved.newBuilder().fragment(null).build().toString();
  }

  @Test
  void pypiFileUrlsTakeTheShortcut() {
    String href =
        "https://files.pythonhosted.org/packages/16/64/1dc5e5976b17466fd7d712e59cbe9fb1e18bec153109e5ba3ed6c9102f1a/six-1.9.0.tar.gz";

    assertThat(SimpleRepositoryIndex.isCanonicalAbsolute(href)).isTrue();
    assertThat(SimpleRepositoryIndex.resolve(PAGE, href)).isEqualTo(href).isEqualTo(parsed(href));
  }

  @Test
  void anythingURLParsingWouldChangeTakesTheFullParse() {
    for (String href :
        new String[] {
          "../../files/a.whl",
          "/files/a.whl",
          "https://Files.example/a.whl",
          "https://files.example:443/a.whl",
          "https://user@files.example/a.whl",
          "https://files.example/a.whl#sha256=ab",
          "https://files.example/a.whl?x=1",
          "https://files.example/./a.whl",
          "https://files.example/x/../a.whl",
          "https://files.example//a.whl",
          "https://files.example/a%2fb.whl",
          "https://files.example/a b.whl",
          "https://files.example.",
          "https://files.example",
          "ftp://files.example/a.whl"
        }) {
      assertThat(SimpleRepositoryIndex.isCanonicalAbsolute(href)).as(href).isFalse();
    }
  }

  /** Random URLs from an alphabet with every awkward character: the shortcut never differs. */
  @Test
  void theShortcutAgreesWithUrlParsingOnRandomUrls() {
    Random random = new Random(2026);
    String hostChars = "abcxyz019-.AZ_";
    String pathChars = "abcXYZ089-._~/%%AFaf+!$&'()*,;=:@ #?[]\u00e9";
    int shortcut = 0;
    for (int n = 0; n < 200_000; n++) {
      StringBuilder href = new StringBuilder(random.nextBoolean() ? "https://" : "http://");
      int hostLength = 1 + random.nextInt(12);
      for (int i = 0; i < hostLength; i++) {
        href.append(hostChars.charAt(random.nextInt(hostChars.length())));
      }
      href.append('/');
      int pathLength = random.nextInt(30);
      for (int i = 0; i < pathLength; i++) {
        href.append(pathChars.charAt(random.nextInt(pathChars.length())));
      }
      String url = href.toString();
      if (SimpleRepositoryIndex.isCanonicalAbsolute(url)) {
        shortcut++;
        assertThat(url).as("shortcut for %s", url).isEqualTo(parsed(url));
      }
    }
    assertThat(shortcut).as("URLs that took the shortcut").isGreaterThan(1_000);
  }
}
