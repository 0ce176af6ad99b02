package io.zeo.core.internal.wire;

import io.zeo.spi.CompressionProvider;
import io.zeo.spi.FrameProtector;
import io.zeo.spi.ProtocolError;
import io.zeo.spi.TransportChannel;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Frames on one transport channel, the lower half of the connection pipeline:
 *
 * <pre>
 *   transport bytes -> frame (length prefix) -> [protect: open/seal] -> [compress] -> message
 * </pre>
 *
 * <p>Frame layout: {@code length:u32 payload[length]}; {@code 0 < length <= maxFrameSize}.
 * Without a protector the payload is the <em>inner frame</em>; with one it is the sealed inner
 * frame. Inner frame: {@code flags:u8} then, if bit 0 is set (compressed), {@code
 * originalLength:u32} and the compressed body, else the body itself. Compression is applied
 * before sealing (compressing ciphertext gains nothing). Compression and protection are
 * switched on by the handshake; until then both are off.
 *
 * <p>One thread reads, while writes are serialised by the caller (sealing must happen in the
 * order frames go out). A decoding error leaves the reader broken: the connection must close.
 */
public final class FrameChannel {
  /** Bodies shorter than this are never compressed: small records barely shrink. */
  static final int COMPRESS_MIN = 512;

  private final TransportChannel channel;
  private final int maxFrameSize;
  private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
  private volatile CompressionProvider compression;
  private volatile FrameProtector protector;

  public FrameChannel(TransportChannel channel, int maxFrameSize) {
    this.channel = channel;
    this.maxFrameSize = maxFrameSize;
    in.flip();
  }

  public TransportChannel channel() {
    return channel;
  }

  public int maxFrameSize() {
    return maxFrameSize;
  }

  public void setCompression(CompressionProvider compression) {
    this.compression = compression;
  }

  public void setProtector(FrameProtector protector) {
    this.protector = protector;
  }

  /**
   * Reads the next frame's message.
   *
   * @throws EOFException when the peer closed cleanly between frames
   * @throws ProtocolError for a bad length, a bad seal or bad compression
   */
  public MessageReader read() throws IOException {
    if (!fill(4, true)) {
      throw new EOFException("peer closed the connection");
    }
    int length = in.getInt();
    if (length <= 0 || length > maxFrameSize) {
      throw new ProtocolError("frame length " + Integer.toUnsignedString(length)
          + (length <= 0 ? " is not positive" : " exceeds maximum " + maxFrameSize));
    }
    byte[] payload;
    int off;
    if (length <= in.capacity()) {
      fill(length, false);
      payload = in.array();
      off = in.arrayOffset() + in.position();
      in.position(in.position() + length);
    } else {
      payload = new byte[length];
      off = 0;
      int have = in.remaining();
      in.get(payload, 0, have);
      ByteBuffer rest = ByteBuffer.wrap(payload, have, length - have);
      while (rest.hasRemaining()) {
        if (channel.read(rest) < 0) {
          throw new EOFException("peer closed the connection inside a frame of " + length + " bytes");
        }
      }
    }
    FrameProtector p = protector;
    if (p != null) {
      payload = p.open(payload, off, length);
      off = 0;
      length = payload.length;
    }
    if (length < 1) {
      throw new ProtocolError("empty inner frame");
    }
    int flags = payload[off];
    if (flags == 0) {
      return new MessageReader(payload, off + 1, length - 1);
    }
    if (flags != 1) {
      throw new ProtocolError("unknown frame flags " + flags);
    }
    CompressionProvider c = compression;
    if (c == null || length < 5) {
      throw new ProtocolError("compressed frame received but no compression was negotiated");
    }
    int original = MessageReader.getInt(payload, off + 1);
    if (original <= 0 || original > maxFrameSize) {
      throw new ProtocolError("decompressed length " + Integer.toUnsignedString(original)
          + " exceeds maximum " + maxFrameSize);
    }
    byte[] body = new byte[original];
    c.decompress(payload, off + 5, length - 5, body, 0, original);
    return new MessageReader(body, 0, original);
  }

  /** Ensures {@code n} bytes are buffered; false if EOF came first and {@code eofOk}. */
  private boolean fill(int n, boolean eofOk) throws IOException {
    if (in.remaining() >= n) {
      return true;
    }
    in.compact();
    try {
      while (in.position() < n) {
        int r = channel.read(in);
        if (r < 0) {
          if (eofOk && in.position() == 0) {
            return false;
          }
          throw new EOFException("peer closed the connection inside a frame");
        }
      }
    } finally {
      in.flip();
    }
    return true;
  }

  /**
   * Turns a sealed message into the bytes of one frame, compressing and protecting as
   * negotiated. Callers serialise this with the write itself when a protector is active.
   */
  public ByteBuffer encode(MessageWriter w) {
    w.seal();
    int bodyLength = w.bodyLength();
    if (bodyLength + 1 > maxFrameSize) {
      throw new ProtocolError("message of " + bodyLength + " bytes exceeds the maximum frame size " + maxFrameSize);
    }
    CompressionProvider c = compression;
    FrameProtector p = protector;
    byte[] inner = w.array();
    int innerOff = 4;
    int innerLen = bodyLength + 1;
    if (c != null && bodyLength >= COMPRESS_MIN) {
      byte[] out = new byte[9 + c.maxCompressedLength(bodyLength)];
      int n = c.compress(w.array(), MessageWriter.HEADER, bodyLength, out, 9);
      if (n + 4 < bodyLength) {
        out[4] = 1;
        MessageWriter.putInt(out, 5, bodyLength);
        MessageWriter.putInt(out, 0, n + 5);
        inner = out;
        innerLen = n + 5;
      }
    }
    if (p != null) {
      byte[] sealed = p.seal(inner, innerOff, innerLen);
      if (sealed.length > maxFrameSize) {
        throw new ProtocolError("sealed frame of " + sealed.length + " bytes exceeds maximum " + maxFrameSize);
      }
      ByteBuffer b = ByteBuffer.allocate(4 + sealed.length);
      b.putInt(sealed.length).put(sealed).flip();
      return b;
    }
    return ByteBuffer.wrap(inner, 0, innerOff + innerLen);
  }

  /** Encodes and writes one message; the caller holds the connection's write lock. */
  public void write(MessageWriter w) throws IOException {
    channel.writeFully(encode(w));
  }

  /** Writes already-encoded frames in one gathering write where the transport allows. */
  public void writeAll(ByteBuffer... frames) throws IOException {
    channel.writeFully(frames);
  }

  public void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing is best effort: the peer may already be gone
    }
  }
}
