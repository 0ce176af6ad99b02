package io.zeo.storage.file.internal;

import io.zeo.spi.TransactionMetadata;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/** Encodes transaction records (see {@link Format}). */
public final class TxnCodec {
  private TxnCodec() {}

  /**
   * One data record to write.
   *
   * @param back offset of the record holding the data (undo, restore), 0 if {@code data} follows
   * @param data the data, or null (with back 0) for "creation undone"
   */
  public record Out(long oid, long prev, long back, byte[] data) {}

  /** An encoded transaction and where its data records start, relative to the record. */
  public record Encoded(ByteBuffer bytes, int[] recordOffsets) {}

  /**
   * Encodes a transaction at file offset {@code pos}. The CRC covers the final {@code status};
   * with {@code inProgress} the status byte is then set to {@link Format#IN_PROGRESS}, to be
   * overwritten by finish.
   */
  public static Encoded encode(long pos, long tid, char status, TransactionMetadata meta, List<Out> records,
      boolean inProgress) {
    byte[] user = meta.user().getBytes(StandardCharsets.UTF_8);
    byte[] desc = meta.description().getBytes(StandardCharsets.UTF_8);
    byte[] ext = encodeExtension(meta.extension());
    long size = (long) Format.TXN_HEADER + user.length + desc.length + ext.length + Format.TXN_TRAILER;
    for (Out r : records) {
      size += Format.DATA_HEADER + (r.back == 0 && r.data != null ? r.data.length : 0);
    }
    if (size > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("transaction of " + size + " bytes exceeds the 2 GiB limit");
    }
    ByteBuffer b = ByteBuffer.allocate((int) size);
    b.putLong(tid).putLong(size).put((byte) status).put((byte) 0).putShort((short) 0);
    b.putInt(records.size()).putInt(user.length).putInt(desc.length).putInt(ext.length);
    b.put(user).put(desc).put(ext);
    int[] offsets = new int[records.size()];
    int i = 0;
    for (Out r : records) {
      offsets[i++] = b.position();
      b.putLong(r.oid).putLong(tid).putLong(r.prev).putLong(pos).putLong(r.back);
      if (r.back != 0) {
        b.putInt(0);
      } else if (r.data == null) {
        b.putInt(-1);
      } else {
        b.putInt(r.data.length).put(r.data);
      }
    }
    b.putLong(size);
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 0, b.position());
    b.putInt((int) crc.getValue());
    if (inProgress) {
      b.put(Format.STATUS_AT, (byte) Format.IN_PROGRESS);
    }
    b.flip();
    return new Encoded(b, offsets);
  }

  /** The extension map as bytes: count, then (length, UTF-8) for each key and value, keys sorted. */
  static byte[] encodeExtension(Map<String, String> ext) {
    if (ext.isEmpty()) {
      return new byte[0];
    }
    Map<String, String> sorted = new TreeMap<>(ext);
    int size = 4;
    byte[][] parts = new byte[sorted.size() * 2][];
    int i = 0;
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      parts[i] = e.getKey().getBytes(StandardCharsets.UTF_8);
      parts[i + 1] = e.getValue().getBytes(StandardCharsets.UTF_8);
      size += 8 + parts[i].length + parts[i + 1].length;
      i += 2;
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    b.putInt(sorted.size());
    for (byte[] p : parts) {
      b.putInt(p.length).put(p);
    }
    return b.array();
  }

  /** Parses {@link #encodeExtension} output; throws FormatException if malformed. */
  static Map<String, String> decodeExtension(ByteBuffer b) throws FormatException {
    if (!b.hasRemaining()) {
      return Map.of();
    }
    int n = b.getInt();
    if (n < 0 || n > b.remaining() / 8) {
      throw new FormatException("extension declares " + n + " entries in " + b.remaining() + " bytes");
    }
    Map<String, String> out = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      out.put(string(b), string(b));
    }
    if (b.hasRemaining()) {
      throw new FormatException(b.remaining() + " stray bytes after the extension");
    }
    return out;
  }

  private static String string(ByteBuffer b) throws FormatException {
    if (b.remaining() < 4) {
      throw new FormatException("extension ends inside a length");
    }
    int len = b.getInt();
    if (len < 0 || len > b.remaining()) {
      throw new FormatException("extension string length " + len + " exceeds the " + b.remaining() + " bytes left");
    }
    String s = new String(b.array(), b.arrayOffset() + b.position(), len, StandardCharsets.UTF_8);
    b.position(b.position() + len);
    return s;
  }

  /** Computes the CRC32C a record of these bytes must carry, with {@code status} as committed. */
  public static int crc(byte[] record, int length, byte status) {
    CRC32C crc = new CRC32C();
    crc.update(record, 0, Format.STATUS_AT);
    crc.update(status);
    crc.update(record, Format.STATUS_AT + 1, length - Format.TXN_TRAILER + 8 - Format.STATUS_AT - 1);
    return (int) crc.getValue();
  }
}
