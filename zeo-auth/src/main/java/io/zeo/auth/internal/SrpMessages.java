package io.zeo.auth.internal;

import io.zeo.spi.ProtocolError;
import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * The four messages of an srp login, each {@code version (1 byte) | type (1 byte) | fields},
 * every field a length-prefixed byte string (u16 length, big-endian):
 *
 * <pre>
 * type  direction  name       fields
 * 1     C -> S     hello      user (UTF-8)
 * 2     S -> C     challenge  salt, B (server public value)
 * 3     C -> S     proof      A (client public value), M1 (client evidence)
 * 4     S -> C     confirm    M2 (server evidence)
 * </pre>
 *
 * Version 1: RFC 5054 2048-bit group, SHA-256 (see {@link Srp}). Field lengths are checked
 * against what the group allows before anything is allocated.
 */
public final class SrpMessages {
  public static final int VERSION = 1;
  public static final int HELLO = 1;
  public static final int CHALLENGE = 2;
  public static final int PROOF = 3;
  public static final int CONFIRM = 4;
  private static final int MAX_FIELD = Srp.ELEMENT_BYTES + 1;

  private SrpMessages() {}

  /** Builds a message from its fields. */
  public static byte[] write(int type, byte[]... fields) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(VERSION);
    out.write(type);
    for (byte[] f : fields) {
      out.write(f.length >>> 8);
      out.write(f.length & 0xff);
      out.write(f, 0, f.length);
    }
    return out.toByteArray();
  }

  /**
   * Splits a message of the expected type into exactly {@code count} fields.
   *
   * @throws ProtocolError naming what was wrong
   */
  public static byte[][] read(byte[] msg, int expectedType, int count) {
    if (msg == null) {
      throw new ProtocolError("srp: expected message type " + expectedType + ", got nothing");
    }
    ByteBuffer in = ByteBuffer.wrap(msg);
    try {
      int version = in.get() & 0xff;
      int type = in.get() & 0xff;
      if (version != VERSION) {
        throw new ProtocolError("srp: message version " + version + ", expected " + VERSION);
      }
      if (type != expectedType) {
        throw new ProtocolError("srp: message type " + type + ", expected " + expectedType);
      }
      byte[][] fields = new byte[count][];
      for (int i = 0; i < count; i++) {
        int len = in.getShort() & 0xffff;
        if (len > MAX_FIELD || len > in.remaining()) {
          throw new ProtocolError("srp: field " + i + " of message type " + type + " claims " + len
              + " bytes, at most " + Math.min(MAX_FIELD, in.remaining()) + " possible");
        }
        fields[i] = new byte[len];
        in.get(fields[i]);
      }
      if (in.hasRemaining()) {
        throw new ProtocolError("srp: " + in.remaining() + " trailing bytes after message type " + type);
      }
      return fields;
    } catch (BufferUnderflowException e) {
      throw new ProtocolError("srp: message type " + expectedType + " truncated at " + msg.length + " bytes");
    }
  }

  /** Strict UTF-8 decoding. @throws ProtocolError if malformed */
  public static String utf8(byte[] b) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b)).toString();
    } catch (CharacterCodingException e) {
      throw new ProtocolError("srp: user name is not valid UTF-8");
    }
  }
}
