package io.zeo.core;

import io.zeo.core.internal.client.ClientConnection;
import io.zeo.core.internal.client.ConnectOptions;
import io.zeo.core.internal.server.StatusCodec;
import io.zeo.core.internal.wire.Wire;
import io.zeo.spi.AuthClientConfig;
import io.zeo.spi.ClientDisconnectedError;
import io.zeo.spi.StorageError;
import io.zeo.spi.StorageInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * An operator's connection to a {@link ZeoServer}: the server's {@linkplain #status() status}
 * and {@linkplain #pack(long, boolean) pack} with or without waiting for its end. It opens one
 * storage like a client does (the handshake names one), but keeps no cache and takes no
 * invalidations. Where the server authenticates, status and pack need the admin right on that
 * storage.
 *
 * <pre>{@code
 * try (ZeoAdmin admin = ZeoAdmin.builder().address("tcp://db1:8100").storage("main").open()) {
 *   admin.pack(Tid.of(Instant.now().minus(Duration.ofDays(7))), false);
 *   System.out.println(admin.status().storage("main").orElseThrow().pack());
 * }
 * }</pre>
 *
 * <p>Calls may come from several threads. Does not reconnect: a lost connection makes every
 * later call fail with {@link ClientDisconnectedError}.
 */
public final class ZeoAdmin implements AutoCloseable {
  private final ClientConnection conn;

  private ZeoAdmin(ClientConnection conn) {
    this.conn = conn;
  }

  /** Opens {@code storage} at a server address such as {@code tcp://127.0.0.1:8100}, without login. */
  public static ZeoAdmin open(String address, String storage) {
    return builder().address(address).storage(storage).open();
  }

  /** A builder; give the address. */
  public static Builder builder() {
    return new Builder();
  }

  /** The storage's info as the handshake reported it. */
  public StorageInfo info() {
    return conn.handshakeInfo();
  }

  /** The server's status now. */
  public ServerStatus status() {
    return conn.call(Wire.STATUS, w -> {}, StatusCodec::read);
  }

  /**
   * Packs the opened storage: removes the revisions no snapshot at or after {@code packTid}
   * needs. With {@code wait} false it returns as soon as the server accepted the request (the
   * end is in the server's log and in {@link ServerStatus.PackState}); with {@code wait} true it
   * returns when the pack is done.
   *
   * @throws StorageError the server's refusal (read-only, no admin right, cannot pack) or,
   *     when waiting, the pack's failure
   */
  public void pack(long packTid, boolean wait) {
    conn.call(Wire.PACK, w -> w.i64(packTid).bool(wait), r -> null);
  }

  /** Closes the connection. Idempotent. */
  @Override
  public void close() {
    conn.close();
  }

  /** Configures and opens a {@link ZeoAdmin}. */
  public static final class Builder {
    private String address;
    private String storage = "1";
    private String authMechanism;
    private AuthClientConfig authConfig;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private int maxFrameSize = 64 * 1024 * 1024;
    private List<String> compressions = ProviderRegistry.compressions().names();

    private Builder() {}

    /** The server's address: {@code tcp://host:port}, {@code unix:/path}, {@code inproc:name}. */
    public Builder address(String address) {
      this.address = Objects.requireNonNull(address, "address");
      return this;
    }

    /** The storage to open; default {@code "1"}, ZEO's default name. */
    public Builder storage(String name) {
      this.storage = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Logs in with {@code mechanism} (e.g. {@code srp}). */
    public Builder auth(String mechanism, AuthClientConfig config) {
      this.authMechanism = Objects.requireNonNull(mechanism, "mechanism");
      this.authConfig = Objects.requireNonNull(config, "config");
      return this;
    }

    /** How long connecting may take; default 10 seconds. */
    public Builder connectTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("connect timeout " + timeout + " is not positive");
      }
      this.connectTimeout = timeout;
      return this;
    }

    /** Compression mechanisms offered, by preference; default every one on the class path. */
    public Builder compression(String... names) {
      for (String n : names) {
        ProviderRegistry.compressions().get(n);
      }
      this.compressions = List.of(names);
      return this;
    }

    /** Largest frame accepted or sent, in bytes; default 64 MiB (as the server's). */
    public Builder maxFrameSize(int bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("max frame size " + bytes + " is below the minimum 1024");
      }
      this.maxFrameSize = bytes;
      return this;
    }

    /**
     * Connects and shakes hands.
     *
     * @throws ClientDisconnectedError if the server cannot be reached
     * @throws StorageError as the server refused (unknown storage, login failed, ...)
     */
    public ZeoAdmin open() {
      if (address == null) {
        throw new IllegalStateException("no server address: call address(...)");
      }
      ConnectOptions opts = new ConnectOptions(storage, false, compressions, authMechanism, authConfig, maxFrameSize,
          connectTimeout, "ZeoAdmin " + ProcessHandle.current().pid(), 0);
      ClientConnection c;
      try {
        c = ClientConnection.connect(address, opts, new NoEvents());
      } catch (IOException e) {
        throw new ClientDisconnectedError("cannot connect to the ZEO server at " + address + ": " + e.getMessage(),
            new UncheckedIOException(e));
      }
      c.start();
      return new ZeoAdmin(c);
    }
  }

  /** An admin connection keeps no cache: pushes are of no use to it. */
  private static final class NoEvents implements ClientConnection.Events {
    @Override
    public void invalidate(long tid, List<Long> oids) {}

    @Override
    public void info(StorageInfo info) {}

    @Override
    public void packed(StorageInfo info) {}

    @Override
    public void disconnected(ClientConnection connection, Throwable cause) {}
  }
}
