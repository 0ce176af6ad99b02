package io.zeo.spi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;

/**
 * One connection: a blocking, duplex byte channel. One thread reads while another writes.
 * {@link #read} returns -1 once the peer has shut down its output or closed; {@link #close()}
 * from any thread unblocks both directions (they then throw
 * {@link java.nio.channels.AsynchronousCloseException} or return -1).
 */
public interface TransportChannel extends ByteChannel {
  /** The peer, for logs: {@code 127.0.0.1:53211}, a socket path, an in-process name. */
  String peer();

  /** Half-close: the peer's reads return -1; this side can still read. */
  void shutdownOutput() throws IOException;

  /** Writes all of {@code srcs} (a gathering write where the transport supports one). */
  default void writeFully(ByteBuffer... srcs) throws IOException {
    for (ByteBuffer b : srcs) {
      while (b.hasRemaining()) {
        write(b);
      }
    }
  }
}
