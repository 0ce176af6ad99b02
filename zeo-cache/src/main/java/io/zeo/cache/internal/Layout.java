package io.zeo.cache.internal;

/**
 * How a cache file of a given size is cut: a {@value #HEADER_SIZE}-byte file header followed by
 * {@code segmentCount} segments of {@code segmentSize} bytes each. The file never exceeds the
 * configured size because it is created at exactly {@link #fileLength()} bytes and never
 * extended. See docs/cache-format.md.
 *
 * @param segmentCount number of segments, at least {@value #MIN_SEGMENTS}
 * @param segmentSize bytes per segment, a multiple of 4096
 */
public record Layout(int segmentCount, int segmentSize) {
  /** Bytes of the file header. */
  public static final int HEADER_SIZE = 4096;
  /** Segments a cache aims for: small enough to evict in steps, many enough to approximate LRU. */
  static final int TARGET_SEGMENTS = 64;
  static final int MIN_SEGMENTS = 2;
  static final int MIN_SEGMENT_SIZE = 16 * 1024;
  static final int MAX_SEGMENT_SIZE = 1 << 30;

  public Layout {
    if (segmentCount < MIN_SEGMENTS || segmentSize < MIN_SEGMENT_SIZE || segmentSize > MAX_SEGMENT_SIZE
        || segmentSize % 4096 != 0) {
      throw new IllegalArgumentException("bad cache layout: " + segmentCount + " segments of " + segmentSize
          + " bytes (expected at least " + MIN_SEGMENTS + " segments of " + MIN_SEGMENT_SIZE + " to "
          + MAX_SEGMENT_SIZE + " bytes, a multiple of 4096)");
    }
  }

  /** The smallest size a file cache accepts. */
  public static long minimumSize() {
    return HEADER_SIZE + (long) MIN_SEGMENTS * MIN_SEGMENT_SIZE;
  }

  /**
   * The layout for a cache of at most {@code maxBytes}.
   *
   * @throws IllegalArgumentException if {@code maxBytes} is below {@link #minimumSize()}
   */
  public static Layout forSize(long maxBytes) {
    if (maxBytes < minimumSize()) {
      throw new IllegalArgumentException("cache size " + maxBytes + " is below the minimum of " + minimumSize()
          + " bytes for a file cache");
    }
    long body = maxBytes - HEADER_SIZE;
    long size = body / TARGET_SEGMENTS / 4096 * 4096;
    size = Math.max(MIN_SEGMENT_SIZE, Math.min(MAX_SEGMENT_SIZE, size));
    long count = body / size;
    return new Layout((int) Math.min(Integer.MAX_VALUE, count), (int) size);
  }

  /** The length the file has, never more than the size it was made for. */
  public long fileLength() {
    return HEADER_SIZE + (long) segmentCount * segmentSize;
  }

  /** Where segment {@code s} starts in the file. */
  public long segmentOffset(int s) {
    return HEADER_SIZE + (long) s * segmentSize;
  }

  /** The largest entry (header, data and padding) one segment holds. */
  public int maxEntrySize() {
    return segmentSize - EntryCodec.SEGMENT_HEADER_SIZE;
  }
}
