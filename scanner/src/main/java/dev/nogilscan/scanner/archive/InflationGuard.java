package dev.nogilscan.scanner.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongSupplier;

/**
 * Counts the bytes a decompressor produces and stops it as soon as they exceed the archive's total
 * limit or its ratio limit against the compressed bytes consumed so far: a decompression bomb is
 * refused after at most a limit's worth of work, including data the archive reader skips or reads
 * for its own headers.
 */
final class InflationGuard extends FilterInputStream {
  /** A limit reached inside a stream; unwrapped into its {@link ArchiveException}. */
  static final class Refused extends IOException {
    private static final long serialVersionUID = 1L;

    Refused(ArchiveException cause) {
      super(cause.getMessage(), cause);
    }

    ArchiveException archiveException() {
      return (ArchiveException) getCause();
    }
  }

  private static final long RATIO_FLOOR = 1 << 20;
  private final LongSupplier compressed;
  private final ArchiveLimits limits;
  private final String archive;
  private long produced;

  InflationGuard(InputStream in, LongSupplier compressed, ArchiveLimits limits, String archive) {
    super(in);
    this.compressed = compressed;
    this.limits = limits;
    this.archive = archive;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      count(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // skipping must decompress too: read, so that every produced byte is counted
    byte[] buffer = new byte[(int) Math.min(MemberStream.BUFFER, Math.max(1, n))];
    long skipped = 0;
    while (skipped < n) {
      int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  private void count(int n) throws Refused {
    produced += n;
    if (produced > limits.maxTotalBytes()) {
      throw new Refused(
          new ArchiveException(
              archive + ": more than " + limits.maxTotalBytes() + " bytes uncompressed"));
    }
    long in = Math.max(1, compressed.getAsLong());
    if (produced > RATIO_FLOOR && produced / in > limits.maxRatio()) {
      throw new Refused(
          new ArchiveException(
              archive
                  + ": decompresses "
                  + (produced / in)
                  + ":1 (over the limit of "
                  + limits.maxRatio()
                  + ":1), a likely decompression bomb"));
    }
  }
}
