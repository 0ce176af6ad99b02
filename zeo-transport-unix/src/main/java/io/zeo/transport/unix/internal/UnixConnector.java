package io.zeo.transport.unix.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

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
    // A Unix connect blocks only while the server's backlog is full, and then without a
    // timeout of its own (a non-blocking one fails with EAGAIN instead of waiting). Closing
    // the channel from an alarm ends the wait exactly at the deadline.
    AtomicBoolean timedOut = new AtomicBoolean();
    ScheduledFuture<?> alarm = Alarm.SCHEDULER.schedule(() -> {
      timedOut.set(true);
      closeQuietly(channel);
    }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    try {
      channel.connect(UnixDomainSocketAddress.of(path));
    } catch (ClosedChannelException e) {
      throw timedOut.get() ? timeoutError(address, timeout, e) : e;
    } catch (IOException e) {
      channel.close();
      if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
        throw UnixServer.withCause(new ConnectException("cannot connect to " + address + ": no socket file " + path), e);
      }
      if (e instanceof ConnectException) {
        throw UnixServer.withCause(new ConnectException("cannot connect to " + address + ": " + e.getMessage()), e);
      }
      throw new IOException("cannot connect to " + address + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      channel.close();
      throw e;
    } finally {
      alarm.cancel(false);
    }
    if (timedOut.get()) {
      // The alarm won the race against a connect that had just succeeded.
      channel.close();
      throw timeoutError(address, timeout, null);
    }
    return new UnixChannel(channel, path.toString());
  }

  private static SocketTimeoutException timeoutError(String address, Duration timeout, Throwable cause) {
    return UnixServer.withCause(new SocketTimeoutException("connect to " + address + " timed out after "
        + timeout.toMillis() + " ms (the server's backlog stayed full)"), cause);
  }

  private static void closeQuietly(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Closing is the point; a failure to close leaves nothing to do.
    }
  }

  /** One daemon thread for all connect deadlines; created on first use. */
  private static final class Alarm {
    static final ScheduledExecutorService SCHEDULER = create();

    private static ScheduledExecutorService create() {
      ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "zeo-unix-connect-timeout");
        t.setDaemon(true);
        return t;
      });
      s.setRemoveOnCancelPolicy(true);
      return s;
    }
  }
}
