package io.zeo.cache.internal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Reads and writes segment headers and entry records inside a mapped segment. All numbers are
 * big-endian; offsets are relative to the segment start. The authoritative description with
 * the reasons is docs/cache-format.md.
 *
 * <pre>
 * segment header (32 bytes)        entry record (16-byte aligned)
 *  0  4 magic "ZSEG"                 0  4 data length n
 *  4  4 crc32c of bytes 8..16        4  4 crc32c of bytes 8..32 then the n data bytes
 *  8  8 generation (> 0)             8  8 generation (= the segment's)
 * 16 16 zero                        16  8 oid
 *                                   24  8 start tid
 *                                   32  8 end tid (mutable: 0 current, -1 deleted)
 *                                   40  4 crc32c of bytes 32..40 (mutable with the end)
 *                                   44  4 zero
 *                                   48  n data, then zero padding to a multiple of 16
 * </pre>
 *
 * <p>The end tid and its check sit in one 16-byte aligned block, so rewriting them in place
 * never straddles a disk sector; a torn rewrite fails the check and the entry is dropped.
 * Not thread-safe: callers hold the cache's lock (the CRC objects are reused).
 */
public final class EntryCodec {
  static final int SEGMENT_MAGIC = 0x5A534547; // "ZSEG"
  public static final int SEGMENT_HEADER_SIZE = 32;
  public static final int ENTRY_HEADER_SIZE = 48;
  static final int ALIGN = 16;
  /** End tid marking a record whose revision was dropped. */
  public static final long DELETED = -1L;

  private static final int OFF_CRC = 4;
  private static final int OFF_GEN = 8;
  private static final int OFF_OID = 16;
  private static final int OFF_START = 24;
  private static final int OFF_END = 32;
  private static final int OFF_END_CRC = 40;

  private final CRC32C crc = new CRC32C();
  private final byte[] head = new byte[ENTRY_HEADER_SIZE];
  private final ByteBuffer headBuf = ByteBuffer.wrap(head);

  /** Bytes an entry with {@code length} data bytes takes, padding included. */
  public static int entrySize(int length) {
    return (ENTRY_HEADER_SIZE + length + ALIGN - 1) & -ALIGN;
  }

  /** Writes a segment header naming its generation. */
  void writeSegmentHeader(ByteBuffer seg, long gen) {
    headBuf.putLong(0, gen);
    crc.reset();
    crc.update(head, 0, 8);
    seg.putLong(8, gen);
    seg.putLong(16, 0);
    seg.putLong(24, 0);
    seg.putInt(OFF_CRC, (int) crc.getValue());
    seg.putInt(0, SEGMENT_MAGIC);
  }

  /** The segment's generation, or 0 if its header is missing or damaged. */
  long readSegmentGen(ByteBuffer seg) {
    if (seg.getInt(0) != SEGMENT_MAGIC) {
      return 0;
    }
    long gen = seg.getLong(8);
    headBuf.putLong(0, gen);
    crc.reset();
    crc.update(head, 0, 8);
    return (int) crc.getValue() == seg.getInt(OFF_CRC) && gen > 0 ? gen : 0;
  }

  /** Writes a whole entry record at {@code off}. */
  void writeEntry(ByteBuffer seg, int off, long gen, long oid, long start, long end, byte[] data) {
    headBuf.putInt(0, data.length);
    headBuf.putLong(OFF_GEN, gen);
    headBuf.putLong(OFF_OID, oid);
    headBuf.putLong(OFF_START, start);
    headBuf.putLong(OFF_END, end);
    headBuf.putInt(OFF_END_CRC, endCheck(end));
    headBuf.putInt(44, 0);
    crc.reset();
    crc.update(head, OFF_GEN, OFF_END - OFF_GEN);
    crc.update(data, 0, data.length);
    headBuf.putInt(OFF_CRC, (int) crc.getValue());
    seg.put(off + ENTRY_HEADER_SIZE, data);
    seg.put(off, head);
  }

  /** Rewrites an entry's end tid in place. */
  void writeEnd(ByteBuffer seg, int off, long end) {
    seg.putLong(off + OFF_END, end);
    seg.putInt(off + OFF_END_CRC, endCheck(end));
  }

  private int endCheck(long end) {
    crc.reset();
    for (int shift = 56; shift >= 0; shift -= 8) {
      crc.update((int) (end >>> shift));
    }
    return (int) crc.getValue();
  }

  /**
   * Reads an entry's data if the record at {@code off} still holds exactly that revision and its
   * checksum matches; null otherwise (the caller drops the entry and counts a miss).
   */
  byte[] readData(ByteBuffer seg, int off, long oid, long start, int length) {
    seg.get(off, head);
    if (headBuf.getInt(0) != length || headBuf.getLong(OFF_OID) != oid || headBuf.getLong(OFF_START) != start) {
      return null;
    }
    byte[] data = new byte[length];
    seg.get(off + ENTRY_HEADER_SIZE, data);
    crc.reset();
    crc.update(head, OFF_GEN, OFF_END - OFF_GEN);
    crc.update(data, 0, length);
    return (int) crc.getValue() == headBuf.getInt(OFF_CRC) ? data : null;
  }

  /**
   * Parses the record at {@code off} during a scan. Returns null at the end of the segment's
   * valid records (no room for a header, bad length, another generation or a bad checksum: the
   * first torn or stale record ends the segment); otherwise an entry, whose end is
   * {@link #DELETED} if the record was dropped or its end fails its check.
   */
  Entry parse(ByteBuffer seg, int segment, int off, long gen) {
    int limit = seg.capacity();
    if (off + ENTRY_HEADER_SIZE > limit) {
      return null;
    }
    seg.get(off, head);
    int length = headBuf.getInt(0);
    if (length < 0 || length > limit - off - ENTRY_HEADER_SIZE || headBuf.getLong(OFF_GEN) != gen) {
      return null;
    }
    crc.reset();
    crc.update(head, OFF_GEN, OFF_END - OFF_GEN);
    crc.update(seg.slice(off + ENTRY_HEADER_SIZE, length));
    if ((int) crc.getValue() != headBuf.getInt(OFF_CRC)) {
      return null;
    }
    long end = headBuf.getLong(OFF_END);
    if (endCheck(end) != headBuf.getInt(OFF_END_CRC)) {
      end = DELETED;
    }
    return new Entry(headBuf.getLong(OFF_OID), headBuf.getLong(OFF_START), end, length, segment, off);
  }
}
