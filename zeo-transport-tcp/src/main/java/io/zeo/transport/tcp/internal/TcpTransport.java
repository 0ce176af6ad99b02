package io.zeo.transport.tcp.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/** Opens and sets up client and accepted sockets the same way. */
public final class TcpTransport {
  private TcpTransport() {}

  /**
   * Connects within {@code timeout}.
   *
   * @throws ConnectException if nothing listens there
   * @throws SocketTimeoutException if the timeout passes first
   */
  public static TcpChannel connect(String address, Duration timeout) throws IOException {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("connect timeout must be positive, got " + timeout);
    }
    InetSocketAddress target = TcpAddress.resolve(address);
    int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    SocketChannel channel = SocketChannel.open();
    try {
      // The socket adaptor's timed connect works on a blocking channel and leaves it blocking.
      channel.socket().connect(target, millis);
      return open(channel);
    } catch (IOException e) {
      channel.close();
      throw describe(e, address, millis);
    } catch (RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** Sets the options every ZEO connection wants and wraps the channel. */
  static TcpChannel open(SocketChannel channel) throws IOException {
    // Requests and replies are small and latency-bound: never wait to coalesce them.
    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    // Lets a peer that vanished without a FIN be noticed eventually on an idle connection.
    channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
    InetSocketAddress remote = (InetSocketAddress) channel.getRemoteAddress();
    String peer = TcpAddress.format(remote).substring("tcp://".length());
    return new TcpChannel(channel, peer);
  }

  private static IOException describe(IOException e, String address, int millis) {
    if (e instanceof SocketTimeoutException) {
      return withCause(new SocketTimeoutException("connect to " + address + " timed out after " + millis + " ms"), e);
    }
    if (e instanceof ConnectException) {
      return withCause(new ConnectException("cannot connect to " + address + ": " + e.getMessage()), e);
    }
    return new IOException("cannot connect to " + address + ": " + e.getMessage(), e);
  }

  private static IOException withCause(IOException e, IOException cause) {
    e.initCause(cause);
    return e;
  }
}
