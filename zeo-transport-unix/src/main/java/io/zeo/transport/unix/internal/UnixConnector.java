package io.zeo.transport.unix.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;

/** Connects to a Unix domain socket within a timeout. */
public final class UnixConnector {
  private UnixConnector() {}

  /**
   * Connects to the socket file {@code path} names.
   *
   * @throws ConnectException if nothing listens there (no file, or a stale one)
   * @throws SocketTimeoutException if the server's backlog stays full past the timeout
   */
  public static UnixChannel connect(Path path, Duration timeout) throws IOException {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("connect timeout must be positive, got " + timeout);
    }
    String address = UnixAddress.format(path);
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      // Blocking connect has no timeout; it blocks only while the server's backlog is full.
      channel.configureBlocking(false);
      if (!channel.connect(UnixDomainSocketAddress.of(path))) {
        awaitConnected(channel, timeout, address);
      }
      channel.configureBlocking(true);
      return new UnixChannel(channel, path.toString());
    } catch (IOException e) {
      channel.close();
      if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
        throw UnixServer.withCause(new ConnectException("cannot connect to " + address + ": no socket file " + path), e);
      }
      if (e instanceof ConnectException || e instanceof SocketTimeoutException) {
        throw e;
      }
      throw new IOException("cannot connect to " + address + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static void awaitConnected(SocketChannel channel, Duration timeout, String address) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Selector selector = Selector.open()) {
      channel.register(selector, SelectionKey.OP_CONNECT);
      while (!channel.finishConnect()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new SocketTimeoutException("connect to " + address + " timed out after " + timeout.toMillis() + " ms");
        }
        selector.select(Math.max(1, left / 1_000_000));
      }
    }
    // Closing the selector deregistered the channel, so it may turn blocking again.
  }
}
