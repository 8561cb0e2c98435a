package dev.nogilscan.scanner.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Downloaded distributions, stored by their sha256: {@code archives/sha256/ab/abcdef…/NAME}. Files
 * are written to a temporary name, hashed while written, and moved into place only when the hash
 * matches, so a crash or a wrong hash never leaves a file a later run would trust. Thread safe (two
 * writers of one hash both produce the same bytes; the move is atomic).
 *
 * <p>A file is not hashed again on every run: when its hash is checked (stored, or verified by
 * {@link #find}), what the file system says of it is written beside it, in {@code
 * archives/verified/ab/abcdef…/NAME}: size, modification time, change time and file key (device and
 * inode). {@link #find} trusts the file without reading it while all four are unchanged, as git's
 * index trusts a worktree file; any write, replacement or {@code touch} changes one of them, and
 * the file is hashed again (and deleted when it no longer matches). So that a write in the same
 * clock tick as the check cannot go unseen (git's "racy" case), a file modified less than {@value
 * #RACY_SECONDS} seconds before the check gets its modification time set that far back first: any
 * later write then moves it forward.
 */
public final class ArchiveCache {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
  private static final String STAMP_FORMAT = "nogil-scan verified 1";
  static final long RACY_SECONDS = 2;

  /** Hashes a file's content; {@link #sha256(Path)} outside tests. */
  @FunctionalInterface
  interface Hasher {
    String sha256(Path file) throws IOException;
  }

  private final Path root;
  private final Hasher hasher;

  public ArchiveCache(Path root) {
    this(root, ArchiveCache::sha256);
  }

  ArchiveCache(Path root, Hasher hasher) {
    this.root = root;
    this.hasher = hasher;
  }

  /**
   * Where a file with this hash and name lives.
   *
   * @throws IllegalArgumentException when the hash is not 64 hex digits or the name is not a plain
   *     file name (both come from the index, which must not choose where the cache writes)
   */
  public Path pathFor(String sha256, String filename) {
    if (!SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException("'" + sha256 + "' is not a sha256 hex digest");
    }
    if (filename.isEmpty()
        || filename.equals(".")
        || filename.equals("..")
        || filename.indexOf('/') >= 0
        || filename.indexOf('\\') >= 0
        || filename.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("'" + filename + "' is not a plain file name");
    }
    String h = sha256.toLowerCase(Locale.ROOT);
    return root.resolve("sha256").resolve(h.substring(0, 2)).resolve(h).resolve(filename);
  }

  /**
   * The cached file, if present and its content still has the expected hash: read and hashed only
   * when the file changed since its hash was last checked (see the class comment).
   */
  public Optional<Path> find(String sha256, String filename) throws IOException {
    Path path = checkedPathFor(sha256, filename);
    if (!Files.isRegularFile(path)) {
      return Optional.empty();
    }
    Path stamp = stampFor(path);
    if (stampMatches(path, stamp)) {
      return Optional.of(path);
    }
    unracy(path);
    Optional<String> before = fingerprint(path);
    if (!hasher.sha256(path).equalsIgnoreCase(sha256)) {
      Files.deleteIfExists(path); // corrupted on disk: never trust it
      Files.deleteIfExists(stamp);
      return Optional.empty();
    }
    // written while it was hashed: right for this run as read, but hashed again next time
    if (before.isPresent() && before.equals(fingerprint(path))) {
      writeStamp(stamp, before.get());
    }
    return Optional.of(path);
  }

  /**
   * The sha256 of a file of this cache whose hash was checked and that has not changed since: its
   * content is known without reading it. Empty for any other path, a changed file, or a file never
   * checked.
   */
  public Optional<String> verifiedHash(Path file) {
    Path p = file.toAbsolutePath().normalize();
    Path shards = root.toAbsolutePath().normalize().resolve("sha256");
    if (!p.startsWith(shards) || shards.relativize(p).getNameCount() != 3) {
      return Optional.empty();
    }
    String sha = p.getParent().getFileName().toString();
    String filename = p.getFileName().toString();
    try {
      if (!pathFor(sha, filename).toAbsolutePath().normalize().equals(p)
          || !Files.isRegularFile(p)
          || !stampMatches(p, stampFor(p))) {
        return Optional.empty();
      }
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return Optional.of(sha.toLowerCase(Locale.ROOT));
  }

  /** Where the stamp of a cached file lives: {@code verified/} mirrors {@code sha256/}. */
  private Path stampFor(Path cached) {
    Path dir = cached.getParent();
    return root.resolve("verified")
        .resolve(dir.getParent().getFileName().toString())
        .resolve(dir.getFileName().toString())
        .resolve(cached.getFileName().toString());
  }

  private static boolean stampMatches(Path file, Path stamp) {
    Optional<String> now = fingerprint(file);
    if (now.isEmpty()) {
      return false;
    }
    try {
      return Files.readString(stamp, StandardCharsets.UTF_8).equals(now.get());
    } catch (IOException | RuntimeException e) {
      return false; // no stamp, or an unreadable one: hash the file
    }
  }

  /**
   * Size, modification time, change time and file key, one per line; empty where the file system
   * gives no modification time or file key (then the file is hashed on every run, as before).
   */
  private static Optional<String> fingerprint(Path file) {
    try {
      BasicFileAttributes basic = Files.readAttributes(file, BasicFileAttributes.class);
      if (basic.fileKey() == null || !basic.isRegularFile()) {
        return Optional.empty();
      }
      Object ctime;
      try {
        ctime = Files.getAttribute(file, "unix:ctime");
      } catch (UnsupportedOperationException | IllegalArgumentException e) {
        ctime = "-"; // no change time here: size, mtime and file key only
      }
      return Optional.of(
          STAMP_FORMAT
              + "\nsize "
              + basic.size()
              + "\nmtime "
              + basic.lastModifiedTime()
              + "\nctime "
              + ctime
              + "\nkey "
              + basic.fileKey()
              + "\n");
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Sets a file modified within the last {@value #RACY_SECONDS} seconds that far back, so that a
   * write in the same tick of the file system's clock as this check still changes its mtime.
   */
  private static void unracy(Path file) {
    try {
      FileTime racyFrom = FileTime.from(Instant.now().minusSeconds(RACY_SECONDS));
      if (Files.getLastModifiedTime(file).compareTo(racyFrom) > 0) {
        Files.setLastModifiedTime(file, racyFrom);
      }
    } catch (IOException e) {
      // a read-only cache: the file is then hashed on every run
    }
  }

  /** Writes a stamp atomically; a cache that cannot take it only costs a hash next run. */
  private static void writeStamp(Path stamp, String fingerprint) {
    try {
      AtomicFiles.write(stamp, fingerprint.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // hashed again next run
    }
  }

  /**
   * Stores the stream under its expected hash.
   *
   * @throws HashMismatchException when the content does not hash to {@code sha256}; nothing is
   *     stored then
   */
  public Path store(InputStream in, String sha256, String filename) throws IOException {
    Path target = checkedPathFor(sha256, filename);
    Files.createDirectories(target.getParent());
    Path tmp = Files.createTempFile(target.getParent(), ".download-", ".part");
    try {
      MessageDigest digest = newDigest();
      try (InputStream din = new DigestInputStream(in, digest);
          OutputStream out = Files.newOutputStream(tmp)) {
        din.transferTo(out);
      }
      String actual = HexFormat.of().formatHex(digest.digest());
      if (!actual.equalsIgnoreCase(sha256)) {
        throw new HashMismatchException(filename, sha256, actual);
      }
      AtomicFiles.moveIntoPlace(tmp, target);
      // hashed while written: stamped as checked, so the next run need not read it again
      unracy(target);
      fingerprint(target).ifPresent(f -> writeStamp(stampFor(target), f));
      return target;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private Path checkedPathFor(String sha256, String filename) throws IOException {
    try {
      return pathFor(sha256, filename);
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage() + "; nothing was cached", e);
    }
  }

  public static String sha256(Path file) throws IOException {
    MessageDigest digest = newDigest();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /** The downloaded bytes do not have the hash the index (or {@code --hash}) promised. */
  public static final class HashMismatchException extends IOException {
    private static final long serialVersionUID = 1L;

    public HashMismatchException(String filename, String expected, String actual) {
      super(
          filename
              + ": sha256 mismatch: the index promised "
              + expected
              + " but the download hashes to "
              + actual
              + "; nothing was cached");
    }

    private HashMismatchException(String message) {
      super(message);
    }

    /**
     * The file's hash is not one the input allows.
     *
     * @param how {@code the index lists} or {@code the download hashes to}
     */
    public static HashMismatchException notAllowed(
        String filename, java.util.List<String> allowed, String actual, String how) {
      return new HashMismatchException(
          "hash mismatch: "
              + filename
              + ": expected sha256 "
              + String.join(" or ", allowed)
              + " but "
              + how
              + " "
              + actual
              + "; nothing was cached");
    }
  }
}
