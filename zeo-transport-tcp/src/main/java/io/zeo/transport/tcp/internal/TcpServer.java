package io.zeo.transport.tcp.internal;

import io.zeo.spi.TransportChannel;
import io.zeo.spi.TransportServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/** A bound, blocking TCP listener. */
public final class TcpServer implements TransportServer {
  private static final System.Logger LOG = System.getLogger(TcpServer.class.getName());
  private static final int BACKLOG = 256;

  private final ServerSocketChannel channel;
  private final String address;

  private TcpServer(ServerSocketChannel channel, String address) {
    this.channel = channel;
    this.address = address;
  }

  /**
   * Binds a listener. SO_REUSEADDR lets a restarted server bind the port at once although
   * connections of its predecessor linger in TIME_WAIT; it never lets two live listeners
   * share a port.
   */
  public static TcpServer bind(InetSocketAddress address) throws IOException {
    ServerSocketChannel channel = ServerSocketChannel.open();
    try {
      channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      channel.bind(address, BACKLOG);
      String bound = TcpAddress.format((InetSocketAddress) channel.getLocalAddress());
      LOG.log(System.Logger.Level.DEBUG, "listening on {0}", bound);
      return new TcpServer(channel, bound);
    } catch (IOException | RuntimeException e) {
      channel.close();
      if (e instanceof BindException) {
        BindException b = new BindException("cannot listen on " + TcpAddress.format(address) + ": " + e.getMessage());
        b.initCause(e);
        throw b;
      }
      throw e;
    }
  }

  @Override
  public TransportChannel accept() throws IOException {
    while (true) {
      SocketChannel accepted = channel.accept();
      try {
        return TcpTransport.open(accepted);
      } catch (IOException e) {
        // The peer vanished between accept and set-up: its problem, not the listener's.
        LOG.log(System.Logger.Level.DEBUG, "dropping a connection that failed set-up on " + address, e);
        accepted.close();
      }
    }
  }

  @Override
  public String address() {
    return address;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  @Override
  public String toString() {
    return "TcpServer[" + address + (channel.isOpen() ? "" : ", closed") + "]";
  }
}
