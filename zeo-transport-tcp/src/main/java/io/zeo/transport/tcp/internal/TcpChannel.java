package io.zeo.transport.tcp.internal;

import io.zeo.spi.TransportChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A connected, blocking TCP socket channel. Reads and writes go straight to the NIO channel,
 * whose read and write locks are independent, so one thread may read while another writes.
 */
public final class TcpChannel implements TransportChannel {
  private final SocketChannel channel;
  private final String peer;

  TcpChannel(SocketChannel channel, String peer) {
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
    // One gathering write per call usually suffices; the loop covers partial writes.
    long remaining = 0;
    for (ByteBuffer b : srcs) {
      remaining += b.remaining();
    }
    while (remaining > 0) {
      remaining -= channel.write(srcs);
    }
  }

  @Override
  public void shutdownOutput() throws IOException {
    channel.shutdownOutput();
  }

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
    return "TcpChannel[" + peer + (channel.isOpen() ? "" : ", closed") + "]";
  }
}
