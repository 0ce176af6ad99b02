package io.zeo.transport.unix;

import io.zeo.spi.TransportChannel;
import io.zeo.spi.TransportProvider;
import io.zeo.spi.TransportServer;
import io.zeo.transport.unix.internal.UnixAddress;
import io.zeo.transport.unix.internal.UnixConnector;
import io.zeo.transport.unix.internal.UnixServer;
import java.io.IOException;
import java.time.Duration;

/**
 * The {@code unix} transport: Unix domain sockets (JDK 16+ channels) at addresses
 * {@code unix:/run/zeo/zeo.sock} (or {@code unix:///run/zeo/zeo.sock}).
 *
 * <ul>
 * <li>{@link #listen} owns the socket file: a file left by a server that died is replaced (a
 *     connection attempt is refused, so it is deleted and bound again); a file a live server
 *     listens on is not, and listening fails with a {@link java.net.BindException} naming the
 *     path; a path that exists but is not a socket is never deleted
 *     ({@link java.nio.file.FileAlreadyExistsException}). Closing the server removes the file.
 *     The probe is a real connection: a live server sees a peer that leaves at once.</li>
 * <li>{@link #connect} fails at once with a {@link java.net.ConnectException} when the file is
 *     missing or nobody listens, and with a {@link java.net.SocketTimeoutException} when the
 *     server's backlog stays full past the timeout.</li>
 * <li>Access control is the file system's: the socket file's permissions and its directory's
 *     decide who may connect.</li>
 * </ul>
 *
 * <p>{@link #isAvailable()} is false where the JDK has no Unix domain socket support. Found by
 * {@link java.util.ServiceLoader} through {@code META-INF/services/io.zeo.spi.TransportProvider};
 * stateless and thread-safe.
 */
public final class UnixTransportProvider extends TransportProvider {
  /** The address scheme, {@value}. */
  public static final String SCHEME = "unix";

  private static final String UNAVAILABLE = probe();

  /** For {@link java.util.ServiceLoader}. */
  public UnixTransportProvider() {}

  @Override
  public String scheme() {
    return SCHEME;
  }

  @Override
  public boolean isAvailable() {
    return UNAVAILABLE.isEmpty();
  }

  @Override
  public String unavailableReason() {
    return UNAVAILABLE;
  }

  @Override
  public TransportServer listen(String address) throws IOException {
    return UnixServer.bind(UnixAddress.parse(address));
  }

  @Override
  public TransportChannel connect(String address, Duration timeout) throws IOException {
    return UnixConnector.connect(UnixAddress.parse(address), timeout);
  }

  private static String probe() {
    try {
      java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX).close();
      return "";
    } catch (IOException | UnsupportedOperationException e) {
      return "Unix domain sockets are not supported here: " + e;
    }
  }
}
