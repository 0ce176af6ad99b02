package io.zeo.cache.internal;

import java.io.Closeable;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/**
 * The cache file: its header and one memory mapping per segment. Memory mapping makes a hit a
 * copy out of the page cache with no system call, and writes reach the page cache at once, so
 * they survive the death of the process (kill -9) without a force.
 *
 * <p>Header (big-endian; details in docs/cache-format.md): magic {@code ZEOCACHE}, format
 * version, layout, owner and a checksum over them at {@value #FIXED_CRC}; then two mutable
 * fields, each followed by its own crc32c: the last tid and the clean-close stamp. Not
 * thread-safe: the cache's lock guards every call.
 */
public final class CacheFile implements Closeable {
  static final long MAGIC = 0x5A454F4341434845L; // "ZEOCACHE"
  /** Version 1: the first format. */
  static final int VERSION = 1;
  static final int MAX_OWNER_BYTES = 1024;
  static final int OWNER_OFFSET = 34;
  static final int FIXED_CRC = 2048;
  static final int LAST_TID = 2056;
  static final int CLEAN_STAMP = 2072;
  static final int MAX_GEN = 2088;
  /**
   * Each mutable field has a shadow copy this far after it, written (value and crc) before the
   * field itself: a process killed while rewriting the field leaves a complete shadow, so the
   * file is repaired instead of dropped.
   */
  static final int SHADOW = 48;

  private final Path path;
  private final FileChannel channel;
  private final Layout layout;
  private final MappedByteBuffer header;
  private final MappedByteBuffer[] segments;

  private CacheFile(Path path, FileChannel channel, Layout layout) throws IOException {
    this.path = path;
    this.channel = channel;
    this.layout = layout;
    this.header = channel.map(FileChannel.MapMode.READ_WRITE, 0, Layout.HEADER_SIZE);
    this.segments = new MappedByteBuffer[layout.segmentCount()];
    for (int s = 0; s < segments.length; s++) {
      segments[s] = channel.map(FileChannel.MapMode.READ_WRITE, layout.segmentOffset(s), layout.segmentSize());
    }
  }

  /** Creates (or truncates) a file for an empty cache; last tid none, not clean. */
  public static CacheFile create(Path path, Layout layout, String owner) throws IOException {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    try {
      ch.truncate(0);
      // Sparse: the size bound holds from the first byte; blocks are allocated as entries land.
      ch.write(ByteBuffer.wrap(new byte[1]), layout.fileLength() - 1);
      CacheFile f = new CacheFile(path, ch, layout);
      byte[] ownerBytes = ownerBytes(owner);
      ByteBuffer h = f.header;
      h.putLong(0, MAGIC);
      h.putInt(8, VERSION);
      h.putInt(12, layout.segmentCount());
      h.putInt(16, layout.segmentSize());
      h.putLong(24, System.currentTimeMillis());
      h.putShort(32, (short) ownerBytes.length);
      h.put(OWNER_OFFSET, ownerBytes);
      h.putInt(FIXED_CRC, crc(h, 0, OWNER_OFFSET + ownerBytes.length));
      f.writeLastTid(0);
      f.writeCleanStamp(0);
      f.writeMaxGen(0);
      f.header.force();
      return f;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /**
   * Opens an existing file after checking that it can be trusted.
   *
   * @throws UntrustedCacheException naming what is wrong; the caller drops the file
   */
  public static CacheFile openExisting(Path path, Layout layout, String owner)
      throws IOException, UntrustedCacheException {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      if (ch.size() != layout.fileLength()) {
        throw new UntrustedCacheException("file length " + ch.size() + " != " + layout.fileLength()
            + " expected for the configured size");
      }
      ByteBuffer h = ch.map(FileChannel.MapMode.READ_ONLY, 0, Layout.HEADER_SIZE);
      if (h.getLong(0) != MAGIC) {
        throw new UntrustedCacheException(String.format("bad magic 0x%016x (expected 0x%016x)", h.getLong(0), MAGIC));
      }
      if (h.getInt(8) != VERSION) {
        throw new UntrustedCacheException("unknown format version " + h.getInt(8) + " (expected " + VERSION + ")");
      }
      int ownerLength = h.getShort(32) & 0xFFFF;
      if (ownerLength > MAX_OWNER_BYTES) {
        throw new UntrustedCacheException("owner length " + ownerLength + " exceeds " + MAX_OWNER_BYTES);
      }
      int stored = h.getInt(FIXED_CRC);
      int computed = crc(h, 0, OWNER_OFFSET + ownerLength);
      if (stored != computed) {
        throw new UntrustedCacheException(String.format("header crc 0x%08x != computed 0x%08x", stored, computed));
      }
      if (h.getInt(12) != layout.segmentCount() || h.getInt(16) != layout.segmentSize()) {
        throw new UntrustedCacheException("layout " + h.getInt(12) + " x " + h.getInt(16) + " bytes != "
            + layout.segmentCount() + " x " + layout.segmentSize() + " for the configured size");
      }
      byte[] storedOwner = new byte[ownerLength];
      h.get(OWNER_OFFSET, storedOwner);
      if (!java.util.Arrays.equals(storedOwner, ownerBytes(owner))) {
        throw new UntrustedCacheException("it belongs to \"" + new String(storedOwner, StandardCharsets.UTF_8)
            + "\", not \"" + owner + "\"");
      }
      CacheFile f = new CacheFile(path, ch, layout);
      if (!f.checkedOrRepaired(LAST_TID) || !f.checkedOrRepaired(MAX_GEN)) {
        throw new UntrustedCacheException("damaged last tid or generation counter");
      }
      return f;
    } catch (IOException | RuntimeException | UntrustedCacheException e) {
      ch.close();
      throw e;
    }
  }

  private static byte[] ownerBytes(String owner) {
    byte[] b = owner.getBytes(StandardCharsets.UTF_8);
    if (b.length <= MAX_OWNER_BYTES) {
      return b;
    }
    try {
      // Long owner strings (many server addresses) are kept as a digest: identity is what matters.
      return ("sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b)))
          .getBytes(StandardCharsets.US_ASCII);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int crc(ByteBuffer buf, int from, int to) {
    CRC32C c = new CRC32C();
    c.update(buf.slice(from, to - from));
    return (int) c.getValue();
  }

  private boolean checked(int off) {
    return crc(header, off, off + 8) == header.getInt(off + 8);
  }

  /** True if the field at {@code off} is intact, or was torn and restored from its complete shadow. */
  private boolean checkedOrRepaired(int off) {
    if (checked(off)) {
      return true;
    }
    if (!checked(off + SHADOW)) {
      return false;
    }
    put(off, header.getLong(off + SHADOW));
    return true;
  }

  private void writeChecked(int off, long value) {
    put(off + SHADOW, value);
    put(off, value);
  }

  private void put(int off, long value) {
    header.putLong(off, value);
    header.putInt(off + 8, crc(header, off, off + 8));
  }

  public Path path() {
    return path;
  }

  public Layout layout() {
    return layout;
  }

  public long lastTid() {
    return header.getLong(LAST_TID);
  }

  public void writeLastTid(long tid) {
    writeChecked(LAST_TID, tid);
  }

  /** The stamp written at a clean close (matching the saved index), 0 while open or after a crash. */
  public long cleanStamp() {
    return checked(CLEAN_STAMP) ? header.getLong(CLEAN_STAMP) : 0;
  }

  public void writeCleanStamp(long stamp) {
    writeChecked(CLEAN_STAMP, stamp);
  }

  /**
   * The highest segment generation ever handed out. Written before a segment header uses a new
   * generation, so no record left over from a damaged segment can share a later generation.
   */
  public long maxGen() {
    return header.getLong(MAX_GEN);
  }

  public void writeMaxGen(long gen) {
    writeChecked(MAX_GEN, gen);
  }

  /** Pushes the header to disk (used when the file turns from clean to open). */
  public void forceHeader() {
    header.force();
  }

  public MappedByteBuffer segment(int s) {
    return segments[s];
  }

  /**
   * Pushes everything to disk. One fsync of the file: on Linux it writes back pages dirtied
   * through the mappings too, where a force per mapping would cost a sync per segment.
   */
  public void force() throws IOException {
    channel.force(true);
  }

  @Override
  public void close() throws IOException {
    channel.close();
    // Unmap now rather than at some GC: a dropped or temporary file's space comes back at once.
    // Callers never touch the buffers after close (the cache checks its closed flag under its lock).
    unmap(header);
    for (MappedByteBuffer seg : segments) {
      unmap(seg);
    }
  }

  private static void unmap(MappedByteBuffer buf) {
    if (Unmapper.UNSAFE == null) {
      return; // not available here: the mapping goes when the buffer is collected
    }
    try {
      Unmapper.CLEAN.invoke(Unmapper.UNSAFE, buf);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // as above
    }
  }

  /** sun.misc.Unsafe.invokeCleaner, looked up once. */
  private static final class Unmapper {
    static final Object UNSAFE;
    static final Method CLEAN;

    static {
      Object unsafe = null;
      Method clean = null;
      try {
        Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
        var field = unsafeClass.getDeclaredField("theUnsafe");
        field.setAccessible(true);
        clean = unsafeClass.getMethod("invokeCleaner", ByteBuffer.class);
        unsafe = field.get(null);
      } catch (ReflectiveOperationException | RuntimeException e) {
        clean = null;
      }
      UNSAFE = clean == null ? null : unsafe;
      CLEAN = clean;
    }
  }
}
