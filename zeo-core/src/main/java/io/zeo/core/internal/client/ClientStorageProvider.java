package io.zeo.core.internal.client;

import io.zeo.core.ClientStorage;
import io.zeo.spi.Storage;
import io.zeo.spi.StorageProvider;
import io.zeo.spi.StorageUri;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens {@link ClientStorage}s for {@code zeo+<transport>:} URIs, for any transport scheme:
 * {@code zeo+tcp://h1:8100,h2:8100?storage=main}, {@code zeo+unix:/run/zeo.sock?storage=main},
 * {@code zeo+inproc:name}. Options: {@code storage} (default {@code 1}), {@code cache-size}
 * (default 64MB), {@code cache} (cache kind, default {@code memory}, or {@code file} when
 * {@code cache-path} is given), {@code cache-path} (where a persistent cache lives), {@code read-only}, {@code auth} with {@code user} and
 * {@code password-file} (a login mechanism such as {@code srp}; the password is read from the
 * file, never given in the URI),
 * {@code read-only-fallback} (default false), {@code connect-timeout} (default 10s), {@code compression} (comma-separated names offered,
 * default all available; empty for none), {@code max-frame-size} (default 64MB), {@code wait} (default true), {@code min-disconnect-poll} (1s), {@code max-disconnect-poll}
 * (30s), {@code heartbeat} (10s, 0 for none), {@code wait-timeout} (30s: how long a call waits for a connection attempt under way, or a commit whose
 * finish reply was lost for a reconnection to learn its outcome), {@code server-sync} (default false: see
 * {@link ClientStorage.Builder#serverSync}).
 */
public abstract class ClientStorageProvider extends StorageProvider {
  private final String transport;

  protected ClientStorageProvider(String transport) {
    this.transport = transport;
  }

  @Override
  public String scheme() {
    return "zeo+" + transport;
  }

  /** The server addresses a URI body names, in the transport's own address syntax. */
  public static List<String> addresses(String transport, String body) {
    List<String> out = new ArrayList<>();
    if (body.startsWith("//")) {
      for (String hostPort : body.substring(2).split(",")) {
        if (hostPort.isBlank()) {
          throw new IllegalArgumentException("empty server address in \"" + body + "\"");
        }
        out.add(transport + "://" + hostPort.trim());
      }
    } else {
      if (body.isEmpty()) {
        throw new IllegalArgumentException("no server address in a zeo+" + transport + " URI");
      }
      out.add(transport + ":" + body);
    }
    return out;
  }

  @Override
  public Storage open(StorageUri uri) {
    ClientStorage.Builder b = ClientStorage.builder();
    addresses(transport, uri.body()).forEach(b::address);
    b.storage(uri.string("storage", "1"));
    b.cacheSize(uri.size("cache-size", 64L * 1024 * 1024));
    java.util.Optional<String> cachePath = uri.string("cache-path");
    cachePath.ifPresent(path -> b.cachePath(java.nio.file.Path.of(path)));
    // A cache path asks for a persistent cache, which the "file" kind (zeo-cache) provides.
    b.cache(uri.string("cache", cachePath.isPresent() ? "file" : "memory"));
    b.readOnly(uri.bool("read-only", false));
    b.readOnlyFallback(uri.bool("read-only-fallback", false));
    b.serverSync(uri.bool("server-sync", false));
    b.waitForServer(uri.bool("wait", true));
    b.minDisconnectPoll(uri.duration("min-disconnect-poll", Duration.ofSeconds(1)));
    b.maxDisconnectPoll(uri.duration("max-disconnect-poll", Duration.ofSeconds(30)));
    b.heartbeat(uri.duration("heartbeat", Duration.ofSeconds(10)));
    b.waitTimeout(uri.duration("wait-timeout", Duration.ofSeconds(30)));
    b.connectTimeout(uri.duration("connect-timeout", Duration.ofSeconds(10)));
    uri.string("compression").ifPresent(v -> b.compression(
        v.isBlank() ? new String[0] : v.split(",")));
    uri.string("auth").ifPresent(mechanism -> b.auth(mechanism, credentials(uri, addresses(transport, uri.body()))));
    long frame = uri.size("max-frame-size", 64L * 1024 * 1024);
    if (frame > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("max-frame-size " + frame + " exceeds " + Integer.MAX_VALUE);
    }
    b.maxFrameSize((int) frame);
    uri.rejectUnknownOptions();
    return b.open();
  }

  /** {@code zeo+tcp://host:port[,host:port...]}. */
  public static final class Tcp extends ClientStorageProvider {
    public Tcp() {
      super("tcp");
    }
  }

  /** {@code zeo+unix:/path/to/socket}. */
  public static final class Unix extends ClientStorageProvider {
    public Unix() {
      super("unix");
    }
  }

  /** {@code zeo+inproc:name}. */
  public static final class Inproc extends ClientStorageProvider {
    public Inproc() {
      super("inproc");
    }
  }

  /**
   * Login settings from the URI: {@code auth=srp&user=alice&password-file=/path}. The password
   * itself never appears in a URI; it is read from the file (first line) when the login needs it.
   */
  private static io.zeo.spi.AuthClientConfig credentials(StorageUri uri, List<String> addresses) {
    String user = uri.string("user").orElseThrow(() -> new IllegalArgumentException(
        "option auth needs user=... in \"" + uri + "\""));
    java.util.Optional<String> file = uri.string("password-file");
    java.util.function.Supplier<char[]> password = () -> file.map(ClientStorageProvider::readPassword)
        .orElseThrow(() -> new IllegalArgumentException("option auth needs password-file=... in \"" + uri
            + "\" (or use ClientStorage.builder().auth(...) with a password callback)"));
    String first = addresses.get(0);
    String host = first.contains("://") ? first.substring(first.indexOf("://") + 3).replaceAll(":[0-9]+$", "")
        : "localhost";
    return new io.zeo.spi.AuthClientConfig(user, password, host, java.util.Map.of());
  }

  private static char[] readPassword(String path) {
    try {
      List<String> lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of(path));
      return (lines.isEmpty() ? "" : lines.get(0)).toCharArray();
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("cannot read password-file " + path + ": " + e.getMessage(), e);
    }
  }
}
