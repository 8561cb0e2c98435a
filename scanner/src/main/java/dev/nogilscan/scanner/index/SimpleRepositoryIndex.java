package dev.nogilscan.scanner.index;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.nogilscan.compatdb.pep.PackageName;
import dev.nogilscan.scanner.archive.ArchiveException;
import dev.nogilscan.scanner.archive.ArchiveLimits;
import dev.nogilscan.scanner.archive.WheelInspector;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import okhttp3.Cache;
import okhttp3.CacheControl;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * A PEP 503 / PEP 691 simple repository over HTTP(S). Asks for PEP 691 JSON and falls back to PEP
 * 503 HTML when that is what the index serves (static-file indexes, older servers).
 *
 * <p>Transport: HTTPS, or plain HTTP only for loopback addresses and {@code --trusted-host}s.
 * Credentials in the index URL are sent as HTTP Basic authentication to that host only and never
 * appear in {@link #describe()}, messages or reports. Thread safe.
 */
public final class SimpleRepositoryIndex implements PackageIndex {
  static final String ACCEPT =
      "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2,"
          + " text/html;q=0.01";
  private static final JsonFactory JSON = new JsonFactory();
  private static final int ATTEMPTS = 3;
  private static final CacheControl NO_STORE = new CacheControl.Builder().noStore().build();
  // range requests: always to the server, never kept (OkHttp does not cache partial content)
  private static final CacheControl RANGE = new CacheControl.Builder().noCache().noStore().build();
  private static final java.util.regex.Pattern CONTENT_RANGE =
      java.util.regex.Pattern.compile("bytes (\\d{1,18})-(\\d{1,18})/(\\d{1,18})");

  /** The most bytes range requests may read for one wheel's METADATA before it is downloaded. */
  static final long MAX_RANGED_BYTES = 32L << 20;

  /** The largest project page read (PyPI's largest JSON pages are a few MB). */
  static final long MAX_PAGE_BYTES = 64L << 20;

  /** The largest PEP 658 metadata file read. */
  static final long MAX_METADATA_BYTES = 16L << 20;

  private final HttpUrl base;
  private final Supplier<OkHttpClient> client;
  private final Optional<PageStore> store;
  // hosts that answered a range request with the whole file
  private final Set<String> noRanges = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final Optional<String> authorization;
  private final boolean offline;

  /**
   * @param indexUrl the simple index root, e.g. {@code https://pypi.org/simple/}
   * @param trustedHosts hosts allowed over plain HTTP
   * @throws IndexException when the URL is malformed or not allowed by the transport rules
   */
  public SimpleRepositoryIndex(String indexUrl, Set<String> trustedHosts, OkHttpClient client) {
    this(indexUrl, trustedHosts, client, IndexCredentials.NONE, false);
  }

  /**
   * @param credentials for the index host when its URL carries none
   * @param offline answer from the HTTP cache only ({@code --offline}); what it lacks is an {@link
   *     IOException} for that package
   */
  public SimpleRepositoryIndex(
      String indexUrl,
      Set<String> trustedHosts,
      OkHttpClient client,
      IndexCredentials credentials,
      boolean offline) {
    this(indexUrl, trustedHosts, () -> client, credentials, offline, Optional.empty());
  }

  /**
   * @param client asked for only when a request is made (a warm run answered from {@code store}
   *     never builds one, nor loads the TLS trust store)
   * @param credentials for the index host when its URL carries none
   * @param offline answer from the HTTP cache only ({@code --offline}); what it lacks is an {@link
   *     IOException} for that package
   * @param store pages and metadata kept parsed between runs, used while their max-age lasts
   */
  public SimpleRepositoryIndex(
      String indexUrl,
      Set<String> trustedHosts,
      Supplier<OkHttpClient> client,
      IndexCredentials credentials,
      boolean offline,
      Optional<PageStore> store) {
    HttpUrl url = HttpUrl.parse(indexUrl);
    if (url == null) {
      throw new IndexException("--index-url " + redact(indexUrl) + ": not an http(s) URL");
    }
    if (!url.isHttps() && !isLoopback(url.host()) && !trustedHosts.contains(url.host())) {
      throw new IndexException(
          "--index-url "
              + redacted(url)
              + ": plain HTTP is only allowed for loopback addresses; use HTTPS or add"
              + " --trusted-host "
              + url.host());
    }
    this.authorization =
        url.username().isEmpty()
            ? credentials.forHost(url.host()).map(l -> Credentials.basic(l.user(), l.password()))
            : Optional.of(Credentials.basic(url.username(), url.password()));
    this.offline = offline;
    HttpUrl noCredentials = url.newBuilder().username("").password("").build();
    this.base =
        noCredentials.encodedPath().endsWith("/")
            ? noCredentials
            : noCredentials.newBuilder().addPathSegment("").build();
    this.client = client;
    this.store = store;
  }

  /**
   * A client with the timeouts the scanner uses, an HTTP cache for index pages and metadata in
   * {@code httpCache} (ETag / Last-Modified revalidation, the server's max-age as TTL), and the
   * proxies named by {@code HTTPS_PROXY}, {@code HTTP_PROXY} and {@code NO_PROXY}.
   *
   * @param timeout for connecting and for each wait for data ({@code --timeout})
   */
  public static OkHttpClient defaultClient(
      Path httpCache, Map<String, String> environment, Duration timeout) {
    return new OkHttpClient.Builder()
        .connectTimeout(timeout)
        .readTimeout(timeout)
        .writeTimeout(timeout)
        .callTimeout(Duration.ofMinutes(10))
        .followRedirects(true)
        .cache(new Cache(httpCache.toFile(), 512L << 20))
        .proxySelector(EnvironmentProxySelector.from(environment))
        .build();
  }

  /** A client with the timeouts the scanner uses and no cache. */
  public static OkHttpClient defaultClient() {
    return new OkHttpClient.Builder()
        .connectTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ofSeconds(30))
        .callTimeout(Duration.ofMinutes(10))
        .followRedirects(true)
        .build();
  }

  @Override
  public String describe() {
    return base.toString();
  }

  @Override
  public Optional<ProjectPage> project(PackageName name) throws IOException {
    HttpUrl url = base.newBuilder().addPathSegment(name.normalized()).addPathSegment("").build();
    String key = "GET " + redacted(url) + "\nAccept: " + ACCEPT;
    if (store.isPresent()) {
      Optional<ProjectPage> kept = store.get().page(key, name, offline);
      if (kept.isPresent()) {
        return kept;
      }
    }
    Request request = request(url).header("Accept", ACCEPT).build();
    try (Response response = execute(request)) {
      Optional<ProjectPage> page = page(name, url, response);
      if (store.isPresent() && page.isPresent()) {
        store.get().putPage(key, freshUntil(response), page.get());
      }
      return page;
    }
  }

  private Optional<ProjectPage> page(PackageName name, HttpUrl url, Response response)
      throws IOException {
    if (response.code() == 404 || response.code() == 410) {
      return Optional.empty();
    }
    if (!response.isSuccessful()) {
      throw new IOException(redacted(url) + ": HTTP " + response.code());
    }
    ResponseBody body = response.body();
    String type =
        Optional.ofNullable(response.header("Content-Type")).orElse("").toLowerCase(Locale.ROOT);
    String text;
    try {
      text = boundedText(body, MAX_PAGE_BYTES);
    } catch (IOException e) {
      // the connection dropped or stalled in the middle of the page, or the page is too big:
      // say which page
      throw new IOException(redacted(url) + ": " + e.getMessage(), e);
    }
    HttpUrl pageUrl = response.request().url();
    if (type.startsWith("application/vnd.pypi.simple.v1+json")
        || (type.startsWith("application/json") && text.stripLeading().startsWith("{"))) {
      return Optional.of(
          new ProjectPage(name, redacted(pageUrl), "json", parseJson(text, pageUrl)));
    }
    if (type.startsWith("text/html")
        || type.startsWith("application/vnd.pypi.simple.v1+html")
        || type.isEmpty()) {
      return Optional.of(
          new ProjectPage(
              name,
              redacted(pageUrl),
              "html",
              HtmlProjectPageParser.parse(text, href -> resolve(pageUrl, href))));
    }
    throw new IOException(
        redacted(url)
            + ": unexpected Content-Type '"
            + type
            + "', expected application/vnd.pypi.simple.v1+json or text/html");
  }

  @Override
  public Optional<String> metadata(DistributionFile file) throws IOException {
    if (!file.coreMetadata()) {
      return file.isWheel() ? rangedMetadata(file) : Optional.empty();
    }
    String key = "GET " + redact(file.url()) + ".metadata";
    if (store.isPresent()) {
      Optional<String> kept = store.get().metadata(key, offline);
      if (kept.isPresent()) {
        return kept;
      }
    }
    HttpUrl url = HttpUrl.parse(file.url() + ".metadata");
    if (url == null) {
      return Optional.empty();
    }
    try (Response response = execute(request(url).build())) {
      if (response.code() == 404) {
        return Optional.empty(); // advertised but missing: fall back to the archive
      }
      if (!response.isSuccessful()) {
        throw new IOException(redacted(url) + ": HTTP " + response.code());
      }
      String text;
      try {
        text = boundedText(response.body(), MAX_METADATA_BYTES);
      } catch (IOException e) {
        throw new IOException(redacted(url) + ": " + e.getMessage(), e);
      }
      if (store.isPresent()) {
        store.get().putMetadata(key, freshUntil(response), text);
      }
      return Optional.of(text);
    }
  }

  /**
   * Until when a response may be used without asking the server (epoch ms), by RFC 9111's rules for
   * a private cache, kept to the explicit case: the {@code max-age} of {@code Cache-Control}, less
   * its {@code Age}, from when it was received (for a response from the HTTP cache, when it was
   * first received or last revalidated). 0 when it must not be reused without a request: no
   * max-age, {@code no-store} or {@code no-cache} (an {@code Expires} date alone is left to the
   * HTTP cache).
   */
  static long freshUntil(Response response) {
    CacheControl cc = response.cacheControl();
    if (cc.noStore() || cc.noCache() || cc.maxAgeSeconds() <= 0) {
      return 0;
    }
    long age = 0;
    String header = response.header("Age");
    if (header != null && header.strip().matches("\\d{1,10}")) {
      age = Long.parseLong(header.strip());
    }
    return response.receivedResponseAtMillis() + (cc.maxAgeSeconds() - age) * 1000L;
  }

  /**
   * The {@code METADATA} of a wheel the index offers no PEP 658 file for, read with HTTP range
   * requests: the end of the file (where the zip's central directory is), then the member, instead
   * of the whole wheel (pip's and uv's "lazy wheel"). Empty when the server ignores ranges or the
   * wheel cannot be read this way; the caller then downloads it, and that path reports what is
   * wrong with it. Kept in the page store like a metadata file.
   */
  private Optional<String> rangedMetadata(DistributionFile file) throws IOException {
    String key = "GET " + redact(file.url()) + " METADATA by range";
    if (store.isPresent()) {
      Optional<String> kept = store.get().metadata(key, offline);
      if (kept.isPresent()) {
        return kept;
      }
    }
    HttpUrl url = HttpUrl.parse(file.url());
    if (url == null || offline || noRanges.contains(url.host())) {
      return Optional.empty();
    }
    RangedFile channel;
    long freshUntil;
    try (Response first =
        execute(
            request(url)
                .header("Range", "bytes=-" + RangedFile.BLOCK)
                .cacheControl(RANGE)
                .build())) {
      Optional<long[]> range = contentRange(first);
      if (range.isEmpty()) {
        if (first.code() == 200) {
          noRanges.add(url.host()); // the host ignores ranges: not asked again in this run
        }
        return Optional.empty(); // the whole file it is
      }
      long start = range.get()[0];
      byte[] tail = rangeBody(first, start, range.get()[1]);
      freshUntil = freshUntil(first);
      channel =
          new RangedFile(
              range.get()[2], start, tail, (s, e) -> fetchRange(url, s, e), MAX_RANGED_BYTES);
    } catch (IOException e) {
      return Optional.empty();
    }
    Optional<String> text;
    try (org.apache.commons.compress.archivers.zip.ZipFile zip =
        org.apache.commons.compress.archivers.zip.ZipFile.builder()
            .setSeekableByteChannel(channel)
            .setIgnoreLocalFileHeader(true)
            .get()) {
      // the default limits: a wheel they refuse is downloaded, and read there under the user's
      text = WheelInspector.metadata(zip, file.filename(), ArchiveLimits.DEFAULT);
    } catch (IOException | ArchiveException | RuntimeException e) {
      return Optional.empty();
    }
    if (text.isEmpty()) {
      return Optional.empty();
    }
    if (store.isPresent()) {
      store.get().putMetadata(key, freshUntil, text.get());
    }
    return text;
  }

  /** Bytes {@code start..end} of {@code url}, by one range request answered with exactly those. */
  private byte[] fetchRange(HttpUrl url, long start, long end) throws IOException {
    try (Response r =
        execute(
            request(url)
                .header("Range", "bytes=" + start + "-" + end)
                .cacheControl(RANGE)
                .build())) {
      Optional<long[]> range = contentRange(r);
      if (range.isEmpty() || range.get()[0] != start || range.get()[1] != end) {
        throw new IOException(redacted(url) + ": the server did not answer the range asked for");
      }
      return rangeBody(r, start, end);
    }
  }

  /** {@code [first, last, size]} of a 206 response's {@code Content-Range}, if it is one. */
  static Optional<long[]> contentRange(Response response) {
    String header = response.header("Content-Range");
    if (response.code() != 206 || header == null) {
      return Optional.empty();
    }
    java.util.regex.Matcher m = CONTENT_RANGE.matcher(header.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    long first = Long.parseLong(m.group(1));
    long last = Long.parseLong(m.group(2));
    long size = Long.parseLong(m.group(3));
    return first <= last && last < size
        ? Optional.of(new long[] {first, last, size})
        : Optional.empty();
  }

  private static byte[] rangeBody(Response response, long first, long last) throws IOException {
    long want = last - first + 1;
    if (want > MAX_RANGED_BYTES) {
      throw new IOException("range of " + want + " bytes");
    }
    okio.BufferedSource source = response.body().source();
    if (source.request(want + 1)) {
      throw new IOException("more bytes than the range announced");
    }
    byte[] bytes = source.readByteArray();
    if (bytes.length != want) {
      throw new IOException(
          "a range of " + bytes.length + " bytes where " + want + " were announced");
    }
    return bytes;
  }

  /**
   * The body as text, refused when it is larger than {@code max} bytes (a huge or endless page must
   * not exhaust the heap): at most {@code max + 1} bytes are ever buffered.
   */
  static String boundedText(ResponseBody body, long max) throws IOException {
    if (body.contentLength() > max) {
      throw new IOException(
          "the server announced " + body.contentLength() + " bytes; the limit is " + max);
    }
    okio.BufferedSource source = body.source();
    if (source.request(max + 1)) {
      throw new IOException("more than " + max + " bytes; the limit is " + max);
    }
    okhttp3.MediaType type = body.contentType();
    java.nio.charset.Charset charset =
        type == null ? null : type.charset(java.nio.charset.StandardCharsets.UTF_8);
    String text =
        source.readString(charset == null ? java.nio.charset.StandardCharsets.UTF_8 : charset);
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  @Override
  public InputStream open(DistributionFile file) throws IOException {
    HttpUrl url = HttpUrl.parse(file.url());
    if (url == null) {
      throw new IOException(file.filename() + ": not a download URL: " + redact(file.url()));
    }
    // archives are kept by the archive cache (by sha256): a second copy in the HTTP cache would
    // double the disk used and the bytes written
    Response response = execute(request(url).cacheControl(NO_STORE).build());
    if (!response.isSuccessful()) {
      response.close();
      throw new IOException(redacted(url) + ": HTTP " + response.code());
    }
    return response.body().byteStream();
  }

  private Request.Builder request(HttpUrl url) {
    Request.Builder builder = new Request.Builder().url(url).header("User-Agent", "nogil-scan");
    if (offline) {
      builder.cacheControl(CacheControl.FORCE_CACHE);
    }
    // same origin only: another port or plain http on the same host must not see the password
    if (authorization.isPresent()
        && url.scheme().equals(base.scheme())
        && url.host().equals(base.host())
        && url.port() == base.port()) {
      builder.header("Authorization", authorization.get());
    }
    return builder;
  }

  /** Executes with a small retry budget for 429, 5xx and dropped connections. */
  private Response execute(Request request) throws IOException {
    IOException last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        Response response = client.get().newCall(request).execute();
        if (offline && response.code() == 504) {
          response.close();
          throw new OfflineMiss(redacted(request.url()) + ": not in the cache (--offline)");
        }
        if ((response.code() == 429 || response.code() >= 500) && attempt < ATTEMPTS) {
          Optional<Long> retryAfter = retryAfter(response.header("Retry-After"));
          response.close();
          pause(attempt, retryAfter);
          continue;
        }
        return response;
      } catch (OfflineMiss e) {
        throw e;
      } catch (java.net.ProtocolException e) {
        // a redirect loop or a broken response is not transient: asking again gives the same
        throw new IOException(redacted(request.url()) + ": " + e.getMessage(), e);
      } catch (ConnectException | UnknownHostException | NoRouteToHostException e) {
        throw new IndexException(
            "index unreachable: " + redacted(request.url()) + " (" + e.getMessage() + ")", e);
      } catch (IOException e) {
        last = e;
        if (offline || attempt >= ATTEMPTS) {
          break;
        }
        pause(attempt, Optional.empty());
      }
    }
    throw new IOException(redacted(request.url()) + ": " + last.getMessage(), last);
  }

  /**
   * Waits before a retry: the server's {@code Retry-After} when it gave one (capped at 30 s), else
   * exponential backoff (400 ms, 800 ms, …) with full jitter so parallel workers do not retry in
   * lock step.
   */
  private static void pause(int attempt, Optional<Long> retryAfterSeconds) {
    long millis =
        retryAfterSeconds
            .map(s -> Math.min(30_000L, s * 1000))
            .orElseGet(
                () ->
                    (200L << attempt) / 2
                        + ThreadLocalRandom.current().nextLong((200L << attempt) / 2 + 1));
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@code Retry-After} in seconds (the delay-seconds form; an HTTP date is taken as absent). */
  static Optional<Long> retryAfter(String header) {
    if (header == null || !header.strip().matches("\\d{1,6}")) {
      return Optional.empty();
    }
    return Optional.of(Long.parseLong(header.strip()));
  }

  /**
   * The files of a PEP 691 page, read in one streaming pass (a popular project's page is several MB
   * listing some ten thousand files; no tree of it is built). Unknown keys are skipped, as PEP 691
   * asks; a file without a name or URL is left out.
   */
  static List<DistributionFile> parseJson(String text, HttpUrl pageUrl) throws IOException {
    List<DistributionFile> files = new ArrayList<>();
    try (JsonParser p = JSON.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        p.skipChildren();
        return files;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("files") && value == JsonToken.START_ARRAY) {
          while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() == JsonToken.START_OBJECT) {
              file(p, pageUrl).ifPresent(files::add);
            } else {
              p.skipChildren();
            }
          }
        } else {
          p.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new IOException(
          redacted(pageUrl)
              + ": malformed PEP 691 JSON: "
              + e.getMessage().lines().findFirst().orElse(""),
          e);
    }
    return files;
  }

  /** One entry of {@code files}, the parser on its START_OBJECT; leaves it on the END_OBJECT. */
  private static Optional<DistributionFile> file(JsonParser p, HttpUrl pageUrl) throws IOException {
    String filename = "";
    String url = "";
    String sha = "";
    String requiresPython = null;
    Optional<String> yanked = Optional.empty();
    Boolean coreMetadata = null; // "core-metadata" (PEP 714) wins over "dist-info-metadata"
    boolean distInfoMetadata = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "filename" -> filename = scalar(p, value);
        case "url" -> url = scalar(p, value);
        case "requires-python" ->
            requiresPython = value == JsonToken.VALUE_STRING ? p.getText() : null;
        case "yanked" ->
            yanked =
                value == JsonToken.VALUE_STRING
                    ? Optional.of(p.getText())
                    : truthy(p, value) ? Optional.of("") : Optional.empty();
        case "core-metadata" -> coreMetadata = value == JsonToken.START_OBJECT || truthy(p, value);
        case "dist-info-metadata" ->
            distInfoMetadata = value == JsonToken.START_OBJECT || truthy(p, value);
        case "hashes" -> {
          if (value == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String algorithm = p.currentName();
              JsonToken v = p.nextToken();
              if (algorithm.equals("sha256")) {
                sha = scalar(p, v);
              }
              p.skipChildren();
            }
          }
        }
        default -> {
          // other keys (size, upload-time, data-… of later API versions) are not needed
        }
      }
      p.skipChildren(); // a no-op on scalars; skips what a key above did not read
    }
    if (filename.isEmpty() || url.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new DistributionFile(
            filename,
            resolve(pageUrl, url),
            sha.isEmpty() ? Optional.empty() : Optional.of(sha.toLowerCase(Locale.ROOT)),
            Optional.ofNullable(requiresPython).filter(r -> !r.isBlank()),
            yanked,
            coreMetadata != null ? coreMetadata : distInfoMetadata));
  }

  /** A scalar's text, as a tree node's {@code asText("")} gives it; "" for objects and arrays. */
  private static String scalar(JsonParser p, JsonToken value) throws IOException {
    return value.isScalarValue() && value != JsonToken.VALUE_NULL ? p.getText() : "";
  }

  /** A tree node's {@code asBoolean(false)}: true, a non-zero number, or the string "true". */
  private static boolean truthy(JsonParser p, JsonToken value) throws IOException {
    return switch (value) {
      case VALUE_TRUE -> true;
      case VALUE_NUMBER_INT -> p.getLongValue() != 0;
      case VALUE_STRING -> p.getText().strip().equals("true");
      default -> false;
    };
  }

  static String resolve(HttpUrl page, String href) {
    if (isCanonicalAbsolute(href)) {
      return href; // what the parse below gives back for it, at a fraction of the cost
    }
    HttpUrl resolved = page.resolve(href);
    return resolved == null ? href : resolved.newBuilder().fragment(null).build().toString();
  }

  /**
   * True for an absolute http(s) URL that URL parsing would give back unchanged: a lower-case host
   * name without user, port, query or fragment, and a path of unreserved characters, {@code /} and
   * {@code %XX} escapes, without empty, {@code .} or {@code ..} segments. PyPI's file URLs all are,
   * and a page of a popular project lists some ten thousand of them; resolving each through {@link
   * HttpUrl} took most of the time of reading the page. Anything else takes the full parse.
   */
  static boolean isCanonicalAbsolute(String href) {
    int at;
    if (href.startsWith("https://")) {
      at = 8;
    } else if (href.startsWith("http://")) {
      at = 7;
    } else {
      return false;
    }
    int slash = href.indexOf('/', at);
    if (slash <= at || href.charAt(at) == '.' || href.charAt(slash - 1) == '.') {
      return false;
    }
    for (int i = at; i < slash; i++) {
      char c = href.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
      if (!ok || (c == '.' && href.charAt(i - 1) == '.')) {
        return false;
      }
    }
    int segmentStart = slash + 1;
    for (int i = slash + 1; i <= href.length(); i++) {
      char c = i == href.length() ? '/' : href.charAt(i);
      if (c == '/') {
        String segment = href.substring(segmentStart, i);
        boolean last = i == href.length();
        if ((segment.isEmpty() && !last) || segment.equals(".") || segment.equals("..")) {
          return false;
        }
        segmentStart = i + 1;
      } else if (c == '%') {
        if (i + 2 >= href.length()
            || !isUpperHex(href.charAt(i + 1))
            || !isUpperHex(href.charAt(i + 2))) {
          return false;
        }
        i += 2;
      } else if (!((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~')) {
        return false;
      }
    }
    return true;
  }

  private static boolean isUpperHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
  }

  static boolean isLoopback(String host) {
    if (host.equals("localhost")) {
      return true;
    }
    if (!host.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      return false; // never resolve names here: that would be a lookup an attacker controls
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** The URL with any user name and password removed. */
  public static String redacted(HttpUrl url) {
    return url.newBuilder().username("").password("").build().toString();
  }

  /** {@link #redacted(HttpUrl)} for a string that may not even be a URL. */
  public static String redact(String url) {
    return url.indexOf('@') < 0 ? url : USER_INFO.matcher(url).replaceAll("");
  }

  private static final java.util.regex.Pattern USER_INFO =
      java.util.regex.Pattern.compile("(?<=://)[^/@\\s]*@");

  /** A page or file the HTTP cache does not hold, in {@code --offline} mode. */
  static final class OfflineMiss extends IOException {
    private static final long serialVersionUID = 1L;

    OfflineMiss(String message) {
      super(message);
    }
  }
}
