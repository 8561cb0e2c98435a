package dev.nogilscan.scanner.db;

import dev.nogilscan.scanner.index.DistributionFile;
import dev.nogilscan.scanner.index.PackageIndex;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Reads a wheel's {@code *.dist-info/METADATA} without downloading the wheel: the PEP 658 file when
 * the index offers one, else two or three HTTP range requests (the zip's end of central directory
 * and central directory, then the one member). A server that ignores {@code Range} answers with the
 * whole file, which is read up to {@value #MAX_FULL_BYTES} bytes. Thread safe.
 */
public final class WheelMetadataReader {
  static final int TAIL = 64 * 1024;
  static final int MAX_FULL_BYTES = 32 << 20;
  static final int MAX_METADATA = 4 << 20;
  private final PackageIndex index;
  private final OkHttpClient client;

  public WheelMetadataReader(PackageIndex index, OkHttpClient client) {
    this.index = index;
    this.client = client;
  }

  /**
   * The METADATA text, or empty when the wheel has none.
   *
   * @throws IOException when it cannot be fetched or the zip is malformed
   */
  public Optional<String> read(DistributionFile wheel) throws IOException {
    if (wheel.coreMetadata()) {
      DistributionFile m =
          new DistributionFile(
              wheel.filename() + ".metadata",
              wheel.url() + ".metadata",
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              false);
      try (InputStream in = index.open(m)) {
        return Optional.of(new String(in.readNBytes(MAX_METADATA), StandardCharsets.UTF_8));
      }
    }
    HttpUrl url = HttpUrl.parse(wheel.url());
    if (url == null) {
      throw new IOException(wheel.filename() + ": not a download URL");
    }
    Chunk tail = get(url, "bytes=-" + TAIL);
    ByteBuffer b = ByteBuffer.wrap(tail.bytes).order(ByteOrder.LITTLE_ENDIAN);
    int eocd = -1;
    for (int i = tail.bytes.length - 22; i >= 0; i--) {
      if (b.getInt(i) == 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) {
      throw new IOException(wheel.filename() + ": no zip end-of-central-directory record");
    }
    long cdSize = Integer.toUnsignedLong(b.getInt(eocd + 12));
    long cdOffset = Integer.toUnsignedLong(b.getInt(eocd + 16));
    if (cdOffset == 0xFFFFFFFFL || cdSize > MAX_FULL_BYTES) {
      throw new IOException(wheel.filename() + ": zip64 or oversized central directory");
    }
    ByteBuffer cd;
    if (cdOffset >= tail.start && cdOffset + cdSize <= tail.start + tail.bytes.length) {
      cd = ByteBuffer.wrap(tail.bytes, (int) (cdOffset - tail.start), (int) cdSize).slice();
    } else {
      Chunk c = get(url, "bytes=" + cdOffset + "-" + (cdOffset + cdSize - 1));
      cd = ByteBuffer.wrap(c.bytes, (int) (cdOffset - c.start), (int) cdSize).slice();
    }
    cd.order(ByteOrder.LITTLE_ENDIAN);
    int p = 0;
    while (p + 46 <= cd.limit() && cd.getInt(p) == 0x02014b50) {
      int method = Short.toUnsignedInt(cd.getShort(p + 10));
      long compSize = Integer.toUnsignedLong(cd.getInt(p + 20));
      long size = Integer.toUnsignedLong(cd.getInt(p + 24));
      int nameLen = Short.toUnsignedInt(cd.getShort(p + 28));
      int extraLen = Short.toUnsignedInt(cd.getShort(p + 30));
      int commentLen = Short.toUnsignedInt(cd.getShort(p + 32));
      long local = Integer.toUnsignedLong(cd.getInt(p + 42));
      byte[] nameBytes = new byte[nameLen];
      cd.get(p + 46, nameBytes);
      String name = new String(nameBytes, StandardCharsets.UTF_8);
      if (name.matches("[^/]+\\.dist-info/METADATA")) {
        if (compSize > MAX_METADATA || size > MAX_METADATA) {
          throw new IOException(
              wheel.filename() + ": METADATA larger than " + MAX_METADATA + " bytes");
        }
        return Optional.of(
            member(url, tail, local, method, (int) compSize, (int) size, wheel.filename()));
      }
      p += 46 + nameLen + extraLen + commentLen;
    }
    return Optional.empty();
  }

  private String member(
      HttpUrl url, Chunk tail, long local, int method, int compSize, int size, String filename)
      throws IOException {
    // The local header's name and extra field lengths may differ from the central directory's.
    long end = local + 30 + 1024 + 1024 + compSize;
    Chunk c =
        local >= tail.start && end <= tail.start + tail.bytes.length
            ? tail
            : get(url, "bytes=" + local + "-" + (end - 1));
    ByteBuffer b = ByteBuffer.wrap(c.bytes).order(ByteOrder.LITTLE_ENDIAN);
    int at = (int) (local - c.start);
    if (at < 0 || at + 30 > c.bytes.length || b.getInt(at) != 0x04034b50) {
      throw new IOException(filename + ": no local file header for METADATA");
    }
    int dataAt =
        at
            + 30
            + Short.toUnsignedInt(b.getShort(at + 26))
            + Short.toUnsignedInt(b.getShort(at + 28));
    if (dataAt + compSize > c.bytes.length) {
      throw new IOException(filename + ": METADATA member truncated");
    }
    if (method == 0) {
      return new String(c.bytes, dataAt, compSize, StandardCharsets.UTF_8);
    }
    if (method != 8) {
      throw new IOException(filename + ": METADATA compressed with method " + method);
    }
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(c.bytes, dataAt, compSize);
      byte[] out = new byte[size];
      int n = 0;
      while (n < size && !inflater.finished()) {
        int k = inflater.inflate(out, n, size - n);
        if (k == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        n += k;
      }
      return new String(out, 0, n, StandardCharsets.UTF_8);
    } catch (DataFormatException e) {
      throw new IOException(filename + ": METADATA is not valid deflate data", e);
    } finally {
      inflater.end();
    }
  }

  private record Chunk(long start, byte[] bytes) {}

  private Chunk get(HttpUrl url, String range) throws IOException {
    Request request =
        new Request.Builder()
            .url(url)
            .header("User-Agent", "nogil-scan")
            .header("Range", range)
            .build();
    try (Response response = client.newCall(request).execute()) {
      if (response.code() == 206) {
        String cr = response.header("Content-Range", "");
        long start = 0;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("bytes (\\d+)-").matcher(cr);
        if (m.find()) {
          start = Long.parseLong(m.group(1));
        }
        return new Chunk(start, response.body().bytes());
      }
      if (response.code() == 200) {
        try (InputStream in = response.body().byteStream()) {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          byte[] buf = new byte[65536];
          int n;
          while ((n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
            if (out.size() > MAX_FULL_BYTES) {
              throw new IOException(
                  SimpleRepositoryIndexRedaction.redact(url)
                      + ": server ignores Range and the file is larger than "
                      + MAX_FULL_BYTES
                      + " bytes");
            }
          }
          return new Chunk(0, out.toByteArray());
        }
      }
      throw new IOException(
          SimpleRepositoryIndexRedaction.redact(url) + ": HTTP " + response.code());
    }
  }

  private static final class SimpleRepositoryIndexRedaction {
    static String redact(HttpUrl url) {
      return dev.nogilscan.scanner.index.SimpleRepositoryIndex.redacted(url);
    }
  }
}
