package io.zeo.core.internal.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;

/**
 * Builds one message in a growable array, leaving {@link #HEADER} bytes in front for the frame
 * header (length and flags, see {@link FrameChannel}) so a frame can be written without copying.
 * Big-endian throughout. Once {@link #seal()}ed the bytes never change, so one sealed message
 * can be queued to many connections.
 */
public final class MessageWriter {
  /** Bytes reserved in front: the 4-byte frame length and the 1-byte flags. */
  public static final int HEADER = 5;
  /**
   * Room left after a grow for the fields that usually follow a record (a serial, a tid): a
   * load reply grew twice, once for its record and once for the serial behind it.
   */
  static final int SLACK = 32;

  private byte[] buf;
  private int pos = HEADER;
  private boolean sealed;

  public MessageWriter() {
    this(128);
  }

  public MessageWriter(int capacity) {
    buf = new byte[Math.max(capacity, 16)];
  }

  /** A writer starting a message of the given kind and op (see {@link Wire}). */
  public static MessageWriter start(byte kind, int id, byte op) {
    MessageWriter w = new MessageWriter();
    w.u8(kind);
    if (kind == Wire.CALL || kind == Wire.REPLY || kind == Wire.ERROR) {
      w.i32(id);
    }
    if (kind == Wire.CALL || kind == Wire.ONEWAY || kind == Wire.PUSH) {
      w.u8(op);
    }
    return w;
  }

  private void ensure(int n) {
    if (sealed) {
      throw new IllegalStateException("message already sealed");
    }
    if (pos + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n + SLACK));
    }
  }

  public MessageWriter u8(int v) {
    ensure(1);
    buf[pos++] = (byte) v;
    return this;
  }

  public MessageWriter bool(boolean v) {
    return u8(v ? 1 : 0);
  }

  public MessageWriter u16(int v) {
    ensure(2);
    buf[pos++] = (byte) (v >>> 8);
    buf[pos++] = (byte) v;
    return this;
  }

  public MessageWriter i32(int v) {
    ensure(4);
    putInt(buf, pos, v);
    pos += 4;
    return this;
  }

  public MessageWriter i64(long v) {
    ensure(8);
    for (int i = 7; i >= 0; i--) {
      buf[pos + i] = (byte) v;
      v >>>= 8;
    }
    pos += 8;
    return this;
  }

  /** A length-prefixed byte string; {@code null} is written as length -1. */
  public MessageWriter bytes(byte[] b) {
    if (b == null) {
      return i32(-1);
    }
    return bytes(b, 0, b.length);
  }

  public MessageWriter bytes(byte[] b, int off, int len) {
    ensure(4 + len); // one grow for the length and the bytes together
    i32(len);
    return raw(b, off, len);
  }

  /** Bytes without a length prefix. */
  public MessageWriter raw(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, pos, len);
    pos += len;
    return this;
  }

  /** A UTF-8 string with an int length prefix. */
  public MessageWriter string(String s) {
    return bytes(s.getBytes(StandardCharsets.UTF_8));
  }

  public MessageWriter strings(Collection<String> list) {
    i32(list.size());
    for (String s : list) {
      string(s);
    }
    return this;
  }

  public MessageWriter longs(Collection<Long> list) {
    if (list.size() < 1 << 24) {
      ensure(4 + 8 * list.size()); // one grow for the whole list, not one per doubling
    }
    i32(list.size());
    for (long v : list) {
      i64(v);
    }
    return this;
  }

  /** Bytes written after the header. */
  public int bodyLength() {
    return pos - HEADER;
  }

  /** Writes the frame header for an uncompressed frame and freezes the message. */
  public MessageWriter seal() {
    if (!sealed) {
      putInt(buf, 0, pos - 4);
      buf[4] = 0;
      sealed = true;
    }
    return this;
  }

  /** The backing array: header at 0, body from {@link #HEADER} to {@link #end()}. */
  public byte[] array() {
    return buf;
  }

  /** The end of the written bytes. */
  public int end() {
    return pos;
  }

  static void putInt(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }
}
