package io.zeo.transport.unix.internal;

import io.zeo.spi.TransportChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A connected, blocking Unix domain socket channel. The NIO channel's read and write locks are
 * independent, so one thread may read while another writes.
 */
public final class UnixChannel implements TransportChannel {
  private final SocketChannel channel;
  private final String peer;

  UnixChannel(SocketChannel channel, String peer) {
    this.channel = channel;
    this.peer = peer;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    return channel.read(dst);
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    return channel.write(src);
  }

  @Override
  public void writeFully(ByteBuffer... srcs) throws IOException {
    long left = 0;
    for (ByteBuffer src : srcs) {
      left += src.remaining();
    }
    while (left > 0) {
      left -= channel.write(srcs);
    }
  }

  @Override
  public void shutdownOutput() throws IOException {
    channel.shutdownOutput();
  }

  /** The socket file's path; for accepted connections with a sequence number, as they have no name. */
  @Override
  public String peer() {
    return peer;
  }

  @Override
  public boolean isOpen() {
    return channel.isOpen();
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  @Override
  public String toString() {
    return "UnixChannel[" + peer + (channel.isOpen() ? "" : ", closed") + "]";
  }
}
