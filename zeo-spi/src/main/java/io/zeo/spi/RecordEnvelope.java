package io.zeo.spi;

import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * The header at the start of an object record that lists the oids the record refers to, so the
 * server and pack find references without deserializing application classes.
 *
 * <pre>
 * offset size  field
 * 0      4     magic 0x5A 0x45 0x52 0x01 ("ZER" + envelope version 1)
 * 4      4     n, the number of references, big-endian, 0 &lt;= n
 * 8      8*n   the referenced oids, big-endian
 * 8+8n   ...   the payload (opaque to storages)
 * </pre>
 *
 * <p>A record that does not start with the magic, or whose declared count does not fit in the
 * record, has no references as far as {@link #REFERENCES} is concerned. Records written through
 * the object layer always carry the envelope.
 */
public final class RecordEnvelope {
  /** The four magic bytes, the last being the version. */
  public static final byte[] MAGIC = {0x5A, 0x45, 0x52, 0x01};
  /** Bytes before the oid list. */
  public static final int HEADER_SIZE = 8;

  /** Reads the envelope's references; records without an envelope have none. */
  public static final ReferenceFinder REFERENCES = RecordEnvelope::references;

  private RecordEnvelope() {}

  /** Wraps a payload in an envelope naming {@code references}. */
  public static byte[] wrap(long[] references, byte[] payload) {
    byte[] out = new byte[HEADER_SIZE + 8 * references.length + payload.length];
    System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
    putInt(out, 4, references.length);
    int at = HEADER_SIZE;
    for (long oid : references) {
      putLong(out, at, oid);
      at += 8;
    }
    System.arraycopy(payload, 0, out, at, payload.length);
    return out;
  }

  /** True if {@code data} starts with a well-formed envelope. */
  public static boolean hasEnvelope(byte[] data) {
    return referenceCount(data) >= 0;
  }

  /** The oids the envelope names, or an empty array if there is no envelope. */
  public static long[] referencesOf(byte[] data) {
    int n = referenceCount(data);
    if (n <= 0) {
      return new long[0];
    }
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = getLong(data, HEADER_SIZE + 8 * i);
    }
    return out;
  }

  /** The bytes after the envelope (all of {@code data} if there is none). */
  public static byte[] payloadOf(byte[] data) {
    int n = referenceCount(data);
    if (n < 0) {
      return data;
    }
    return Arrays.copyOfRange(data, HEADER_SIZE + 8 * n, data.length);
  }

  /** Offset of the payload in {@code data}: 0 without an envelope. */
  public static int payloadOffset(byte[] data) {
    int n = referenceCount(data);
    return n < 0 ? 0 : HEADER_SIZE + 8 * n;
  }

  private static void references(byte[] data, LongConsumer out) {
    int n = referenceCount(data);
    for (int i = 0; i < n; i++) {
      out.accept(getLong(data, HEADER_SIZE + 8 * i));
    }
  }

  /** The declared count, or -1 if the record has no (well-formed) envelope. */
  private static int referenceCount(byte[] data) {
    if (data == null || data.length < HEADER_SIZE) {
      return -1;
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (data[i] != MAGIC[i]) {
        return -1;
      }
    }
    int n = getInt(data, 4);
    if (n < 0 || n > (data.length - HEADER_SIZE) / 8) {
      return -1;
    }
    return n;
  }

  private static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }

  private static void putLong(byte[] b, int at, long v) {
    putInt(b, at, (int) (v >>> 32));
    putInt(b, at + 4, (int) v);
  }

  private static int getInt(byte[] b, int at) {
    return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
  }

  private static long getLong(byte[] b, int at) {
    return ((long) getInt(b, at) << 32) | (getInt(b, at + 4) & 0xFFFF_FFFFL);
  }
}
