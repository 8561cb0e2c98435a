package dev.nogilscan.scanner.archive;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parsed {@code RECORD} of a wheel: for each path, its hash ({@code sha256=<urlsafe base64>})
 * and size as the wheel's builder wrote them. CSV as Python's {@code csv} module writes it (fields
 * with commas or quotes are quoted, quotes doubled).
 */
final class WheelRecord {
  /** One row: the hash algorithm and digest (empty when not given) and the size (-1 when not). */
  record Row(String path, String algorithm, byte[] digest, long size) {
    boolean hashed() {
      return !algorithm.isEmpty();
    }
  }

  private final Map<String, Row> rows;

  private WheelRecord(Map<String, Row> rows) {
    this.rows = rows;
  }

  Map<String, Row> rows() {
    return rows;
  }

  Optional<Row> row(String path) {
    return Optional.ofNullable(rows.get(path));
  }

  /** True for RECORD itself and its signatures, which RECORD cannot hash. */
  static boolean isRecordFile(String path) {
    return path.matches("[^/]+\\.dist-info/RECORD(?:\\.jws|\\.p7s)?");
  }

  /**
   * @throws ArchiveException when a line is not CSV or a hash is not {@code algo=base64}
   */
  static WheelRecord parse(String archive, String text) throws ArchiveException {
    Map<String, Row> rows = new LinkedHashMap<>();
    int number = 0;
    for (String line : text.split("\r?\n")) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      List<String> fields = csv(archive, line, number);
      String path = fields.get(0);
      if (path.startsWith("./")) {
        path = path.substring(2);
      }
      String hash = fields.size() > 1 ? fields.get(1) : "";
      String size = fields.size() > 2 ? fields.get(2) : "";
      String algorithm = "";
      byte[] digest = new byte[0];
      if (!hash.isEmpty()) {
        int eq = hash.indexOf('=');
        if (eq <= 0) {
          throw new ArchiveException(
              archive
                  + ": RECORD line "
                  + number
                  + ": expected a hash 'algo=digest', got '"
                  + EntryNames.printable(hash)
                  + "'");
        }
        algorithm = hash.substring(0, eq);
        try {
          digest = Base64.getUrlDecoder().decode(hash.substring(eq + 1).replace("=", ""));
        } catch (IllegalArgumentException e) {
          throw new ArchiveException(
              archive + ": RECORD line " + number + ": the digest is not urlsafe base64", e);
        }
      }
      long bytes = -1;
      if (!size.isEmpty()) {
        try {
          bytes = Long.parseLong(size.strip());
        } catch (NumberFormatException e) {
          throw new ArchiveException(
              archive
                  + ": RECORD line "
                  + number
                  + ": expected a size in bytes, got '"
                  + EntryNames.printable(size)
                  + "'",
              e);
        }
      }
      rows.put(path, new Row(path, algorithm, digest, bytes));
    }
    return new WheelRecord(rows);
  }

  /** The digest of an algorithm RECORD may name, or empty when it is not one a wheel may use. */
  static Optional<MessageDigest> digest(String algorithm) {
    String java =
        switch (algorithm) {
          case "sha256" -> "SHA-256";
          case "sha384" -> "SHA-384";
          case "sha512" -> "SHA-512";
          case "sha3_256" -> "SHA3-256";
          case "sha3_512" -> "SHA3-512";
          case "blake2b" -> null; // not in the JDK; reported as unsupported
          default -> null; // md5, sha1: too weak for a wheel (PEP 427)
        };
    if (java == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(MessageDigest.getInstance(java));
    } catch (NoSuchAlgorithmException e) {
      return Optional.empty();
    }
  }

  private static List<String> csv(String archive, String line, int number) throws ArchiveException {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    int i = 0;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          field.append(c);
        }
      } else if (c == '"' && field.length() == 0) {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
      i++;
    }
    if (quoted) {
      throw new ArchiveException(
          archive + ": RECORD line " + number + ": a quoted field is not closed");
    }
    fields.add(field.toString());
    return fields;
  }
}
