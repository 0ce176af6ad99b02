package io.zeo.core.internal.inproc;

import io.zeo.spi.TransportChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;

/** One end of an in-process connection: reads one pipe, writes the other. */
final class InprocChannel implements TransportChannel {
  private final Pipe in;
  private final Pipe out;
  private final String peer;
  private volatile boolean open = true;

  InprocChannel(Pipe in, Pipe out, String peer) {
    this.in = in;
    this.out = out;
    this.peer = peer;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    if (!open) {
      throw new ClosedChannelException();
    }
    return in.read(dst);
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    if (!open) {
      throw new ClosedChannelException();
    }
    return out.write(src);
  }

  @Override
  public String peer() {
    return peer;
  }

  @Override
  public void shutdownOutput() {
    out.closeWrite();
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() {
    open = false;
    out.closeWrite();
    in.closeRead();
  }
}
