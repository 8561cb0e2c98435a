package dev.nogilscan.scanner.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Downloaded distributions, stored by their sha256: {@code archives/sha256/ab/abcdef…/NAME}. Files
 * are written to a temporary name, hashed while written, and moved into place only when the hash
 * matches, so a crash or a wrong hash never leaves a file a later run would trust. Thread safe (two
 * writers of one hash both produce the same bytes; the move is atomic).
 */
public final class ArchiveCache {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
  private final Path root;

  public ArchiveCache(Path root) {
    this.root = root;
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

  /** The cached file, if present and its content still has the expected hash. */
  public Optional<Path> find(String sha256, String filename) throws IOException {
    Path path = checkedPathFor(sha256, filename);
    if (!Files.isRegularFile(path)) {
      return Optional.empty();
    }
    if (!sha256(path).equalsIgnoreCase(sha256)) {
      Files.deleteIfExists(path); // corrupted on disk: never trust it
      return Optional.empty();
    }
    return Optional.of(path);
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
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
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
