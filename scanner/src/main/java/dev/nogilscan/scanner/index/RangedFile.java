package dev.nogilscan.scanner.index;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.util.Map;
import java.util.TreeMap;

/**
 * A remote file read by HTTP range requests, for a zip reader that needs only its end (the central
 * directory) and one member: the {@code METADATA} of a wheel the index offers no PEP 658 file for,
 * read with a few small requests instead of downloading the whole wheel. Reads are fetched in
 * blocks and kept; a reader that wants more than {@code maxBytes} in all gets an {@link
 * IOException} (the caller then downloads the file instead). Not thread safe; read-only.
 */
final class RangedFile implements SeekableByteChannel {
  /** Fetches bytes {@code start..endInclusive} of the file, exactly those. */
  interface Fetcher {
    byte[] fetch(long start, long endInclusive) throws IOException;
  }

  static final int BLOCK = 64 << 10;

  private final long size;
  private final Fetcher fetcher;
  private final long maxBytes;
  private final TreeMap<Long, byte[]> blocks = new TreeMap<>();
  private long fetched;
  private long position;
  private boolean open = true;

  /**
   * @param size the file's length
   * @param tailStart where {@code tail} starts (the first response's range)
   * @param tail bytes already fetched, up to the end of the file
   */
  RangedFile(long size, long tailStart, byte[] tail, Fetcher fetcher, long maxBytes) {
    this.size = size;
    this.fetcher = fetcher;
    this.maxBytes = maxBytes;
    if (tail.length > 0) {
      blocks.put(tailStart, tail);
      fetched = tail.length;
    }
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    if (!open) {
      throw new ClosedChannelException();
    }
    if (position >= size) {
      return -1;
    }
    if (!dst.hasRemaining()) {
      return 0;
    }
    Map.Entry<Long, byte[]> block = blocks.floorEntry(position);
    if (block == null || block.getKey() + block.getValue().length <= position) {
      long start = position;
      Map.Entry<Long, byte[]> next = blocks.higherEntry(position);
      long end = Math.min(size, start + Math.max(BLOCK, dst.remaining())) - 1;
      if (next != null) {
        end = Math.min(end, next.getKey() - 1); // never fetch twice what is kept
      }
      long want = end - start + 1;
      if (fetched + want > maxBytes) {
        throw new IOException(
            "reading the metadata would take more than " + maxBytes + " bytes of range requests");
      }
      byte[] bytes = fetcher.fetch(start, end);
      if (bytes.length != want) {
        throw new IOException(
            "asked for bytes " + start + "-" + end + " but got " + bytes.length + " bytes");
      }
      fetched += want;
      blocks.put(start, bytes);
      block = blocks.floorEntry(position);
    }
    int offset = (int) (position - block.getKey());
    int n = Math.min(dst.remaining(), block.getValue().length - offset);
    dst.put(block.getValue(), offset, n);
    position += n;
    return n;
  }

  @Override
  public int write(ByteBuffer src) {
    throw new NonWritableChannelException();
  }

  @Override
  public long position() {
    return position;
  }

  @Override
  public SeekableByteChannel position(long newPosition) {
    if (newPosition < 0) {
      throw new IllegalArgumentException("negative position " + newPosition);
    }
    position = newPosition;
    return this;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public SeekableByteChannel truncate(long newSize) {
    throw new NonWritableChannelException();
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() {
    open = false;
    blocks.clear();
  }
}
