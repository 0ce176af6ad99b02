package io.zeo.server.internal;

import io.zeo.core.ClientStorage;
import io.zeo.core.ZeoAdmin;
import io.zeo.spi.AuthClientConfig;
import io.zeo.spi.StorageUri;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * How the client commands ({@code pack}, {@code up}, {@code status}) reach a server: address
 * syntax, login and connect timeout. A picocli mixin.
 */
public final class ClientOptions {
  @Option(names = "--user", paramLabel = "NAME",
      description = "Log in as this user (password from --password-file, else the terminal or stdin).")
  String user;

  @Option(names = "--password-file", paramLabel = "FILE", description = "Read the password from this file's first line.")
  Path passwordFile;

  @Option(names = "--auth-mechanism", paramLabel = "MECH", defaultValue = "srp",
      description = "Authentication mechanism with --user; default ${DEFAULT-VALUE}.")
  String mechanism;

  @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "10s",
      description = "How long connecting may take; default ${DEFAULT-VALUE}.")
  String connectTimeout;

  /**
   * A server address as the transports write it: {@code tcp://host:port}, {@code unix:/path}
   * or {@code inproc:name} as is; a {@code zeo+} client URI without its prefix and options;
   * bare {@code host:port} or {@code port} as TCP.
   */
  public static String address(String given) {
    String a = given.trim();
    if (a.startsWith("zeo+")) {
      a = a.substring(4);
      int q = a.indexOf('?');
      a = q < 0 ? a : a.substring(0, q);
    }
    if (a.matches("[a-z][a-z0-9+.-]*:.*") && !a.matches("[^/]*:\\d+")) {
      return a;
    }
    if (a.matches("\\d+")) {
      return "tcp://127.0.0.1:" + a;
    }
    if (a.matches("[^/:]*:\\d+|\\[[0-9a-fA-F:]+\\]:\\d+")) {
      return "tcp://" + (a.startsWith(":") ? "127.0.0.1" + a : a);
    }
    throw Failure.usage("address \"" + given + "\" is not tcp://HOST:PORT, HOST:PORT, PORT or unix:/PATH");
  }

  Duration connectTimeout() {
    try {
      return StorageUri.parseDuration("--connect-timeout", connectTimeout);
    } catch (IllegalArgumentException e) {
      throw Failure.usage(e.getMessage());
    }
  }

  /** A builder for {@code storage} at {@code address}, with the login and timeout set; no cache to speak of. */
  ClientStorage.Builder builder(String address, String storage) {
    ClientStorage.Builder b = ClientStorage.builder().address(address(address)).storage(storage)
        .cacheSize(1024 * 1024).connectTimeout(connectTimeout());
    AuthClientConfig login = login(address);
    if (login != null) {
      b.auth(mechanism, login);
    }
    return b;
  }

  /** An admin connection (status, pack) to {@code storage} at {@code address}, logged in if asked. */
  ZeoAdmin admin(String address, String storage) {
    ZeoAdmin.Builder b = ZeoAdmin.builder().address(address(address)).storage(storage)
        .connectTimeout(connectTimeout());
    AuthClientConfig login = login(address);
    if (login != null) {
      b.auth(mechanism, login);
    }
    return b.open();
  }

  /** The --user login, reading the password now; null without --user. */
  private AuthClientConfig login(String address) {
    if (user == null) {
      return null;
    }
    char[] password = passwordFile != null ? Passwords.fromFile(passwordFile)
        : Passwords.read("password for " + user, false);
    return new AuthClientConfig(user, password::clone, hostOf(address(address)), Map.of());
  }

  private static String hostOf(String address) {
    if (address.startsWith("tcp://")) {
      String hp = address.substring(6);
      int colon = hp.lastIndexOf(':');
      return colon < 0 ? hp : hp.substring(0, colon).replace("[", "").replace("]", "");
    }
    return "localhost";
  }
}
