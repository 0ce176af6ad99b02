package io.zeo.transport.tcp;

import io.zeo.spi.TransportChannel;
import io.zeo.spi.TransportProvider;
import io.zeo.spi.TransportServer;
import io.zeo.transport.tcp.internal.TcpAddress;
import io.zeo.transport.tcp.internal.TcpServer;
import io.zeo.transport.tcp.internal.TcpTransport;
import java.io.IOException;
import java.time.Duration;

/**
 * The {@code tcp} transport: addresses {@code tcp://host:port} ({@code tcp://[::1]:8100} for
 * IPv6 literals), blocking NIO socket channels.
 *
 * <ul>
 * <li>{@link #listen} binds with {@code SO_REUSEADDR}, so a server restarted on the same port
 *     binds at once although its predecessor's connections linger in {@code TIME_WAIT}; a port
 *     held by a live listener still fails with a {@link java.net.BindException}. Port 0 picks a
 *     free port, which {@link TransportServer#address()} reports
 *     ({@code tcp://127.0.0.1:43127}).</li>
 * <li>Every connection has {@code TCP_NODELAY} (small requests and replies are never held back
 *     to coalesce) and {@code SO_KEEPALIVE}.</li>
 * <li>{@link #connect} gives up after its timeout with a {@link java.net.SocketTimeoutException};
 *     a refused connection fails at once with a {@link java.net.ConnectException}.</li>
 * </ul>
 *
 * <p>Found by {@link java.util.ServiceLoader} through
 * {@code META-INF/services/io.zeo.spi.TransportProvider}; stateless and thread-safe.
 */
public final class TcpTransportProvider extends TransportProvider {
  /** The address scheme, {@value}. */
  public static final String SCHEME = "tcp";

  /** For {@link java.util.ServiceLoader}. */
  public TcpTransportProvider() {}

  @Override
  public String scheme() {
    return SCHEME;
  }

  @Override
  public TransportServer listen(String address) throws IOException {
    return TcpServer.bind(TcpAddress.resolve(address));
  }

  @Override
  public TransportChannel connect(String address, Duration timeout) throws IOException {
    return TcpTransport.connect(address, timeout);
  }
}
