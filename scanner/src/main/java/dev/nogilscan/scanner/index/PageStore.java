package dev.nogilscan.scanner.index;

import dev.nogilscan.compatdb.pep.PackageName;
import dev.nogilscan.scanner.cache.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Index pages and metadata files kept between runs in the form the scanner uses (a page's files
 * already parsed), each with the time until which the HTTP caching rules let it be used without
 * asking the server: the response's {@code max-age}. A warm run reads one small file per page
 * instead of the HTTP cache's headers and body, and parses nothing; once an entry is stale the
 * request goes to the HTTP cache and the server as before (a revalidation), and the entry is
 * written again. It is a cache: an entry that cannot be read (another format, truncated, another
 * key under the same hash) is ignored and later replaced. Thread safe; entries are written to a
 * temporary file and moved into place.
 */
public final class PageStore {
  private static final int MAGIC = 0x4e475350; // "NGSP"
  private static final int FORMAT = 1;
  private static final byte PAGE = 'p';
  private static final byte METADATA = 'm';

  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("SHA-256 is missing from this Java", e);
            }
          });

  private final Path dir;
  private final LongSupplier clock;

  /**
   * @param dir the store's directory (created when first written)
   * @param clock the current time in epoch milliseconds
   */
  public PageStore(Path dir, LongSupplier clock) {
    this.dir = dir;
    this.clock = clock;
  }

  public PageStore(Path dir) {
    this(dir, System::currentTimeMillis);
  }

  /**
   * The page of {@code name} stored under {@code key}, when there is one still fresh (or of any age
   * when {@code anyAge}, as {@code --offline} takes whatever is cached).
   */
  public Optional<ProjectPage> page(String key, PackageName name, boolean anyAge) {
    return read(
        key,
        PAGE,
        anyAge,
        in -> {
          String url = string(in);
          String format = string(in);
          int count = in.readInt();
          if (count < 0) {
            throw new IOException("negative file count");
          }
          List<DistributionFile> files = new ArrayList<>(Math.min(count, 1 << 16));
          for (int i = 0; i < count; i++) {
            files.add(
                new DistributionFile(
                    string(in),
                    string(in),
                    optional(in),
                    optional(in),
                    optional(in),
                    in.readBoolean()));
          }
          return new ProjectPage(name, url, format, files);
        });
  }

  /**
   * Stores {@code page} under {@code key}, usable without a request until {@code freshUntil};
   * nothing when that time has passed.
   */
  public void putPage(String key, long freshUntil, ProjectPage page) {
    write(
        key,
        PAGE,
        freshUntil,
        out -> {
          string(out, page.url());
          string(out, page.format());
          out.writeInt(page.files().size());
          for (DistributionFile f : page.files()) {
            string(out, f.filename());
            string(out, f.url());
            optional(out, f.sha256());
            optional(out, f.requiresPython());
            optional(out, f.yanked());
            out.writeBoolean(f.coreMetadata());
          }
        });
  }

  /** The metadata file stored under {@code key}, as {@link #page}. */
  public Optional<String> metadata(String key, boolean anyAge) {
    return read(key, METADATA, anyAge, PageStore::string);
  }

  /** Stores a metadata file's text under {@code key}, usable until {@code freshUntil}. */
  public void putMetadata(String key, long freshUntil, String text) {
    write(key, METADATA, freshUntil, out -> string(out, text));
  }

  private interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  private interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  private <T> Optional<T> read(String key, byte kind, boolean anyAge, Reader<T> body) {
    Path file = path(key);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 14))) {
      if (in.readInt() != MAGIC || in.readInt() != FORMAT || in.readByte() != kind) {
        return Optional.empty();
      }
      long freshUntil = in.readLong();
      if (!string(in).equals(key) || (!anyAge && clock.getAsLong() >= freshUntil)) {
        return Optional.empty();
      }
      return Optional.of(body.read(in));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // unreadable: asked for again, and written anew
    }
  }

  private void write(String key, byte kind, long freshUntil, Writer body) {
    if (freshUntil <= clock.getAsLong()) {
      return;
    }
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        out.writeInt(MAGIC);
        out.writeInt(FORMAT);
        out.writeByte(kind);
        out.writeLong(freshUntil);
        string(out, key);
        body.write(out);
      }
      AtomicFiles.write(path(key), bytes.toByteArray());
    } catch (IOException | RuntimeException e) {
      // a cache that cannot be written only makes the next run slower
    }
  }

  /** {@code dir/ab/abcdef…}: the sha256 of the key, two levels so no directory grows huge. */
  Path path(String key) {
    String h = HexFormat.of().formatHex(SHA256.get().digest(key.getBytes(StandardCharsets.UTF_8)));
    return dir.resolve(h.substring(0, 2)).resolve(h.substring(2));
  }

  private static String string(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > (64 << 20)) {
      throw new IOException("string length " + n);
    }
    byte[] b = in.readNBytes(n);
    if (b.length != n) {
      throw new EOFException("truncated");
    }
    return new String(b, StandardCharsets.UTF_8);
  }

  private static Optional<String> optional(DataInputStream in) throws IOException {
    return in.readBoolean() ? Optional.of(string(in)) : Optional.empty();
  }

  private static void string(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static void optional(DataOutputStream out, Optional<String> s) throws IOException {
    out.writeBoolean(s.isPresent());
    if (s.isPresent()) {
      string(out, s.get());
    }
  }
}
