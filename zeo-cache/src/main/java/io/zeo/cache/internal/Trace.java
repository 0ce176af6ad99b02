package io.zeo.cache.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The compact binary trace of cache operations ({@code <cache>.trace}): what a user needs to
 * see hit rates and to simulate other cache sizes. Big-endian.
 *
 * <pre>
 * header (24 bytes): magic "ZCTRACE1" (8), cache size in bytes (8), start time, epoch ms (8)
 * record (25 bytes): op (1), ms since start (4, unsigned), oid (8), tid (8), size in bytes (4)
 * </pre>
 *
 * <p>Ops and the meaning of tid and size: see the constants. A record cut short at the end of
 * the file (the process died mid-write) is ignored by the reader.
 */
public final class Trace {
  static final long MAGIC = 0x5A43545241434531L; // "ZCTRACE1"
  public static final int RECORD_BYTES = 25;

  /** load hit: tid = serial, size = data length. */
  public static final int LOAD_HIT = 1;
  /** load miss: tid 0, size 0. */
  public static final int LOAD_MISS = 2;
  /** loadBefore hit: tid = the asked tid, size = data length. */
  public static final int LOAD_BEFORE_HIT = 3;
  /** loadBefore miss: tid = the asked tid. */
  public static final int LOAD_BEFORE_MISS = 4;
  /** store of a current revision: tid = start, size = data length. */
  public static final int STORE = 5;
  /** store of a non-current revision: tid = start, size = data length. */
  public static final int STORE_OLD = 6;
  /** invalidate: tid = the invalidating transaction. */
  public static final int INVALIDATE = 7;
  /** clear: everything dropped. */
  public static final int CLEAR = 8;

  private Trace() {}

  /** One trace record. */
  public record Record(int op, long millis, long oid, long tid, int size) {}

  /** Appends records; not thread-safe (the cache's lock guards it). */
  public static final class Writer implements Closeable {
    private final DataOutputStream out;
    private final long startMillis;

    public Writer(Path path, long cacheSize) throws IOException {
      out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(path), 1 << 16));
      startMillis = System.currentTimeMillis();
      out.writeLong(MAGIC);
      out.writeLong(cacheSize);
      out.writeLong(startMillis);
    }

    public void record(int op, long oid, long tid, int size) throws IOException {
      out.writeByte(op);
      out.writeInt((int) (System.currentTimeMillis() - startMillis));
      out.writeLong(oid);
      out.writeLong(tid);
      out.writeInt(size);
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }

  /** Reads a trace written by {@link Writer}. */
  public static final class Reader implements Closeable {
    private final DataInputStream in;
    private final long cacheSize;
    private final long startMillis;

    public Reader(Path path) throws IOException {
      in = new DataInputStream(new BufferedInputStream(Files.newInputStream(path), 1 << 16));
      try {
        long magic = in.readLong();
        if (magic != MAGIC) {
          throw new IOException(String.format("%s is not a cache trace: magic 0x%016x, expected 0x%016x",
              path, magic, MAGIC));
        }
        cacheSize = in.readLong();
        startMillis = in.readLong();
      } catch (IOException e) {
        in.close();
        throw e instanceof EOFException ? new IOException(path + " is too short to be a cache trace", e) : e;
      }
    }

    public long cacheSize() {
      return cacheSize;
    }

    public long startMillis() {
      return startMillis;
    }

    /** The next record, or null at the end (a record cut short counts as the end). */
    public Record next() throws IOException {
      byte[] b = new byte[RECORD_BYTES];
      int n = in.readNBytes(b, 0, RECORD_BYTES);
      if (n < RECORD_BYTES) {
        return null;
      }
      var buf = java.nio.ByteBuffer.wrap(b);
      int op = buf.get() & 0xFF;
      if (op < LOAD_HIT || op > CLEAR) {
        throw new IOException("unknown trace op " + op + " (expected " + LOAD_HIT + " to " + CLEAR + ")");
      }
      return new Record(op, buf.getInt() & 0xFFFF_FFFFL, buf.getLong(), buf.getLong(), buf.getInt());
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
