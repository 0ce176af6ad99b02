package io.zeo.storage.file.internal;

import io.zeo.spi.TransactionMetadata;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/** A whole transaction record read from the file, checked against its CRC and structure. */
public final class Txn {
  public final long pos;
  public final long tid;
  public final char status;
  public final int length;
  private final byte[] bytes;
  private final int[] offsets;
  private final int metaAt;
  private final int userLen;
  private final int descLen;
  private final int extLen;

  private Txn(long pos, byte[] bytes, int[] offsets, int userLen, int descLen, int extLen) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    this.pos = pos;
    this.tid = b.getLong(0);
    this.length = bytes.length;
    this.status = (char) (bytes[Format.STATUS_AT] & 0xFF);
    this.bytes = bytes;
    this.offsets = offsets;
    this.metaAt = Format.TXN_HEADER;
    this.userLen = userLen;
    this.descLen = descLen;
    this.extLen = extLen;
  }

  /**
   * Parses and checks a committed transaction record at file offset {@code pos}.
   *
   * @throws FormatException naming what is wrong (the caller adds offset and tid)
   */
  public static Txn parse(long pos, byte[] bytes) throws FormatException {
    int len = bytes.length;
    if (len < Format.TXN_HEADER + Format.TXN_TRAILER) {
      throw new FormatException("record of " + len + " bytes is shorter than a transaction header and trailer");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    long tid = b.getLong(0);
    long declared = b.getLong(8);
    if (declared != len) {
      throw new FormatException("declared length " + declared + " != " + len);
    }
    int status = bytes[Format.STATUS_AT] & 0xFF;
    if (!Format.isCommittedStatus(status)) {
      throw new FormatException(String.format("status byte 0x%02x is not a committed status", status));
    }
    long trailer = b.getLong(len - Format.TXN_TRAILER);
    if (trailer != len) {
      throw new FormatException("trailer length " + trailer + " != header length " + len);
    }
    int stored = b.getInt(len - 4);
    int computed = TxnCodec.crc(bytes, len, (byte) status);
    if (stored != computed) {
      throw new FormatException(String.format("stored crc 0x%08x != computed 0x%08x", stored, computed));
    }
    int count = b.getInt(20);
    int u = b.getInt(24);
    int d = b.getInt(28);
    int e = b.getInt(32);
    long metaEnd = (long) Format.TXN_HEADER + u + d + e;
    if (u < 0 || d < 0 || e < 0 || metaEnd > len - Format.TXN_TRAILER) {
      throw new FormatException("metadata lengths " + u + "/" + d + "/" + e + " do not fit in " + len + " bytes");
    }
    int limit = len - Format.TXN_TRAILER;
    if (count < 0 || count > (limit - metaEnd) / Format.DATA_HEADER) {
      throw new FormatException("record count " + count + " does not fit in " + len + " bytes");
    }
    int[] offsets = new int[count];
    int at = (int) metaEnd;
    for (int i = 0; i < count; i++) {
      if (at + Format.DATA_HEADER > limit) {
        throw new FormatException("data record " + i + " at +" + at + " runs past the trailer");
      }
      offsets[i] = at;
      if (b.getLong(at + 8) != tid) {
        throw new FormatException("data record " + i + " carries tid " + Long.toHexString(b.getLong(at + 8)));
      }
      long prev = b.getLong(at + 16);
      long txPos = b.getLong(at + 24);
      long back = b.getLong(at + 32);
      int dlen = b.getInt(at + 40);
      if (txPos != pos) {
        throw new FormatException("data record " + i + " names transaction offset " + txPos);
      }
      if (prev < 0 || prev >= pos || back < 0 || back >= pos || (prev != 0 && prev < Format.FILE_HEADER)
          || (back != 0 && back < Format.FILE_HEADER)) {
        throw new FormatException("data record " + i + " has pointers prev=" + prev + " back=" + back
            + " outside [" + Format.FILE_HEADER + ", " + pos + ")");
      }
      if (dlen < -1 || (back != 0 && dlen != 0)) {
        throw new FormatException("data record " + i + " has data length " + dlen + " with back " + back);
      }
      at += Format.DATA_HEADER;
      if (dlen > 0) {
        if (dlen > limit - at) {
          throw new FormatException("data record " + i + " of " + dlen + " bytes runs past the trailer");
        }
        at += dlen;
      }
    }
    if (at != limit) {
      throw new FormatException((limit - at) + " stray bytes after the last data record");
    }
    Txn t = new Txn(pos, bytes, offsets, u, d, e);
    t.metadata(); // checks the extension's structure
    return t;
  }

  /** User, description, extension. */
  public TransactionMetadata metadata() throws FormatException {
    return decodeMetadata(bytes, metaAt, userLen, descLen, extLen);
  }

  static TransactionMetadata decodeMetadata(byte[] b, int at, int u, int d, int e) throws FormatException {
    String user = new String(b, at, u, StandardCharsets.UTF_8);
    String desc = new String(b, at + u, d, StandardCharsets.UTF_8);
    Map<String, String> ext = TxnCodec.decodeExtension(ByteBuffer.wrap(b, at + u + d, e).slice());
    return new TransactionMetadata(user, desc, ext);
  }

  /** Number of data records. */
  public int size() {
    return offsets.length;
  }

  private ByteBuffer buf() {
    return ByteBuffer.wrap(bytes);
  }

  public long oid(int i) {
    return buf().getLong(offsets[i]);
  }

  public long prev(int i) {
    return buf().getLong(offsets[i] + 16);
  }

  public long back(int i) {
    return buf().getLong(offsets[i] + 32);
  }

  /** Data length: -1 for "creation undone", 0 with a back pointer. */
  public int dataLength(int i) {
    return buf().getInt(offsets[i] + 40);
  }

  /** File offset of data record {@code i}. */
  public long recordPos(int i) {
    return pos + offsets[i];
  }

  /** The inline data of record {@code i} (a copy), or null if it has none. */
  public byte[] inlineData(int i) {
    int dlen = dataLength(i);
    if (dlen < 0 || back(i) != 0) {
      return null;
    }
    int at = offsets[i] + Format.DATA_HEADER;
    return Arrays.copyOfRange(bytes, at, at + dlen);
  }
}
