package io.zeo.transport.unix.internal;

import io.zeo.spi.TransportChannel;
import io.zeo.spi.TransportServer;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A listening Unix domain socket. The socket file belongs to this server from bind to close:
 * a file left behind by a dead server is replaced at bind, and {@link #close()} removes the
 * file, unless another server has replaced it meanwhile.
 */
public final class UnixServer implements TransportServer {
  private static final System.Logger LOG = System.getLogger(UnixServer.class.getName());
  private static final int BACKLOG = 256;
  private static final int FILE_TYPE_MASK = 0170000;
  private static final int SOCKET_TYPE = 0140000;

  private final ServerSocketChannel channel;
  private final Path path;
  private final Object fileKey;
  private final AtomicLong accepted = new AtomicLong();

  private UnixServer(ServerSocketChannel channel, Path path, Object fileKey) {
    this.channel = channel;
    this.path = path;
    this.fileKey = fileKey;
  }

  /**
   * Binds a listener at {@code path}, replacing a stale socket file.
   *
   * @throws BindException if a live server listens there
   * @throws FileAlreadyExistsException if the path is something other than a socket
   */
  public static UnixServer bind(Path path) throws IOException {
    if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      removeIfStale(path);
    }
    ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      channel.bind(UnixDomainSocketAddress.of(path), BACKLOG);
    } catch (IOException e) {
      channel.close();
      if (e instanceof BindException) {
        // Lost a race with another server starting on the same path.
        throw withCause(new BindException("cannot listen on " + UnixAddress.format(path) + ": " + e.getMessage()), e);
      }
      throw new IOException("cannot listen on " + UnixAddress.format(path) + ": " + e.getMessage(), e);
    }
    Object key = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    LOG.log(System.Logger.Level.DEBUG, "listening on {0}", UnixAddress.format(path));
    return new UnixServer(channel, path, key);
  }

  /** Deletes {@code path} if it is a socket nobody listens on; fails if someone does. */
  private static void removeIfStale(Path path) throws IOException {
    if (!isSocket(path)) {
      throw new FileAlreadyExistsException(path.toString(), null,
          "exists and is not a socket; refusing to replace it with a listening socket");
    }
    try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      // Non-blocking, so a live server with a full backlog cannot stall us: it still counts as live.
      probe.configureBlocking(false);
      probe.connect(UnixDomainSocketAddress.of(path));
    } catch (ConnectException refused) {
      LOG.log(System.Logger.Level.INFO, "replacing stale socket file {0} left by a server that is gone", path);
      Files.deleteIfExists(path);
      return;
    } catch (NoSuchFileException gone) {
      return;
    } catch (IOException e) {
      throw new IOException("cannot tell whether a server listens on socket file " + path + ": " + e.getMessage(), e);
    }
    throw new BindException("cannot listen on " + UnixAddress.format(path)
        + ": a live server already listens on socket file " + path);
  }

  private static boolean isSocket(Path path) throws IOException {
    try {
      Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      return ((Integer) mode & FILE_TYPE_MASK) == SOCKET_TYPE;
    } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
      // No "unix" attribute view here: only the probe can tell.
      return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther();
    }
  }

  @Override
  public TransportChannel accept() throws IOException {
    SocketChannel socket = channel.accept();
    // Accepted Unix sockets have no name of their own; a sequence number tells them apart in logs.
    return new UnixChannel(socket, path + " #" + accepted.incrementAndGet());
  }

  @Override
  public String address() {
    return UnixAddress.format(path);
  }

  /** Stops listening and removes the socket file if it is still the one this server bound. */
  @Override
  public void close() throws IOException {
    if (!channel.isOpen()) {
      return;
    }
    channel.close();
    try {
      BasicFileAttributes now = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (fileKey == null || Objects.equals(fileKey, now.fileKey())) {
        Files.deleteIfExists(path);
      }
    } catch (NoSuchFileException alreadyGone) {
      // Someone removed it for us.
    }
  }

  @Override
  public String toString() {
    return "UnixServer[" + address() + (channel.isOpen() ? "" : ", closed") + "]";
  }

  /** {@code e} with {@code cause} (if any), for exception types without a cause constructor. */
  static <E extends IOException> E withCause(E e, Throwable cause) {
    if (cause != null) {
      e.initCause(cause);
    }
    return e;
  }
}
