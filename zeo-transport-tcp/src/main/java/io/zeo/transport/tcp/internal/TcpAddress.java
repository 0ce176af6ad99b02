package io.zeo.transport.tcp.internal;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * Parses and formats {@code tcp://host:port} addresses. IPv6 literals go in brackets
 * ({@code tcp://[::1]:8100}); port 0 asks the system for a free port when listening.
 */
public final class TcpAddress {
  private static final String EXPECTED = "expected tcp://host:port, e.g. tcp://127.0.0.1:8100";

  private TcpAddress() {}

  /**
   * The socket address {@code address} names, resolved.
   *
   * @throws IllegalArgumentException if the address is not of the form {@code tcp://host:port}
   * @throws UnknownHostException if the host name does not resolve
   */
  public static InetSocketAddress resolve(String address) throws UnknownHostException {
    Objects.requireNonNull(address, "address");
    URI uri;
    try {
      uri = new URI(address);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "malformed tcp address \"" + address + "\" (" + e.getReason() + "); " + EXPECTED, e);
    }
    if (!"tcp".equalsIgnoreCase(uri.getScheme())) {
      throw new IllegalArgumentException("address \"" + address + "\" is not a tcp address; " + EXPECTED);
    }
    String host = uri.getHost();
    if (host == null || uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException("tcp address \"" + address + "\" has no valid host; " + EXPECTED);
    }
    if (uri.getPort() < 0 || uri.getPort() > 65535) {
      throw new IllegalArgumentException(
          "tcp address \"" + address + "\" needs a port from 0 to 65535; " + EXPECTED);
    }
    String path = uri.getRawPath();
    if ((path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "tcp address \"" + address + "\" may not carry a path, query or fragment; " + EXPECTED);
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    InetSocketAddress resolved = new InetSocketAddress(host, uri.getPort());
    if (resolved.isUnresolved()) {
      throw new UnknownHostException("cannot resolve host \"" + host + "\" of tcp address \"" + address + "\"");
    }
    return resolved;
  }

  /** The {@code tcp://} form of a bound or connected socket address. */
  public static String format(InetSocketAddress address) {
    String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
    if (host.indexOf(':') >= 0) {
      int zone = host.indexOf('%');
      host = "[" + (zone >= 0 ? host.substring(0, zone) : host) + "]";
    }
    return "tcp://" + host + ":" + address.getPort();
  }
}
