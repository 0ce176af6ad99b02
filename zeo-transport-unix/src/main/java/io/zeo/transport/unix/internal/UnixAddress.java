package io.zeo.transport.unix.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Parses {@code unix:} addresses: {@code unix:/run/zeo/zeo.sock}, the URI form
 * {@code unix:///run/zeo/zeo.sock}, or a relative {@code unix:zeo.sock} (resolved against the
 * working directory by the operating system).
 */
public final class UnixAddress {
  private static final String PREFIX = "unix:";
  private static final String EXPECTED = "expected unix:/path/to.sock";

  private UnixAddress() {}

  /**
   * The socket file {@code address} names.
   *
   * @throws IllegalArgumentException if the address is not a {@code unix:} path
   */
  public static Path parse(String address) {
    Objects.requireNonNull(address, "address");
    if (!address.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      throw new IllegalArgumentException("address \"" + address + "\" is not a unix address; " + EXPECTED);
    }
    String path = address.substring(PREFIX.length());
    if (path.startsWith("//")) {
      path = path.substring(2);
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException(
            "unix address \"" + address + "\" names a host; " + EXPECTED + " or unix:///path/to.sock");
      }
    }
    if (path.isEmpty()) {
      throw new IllegalArgumentException("unix address \"" + address + "\" has no path; " + EXPECTED);
    }
    if (path.indexOf('?') >= 0 || path.indexOf('#') >= 0) {
      // Almost surely a client URI's query passed on by mistake, not a real file name.
      throw new IllegalArgumentException(
          "unix address \"" + address + "\" carries a query or fragment; " + EXPECTED);
    }
    try {
      return Path.of(path);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("unix address \"" + address + "\" is not a valid path: " + e.getReason(), e);
    }
  }

  /** The {@code unix:} form of a socket file's path. */
  public static String format(Path path) {
    return PREFIX + path;
  }
}
