package io.zeo.fuzz;

import io.zeo.spi.TransportChannel;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * A transport channel that hands out fixed bytes in small chunks (so frames straddle reads, as
 * they do on a socket) and records what is written. Never returns 0 from a read: a decoder that
 * loops must be looping on its own account.
 */
final class ByteArrayChannel implements TransportChannel {
  private final byte[] in;
  private final int chunk;
  private int pos;
  private boolean open = true;
  final ByteArrayOutputStream written = new ByteArrayOutputStream();

  ByteArrayChannel(byte[] in, int chunk) {
    this.in = in;
    this.chunk = Math.max(1, chunk);
  }

  /** True once every input byte was handed out. */
  boolean exhausted() {
    return pos == in.length;
  }

  @Override
  public int read(ByteBuffer dst) {
    if (pos == in.length) {
      return -1;
    }
    int n = Math.min(Math.min(chunk, dst.remaining()), in.length - pos);
    dst.put(in, pos, n);
    pos += n;
    return n;
  }

  @Override
  public int write(ByteBuffer src) {
    int n = src.remaining();
    byte[] b = new byte[n];
    src.get(b);
    written.writeBytes(b);
    return n;
  }

  @Override
  public String peer() {
    return "fuzz";
  }

  @Override
  public void shutdownOutput() {}

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() {
    open = false;
  }
}
