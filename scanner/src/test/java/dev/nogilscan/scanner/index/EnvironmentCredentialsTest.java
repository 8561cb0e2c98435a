package dev.nogilscan.scanner.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nogilscan.compatdb.pep.PackageName;
import dev.nogilscan.scanner.index.IndexCredentials.Login;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EnvironmentCredentialsTest {
  private MockWebServer server;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void entriesAreBoundToTheirHostAndPercentDecoded() {
    EnvironmentCredentials c =
        EnvironmentCredentials.parse(
            "  pypi.corp.example=ci:s3cret\n\tNexus.Example=bob%40corp:p%3Aw%20d+x  ");
    assertThat(c.forHost("pypi.corp.example")).hasValue(new Login("ci", "s3cret"));
    assertThat(c.forHost("nexus.example")).hasValue(new Login("bob@corp", "p:w d+x"));
    assertThat(c.forHost("pypi.org")).isEmpty();
    assertThat(EnvironmentCredentials.from(Map.of()).forHost("pypi.org")).isEmpty();
    assertThat(EnvironmentCredentials.parse("h=user:").forHost("h"))
        .hasValue(new Login("user", ""));
  }

  @Test
  void aMalformedEntryIsNamedByPositionAndHostButNeverByItsSecret() {
    assertThatThrownBy(() -> EnvironmentCredentials.parse("a=u:p b=nopassword"))
        .hasMessage("NOGIL_SCAN_INDEX_CREDENTIALS: entry 2 (host b): expected HOST=USER:PASSWORD");
    assertThatThrownBy(() -> EnvironmentCredentials.parse("u:p"))
        .hasMessage("NOGIL_SCAN_INDEX_CREDENTIALS: entry 1: expected HOST=USER:PASSWORD");
    assertThatThrownBy(() -> EnvironmentCredentials.parse("https://h.example=u:topsecret"))
        .hasMessage(
            "NOGIL_SCAN_INDEX_CREDENTIALS: entry 1: expected a host name before '='"
                + " (no scheme, port, path or user)")
        .message()
        .doesNotContain("topsecret");
    assertThatThrownBy(() -> EnvironmentCredentials.parse("h.example:8443=u:p"))
        .hasMessageContaining("no scheme, port, path or user");
    assertThatThrownBy(() -> EnvironmentCredentials.parse("h=:topsecret"))
        .hasMessage(
            "NOGIL_SCAN_INDEX_CREDENTIALS: entry 1 (host h): expected a user name before ':'");
    assertThatThrownBy(() -> EnvironmentCredentials.parse("h=u:top%zzsecret"))
        .hasMessage(
            "NOGIL_SCAN_INDEX_CREDENTIALS: entry 1 (host h): a '%' that is not followed by two hex"
                + " digits");
    assertThatThrownBy(() -> EnvironmentCredentials.parse("h=u:p H=v:q"))
        .hasMessage("NOGIL_SCAN_INDEX_CREDENTIALS: entry 2: host h is named twice");
  }

  @Test
  void theURLBeatsTheEnvironmentWhichBeatsNetrc() throws Exception {
    IndexCredentials chain =
        EnvironmentCredentials.parse("127.0.0.1=env:fromenv")
            .orElse(
                Netrc.parse(
                    "machine 127.0.0.1 login net password fromnetrc\n"
                        + "machine other.example login o password p\n"));
    assertThat(chain.forHost("other.example")).hasValue(new Login("o", "p"));

    assertThat(authorizationSent("http://127.0.0.1:" + server.getPort() + "/simple/", chain))
        .isEqualTo(okhttp3.Credentials.basic("env", "fromenv"));
    assertThat(
            authorizationSent(
                "http://url:fromurl@127.0.0.1:" + server.getPort() + "/simple/", chain))
        .isEqualTo(okhttp3.Credentials.basic("url", "fromurl"));
  }

  @Test
  void theLoginNeverShowsItsPassword() {
    assertThat(new Login("ci", "s3cret").toString()).doesNotContain("s3cret").contains("ci");
  }

  private String authorizationSent(String url, IndexCredentials credentials)
      throws IOException, InterruptedException {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/vnd.pypi.simple.v1+json")
            .body("{\"meta\": {\"api-version\": \"1.0\"}, \"name\": \"demo\", \"files\": []}")
            .build());
    SimpleRepositoryIndex index =
        new SimpleRepositoryIndex(url, Set.of(), new OkHttpClient(), credentials, false);
    index.project(PackageName.of("demo"));
    assertThat(index.describe()).doesNotContain("fromenv").doesNotContain("fromurl");
    RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(r).isNotNull();
    return r.getHeaders().get("Authorization");
  }
}
