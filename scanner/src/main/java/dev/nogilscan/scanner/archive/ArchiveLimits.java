package dev.nogilscan.scanner.archive;

/**
 * Bounds on what an archive may contain before it is refused as hostile.
 *
 * @param maxEntries entries in one archive
 * @param maxTotalBytes uncompressed bytes in one archive
 * @param maxRatio uncompressed / compressed size of one entry (decompression bombs)
 * @param maxMemberBytes bytes read into memory from one member (METADATA, RECORD, sources)
 */
public record ArchiveLimits(
    long maxEntries, long maxTotalBytes, long maxRatio, int maxMemberBytes) {
  public static final ArchiveLimits DEFAULT = new ArchiveLimits(100_000, 4L << 30, 1_000, 16 << 20);

  /** The four limits as one stable line, e.g. for a cache key. */
  public String settings() {
    return "max-entries="
        + maxEntries
        + " max-bytes="
        + maxTotalBytes
        + " max-ratio="
        + maxRatio
        + " max-member-bytes="
        + maxMemberBytes;
  }
}
