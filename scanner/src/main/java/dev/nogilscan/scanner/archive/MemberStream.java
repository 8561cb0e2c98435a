package dev.nogilscan.scanner.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;

/**
 * Reads one archive member through a fixed buffer, never more than its header declares: a member
 * whose data inflates past its declared size (a lying header, the classic bomb) is refused as soon
 * as the extra byte appears, whatever the central directory claimed.
 */
final class MemberStream {
  static final int BUFFER = 64 * 1024;

  private MemberStream() {}

  /**
   * Streams {@code in} into {@code digest} and {@code out} (either may be null).
   *
   * @param declared the size the header gives, or -1 when unknown
   * @param budget bytes this member may still add to the archive's total
   * @param limit the archive's total limit, for the message
   * @return the number of bytes read
   * @throws ArchiveException when the member is larger than declared or than the budget
   */
  static long copy(
      InputStream in,
      long declared,
      long budget,
      long limit,
      MessageDigest digest,
      OutputStream out,
      String archive,
      String name)
      throws IOException, ArchiveException {
    // small members get a small buffer: one byte over the declared size is enough to catch a lie
    byte[] buffer = new byte[(int) (declared >= 0 && declared < BUFFER ? declared + 1 : BUFFER)];
    long total = 0;
    int n;
    while ((n = in.read(buffer)) > 0) {
      total += n;
      if (declared >= 0 && total > declared) {
        throw new ArchiveException(
            archive
                + ": entry '"
                + EntryNames.printable(name)
                + "' holds more than the "
                + declared
                + " bytes its header declares");
      }
      if (total > budget) {
        throw new ArchiveException(archive + ": more than " + limit + " bytes uncompressed");
      }
      if (digest != null) {
        digest.update(buffer, 0, n);
      }
      if (out != null) {
        out.write(buffer, 0, n);
      }
    }
    return total;
  }
}
