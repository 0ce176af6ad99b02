package io.zeo.cache.internal;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * The index saved at a clean close, so reopening costs a sequential read instead of a scan.
 * It is used only when its stamp equals the cache file's clean-close stamp and its checksum
 * holds; anything else means "scan". Format (big-endian, see docs/cache-format.md):
 *
 * <pre>
 *  0  8 magic "ZCINDEX1"        24  4 active segment
 *  8  4 version 1               28  4 write position in it
 * 12  4 segment count N         32  8 entry count E
 * 16  8 stamp                   40  N x 8 segment generations
 * then E x 37 bytes: oid 8, start 8, end 8, length 4, segment 4, offset 4, flags 1 (bit 0: referenced)
 * then crc32c (4) of every byte before it
 * </pre>
 */
public final class IndexFile {
  static final long MAGIC = 0x5A43494E44455831L; // "ZCINDEX1"
  static final int VERSION = 1;
  static final int ENTRY_BYTES = 37;
  private static final int FIXED = 40;

  private IndexFile() {}

  /** Writes the index atomically: a temporary file, forced, then renamed over the old one. */
  public static void save(Path path, CacheStore store, long stamp) throws IOException {
    Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
    long[] gens = store.gens();
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      CRC32C crc = new CRC32C();
      OutputStream raw = Channels.newOutputStream(ch);
      DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new CheckedOutputStream(raw, crc), 1 << 16));
      out.writeLong(MAGIC);
      out.writeInt(VERSION);
      out.writeInt(gens.length);
      out.writeLong(stamp);
      out.writeInt(store.active());
      out.writeInt(store.writePos());
      out.writeLong(store.liveEntries());
      for (long g : gens) {
        out.writeLong(g);
      }
      IOException[] failure = new IOException[1];
      store.forEach(e -> {
        try {
          out.writeLong(e.oid);
          out.writeLong(e.start);
          out.writeLong(e.end);
          out.writeInt(e.length);
          out.writeInt(e.segment);
          out.writeInt(e.offset);
          out.writeByte(e.referenced ? 1 : 0);
        } catch (IOException ex) {
          failure[0] = ex;
        }
      });
      if (failure[0] != null) {
        throw failure[0];
      }
      out.flush();
      int sum = (int) crc.getValue();
      out.writeInt(sum);
      out.flush();
      ch.force(true);
    }
    Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Loads a saved index into an empty store, or explains why it cannot be used (the caller then
   * scans). Every field is checked against the layout before use: a damaged index never
   * points the cache at the wrong bytes (and each read verifies its record's checksum anyway).
   *
   * @return null on success, else the reason the index was not used
   */
  public static String load(Path path, long stamp, CacheFile file, CacheStore store) throws IOException {
    if (stamp == 0) {
      return "the cache was not closed cleanly";
    }
    if (!Files.exists(path)) {
      return "no index file " + path;
    }
    Layout layout = file.layout();
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = ch.size();
      int n = layout.segmentCount();
      long headerBytes = FIXED + 8L * n;
      if (size < headerBytes + 4 || size > Integer.MAX_VALUE) {
        return "index length " + size + " is not plausible";
      }
      MappedByteBuffer buf = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
      CRC32C crc = new CRC32C();
      crc.update(buf.slice(0, (int) size - 4));
      if ((int) crc.getValue() != buf.getInt((int) size - 4)) {
        return String.format("index crc 0x%08x != computed 0x%08x", buf.getInt((int) size - 4), (int) crc.getValue());
      }
      if (buf.getLong(0) != MAGIC || buf.getInt(8) != VERSION || buf.getInt(12) != n) {
        return "index header does not match (version " + buf.getInt(8) + ", " + buf.getInt(12) + " segments)";
      }
      if (buf.getLong(16) != stamp) {
        return "index is stale (stamp " + Long.toHexString(buf.getLong(16)) + " != " + Long.toHexString(stamp) + ")";
      }
      int active = buf.getInt(24);
      int writePos = buf.getInt(28);
      long count = buf.getLong(32);
      if (active < 0 || active >= n || writePos < EntryCodec.SEGMENT_HEADER_SIZE || writePos > layout.segmentSize()
          || count < 0 || headerBytes + count * ENTRY_BYTES + 4 != size) {
        return "index fields out of range (active " + active + ", position " + writePos + ", " + count + " entries)";
      }
      long[] gens = new long[n];
      for (int s = 0; s < n; s++) {
        gens[s] = buf.getLong(FIXED + 8 * s);
        if (gens[s] < 0 || gens[s] > file.maxGen()
            || (gens[s] != 0 && store.codec().readSegmentGen(file.segment(s)) != gens[s])) {
          return "segment " + s + " generation " + gens[s] + " does not match the file";
        }
      }
      List<Entry> entries = new ArrayList<>((int) Math.min(count, 1 << 24));
      int pos = (int) headerBytes;
      for (long i = 0; i < count; i++, pos += ENTRY_BYTES) {
        Entry e = new Entry(buf.getLong(pos), buf.getLong(pos + 8), buf.getLong(pos + 16), buf.getInt(pos + 24),
            buf.getInt(pos + 28), buf.getInt(pos + 32));
        if (e.length < 0 || e.segment < 0 || e.segment >= n || e.offset < EntryCodec.SEGMENT_HEADER_SIZE
            || (long) e.offset + e.size() > layout.segmentSize() || gens[e.segment] == 0
            || e.end == EntryCodec.DELETED) {
          return "index entry " + i + " out of range (segment " + e.segment + ", offset " + e.offset + ")";
        }
        e.referenced = (buf.get(pos + 36) & 1) != 0;
        entries.add(e);
      }
      store.reserve(count);
      for (Entry e : entries) {
        store.adopt(e);
      }
      store.restoreRing(gens, active, writePos);
      return null;
    }
  }
}
