package io.zeo.core.internal.wire;

import io.zeo.spi.ProtocolError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one received message. Every length is hostile: it is checked against what is left
 * before anything is allocated, and a short message raises {@link ProtocolError}.
 */
public final class MessageReader {
  private final byte[] buf;
  private int pos;
  private final int limit;

  public MessageReader(byte[] buf, int offset, int length) {
    this.buf = buf;
    this.pos = offset;
    this.limit = offset + length;
  }

  private void need(int n) {
    if (n < 0 || limit - pos < n) {
      throw new ProtocolError("truncated message: need " + n + " bytes, " + (limit - pos) + " left");
    }
  }

  /** The backing array, for handing on the rest of a message without copying. */
  public byte[] array() {
    return buf;
  }

  /** The read position in {@link #array()}. */
  public int position() {
    return pos;
  }

  /** Consumes the rest of the message (its bytes stay readable through {@link #array()}). */
  public void skipRest() {
    pos = limit;
  }

  public int remaining() {
    return limit - pos;
  }

  public int u8() {
    need(1);
    return buf[pos++] & 0xff;
  }

  public boolean bool() {
    return u8() != 0;
  }

  public int u16() {
    need(2);
    int v = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
    pos += 2;
    return v;
  }

  public int i32() {
    need(4);
    int v = getInt(buf, pos);
    pos += 4;
    return v;
  }

  public long i64() {
    need(8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (buf[pos + i] & 0xff);
    }
    pos += 8;
    return v;
  }

  /** A length-prefixed byte string, or {@code null} for length -1. */
  public byte[] bytes() {
    int n = i32();
    if (n == -1) {
      return null;
    }
    if (n < 0) {
      throw new ProtocolError("negative byte string length " + n);
    }
    need(n);
    byte[] out = new byte[n];
    System.arraycopy(buf, pos, out, 0, n);
    pos += n;
    return out;
  }

  public String string() {
    int n = i32();
    if (n < 0) {
      throw new ProtocolError("bad string length " + n);
    }
    need(n);
    String s = new String(buf, pos, n, StandardCharsets.UTF_8);
    pos += n;
    return s;
  }

  /** A count of following items, checked against the bytes left ({@code minItemSize} each). */
  public int count(int minItemSize) {
    int n = i32();
    if (n < 0 || (long) n * minItemSize > remaining()) {
      throw new ProtocolError("list length " + n + " does not fit in the " + remaining() + " bytes left");
    }
    return n;
  }

  public List<String> strings() {
    int n = count(4);
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(string());
    }
    return out;
  }

  public List<Long> longs() {
    int n = count(8);
    List<Long> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(i64());
    }
    return out;
  }

  /** Fails unless the whole message was consumed. */
  public void end() {
    if (pos != limit) {
      throw new ProtocolError((limit - pos) + " unexpected bytes at the end of a message");
    }
  }

  static int getInt(byte[] b, int off) {
    return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
  }
}
