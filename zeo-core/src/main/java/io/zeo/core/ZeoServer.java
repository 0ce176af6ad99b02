package io.zeo.core;

import io.zeo.core.internal.server.ServerCore;
import io.zeo.core.internal.server.ServerSettings;
import io.zeo.spi.RecordEnvelope;
import io.zeo.spi.ReferenceFinder;
import io.zeo.spi.Storage;
import io.zeo.spi.StorageError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A storage server: serves any number of named storages to {@link ClientStorage}s over any
 * number of listeners ({@code tcp://host:port}, {@code unix:/path}, {@code inproc:name}, or any
 * other transport on the class path).
 *
 * <pre>{@code
 * ZeoServer server = ZeoServer.builder()
 *     .storage("main", Zeo.open("file:/var/zeo/main.fs"))
 *     .listen("unix:/run/zeo/zeo.sock")
 *     .listen("tcp://127.0.0.1:8100")
 *     .start();
 * }</pre>
 *
 * <p>Clients' stores are buffered per transaction (spilling to a temporary file past
 * {@link Builder#spillThreshold}); the storage's commit lock is taken at vote, and votes queue
 * fairly. After each commit every other client of the storage receives the invalidation before
 * any later reply, then the new size. A client that stops reading is disconnected rather than
 * allowed to delay the others. The server owns the storages it serves: {@link #close()} closes
 * them. Thread-safe.
 */
public final class ZeoServer implements AutoCloseable {
  private final ServerCore core;
  private final List<String> addresses;

  private ZeoServer(ServerCore core, List<String> addresses) {
    this.core = core;
    this.addresses = List.copyOf(addresses);
  }

  /** A builder; add at least one storage and one address. */
  public static Builder builder() {
    return new Builder();
  }

  /** The addresses actually listened on, e.g. {@code tcp://127.0.0.1:43127} for port 0. */
  public List<String> addresses() {
    return addresses;
  }

  /** The first listening address: convenient for one-listener servers and tests. */
  public String address() {
    return addresses.get(0);
  }

  /** The names of the served storages, in the order they were added. */
  public List<String> storageNames() {
    return core.storageNames();
  }

  /**
   * A snapshot of the storages (last tid, size, commits, conflicts, commit-lock waits,
   * transactions in progress, pack state) and the open connections (peer, storage, user, since).
   * Clients get the same over the wire with {@link ZeoAdmin#status()}.
   */
  public ServerStatus status() {
    return core.status();
  }

  /** Connections currently open. */
  public int connectionCount() {
    return core.connectionCount();
  }

  /**
   * Stops accepting, aborts open transactions, closes connections and the storages, and
   * returns when done. Idempotent.
   */
  @Override
  public void close() {
    core.close();
  }

  /** Configures and starts a {@link ZeoServer}. */
  public static final class Builder {
    private final Map<String, Storage> storages = new LinkedHashMap<>();
    private final List<String> listen = new ArrayList<>();
    private int maxFrameSize = 64 * 1024 * 1024;
    private Duration transactionTimeout = Duration.ZERO;
    private int invalidationQueueSize = 1000;
    private long spillThreshold = 16L * 1024 * 1024;
    private List<String> compressions = List.of();
    private boolean requireCompression;
    private List<String> auths = List.of();
    private boolean requireAuth;
    private Map<String, Object> authSettings = Map.of();
    private long outboundLimit = 64L * 1024 * 1024;
    private ReferenceFinder references = RecordEnvelope.REFERENCES;

    private Builder() {}

    /** Serves {@code storage} under {@code name} (what clients ask for with {@code ?storage=}). */
    public Builder storage(String name, Storage storage) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(storage, "storage");
      if (name.isEmpty()) {
        throw new IllegalArgumentException("storage name is empty");
      }
      if (storages.putIfAbsent(name, storage) != null) {
        throw new IllegalArgumentException("storage name \"" + name + "\" given twice");
      }
      return this;
    }

    /** Listens on {@code address}; {@code tcp://127.0.0.1:0} picks a free port. */
    public Builder listen(String address) {
      listen.add(Objects.requireNonNull(address, "address"));
      return this;
    }

    /** Largest frame accepted or sent, in bytes; default 64 MiB. */
    public Builder maxFrameSize(int bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("max frame size " + bytes + " is below the minimum 1024");
      }
      this.maxFrameSize = bytes;
      return this;
    }

    /**
     * How long a voted transaction may hold the commit lock before it is aborted and its client
     * disconnected; default zero, meaning no limit (as in ZEO).
     */
    public Builder transactionTimeout(Duration timeout) {
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("transaction timeout " + timeout + " is negative");
      }
      this.transactionTimeout = timeout;
      return this;
    }

    /** How many recent transactions' invalidations to keep for cache verification; default 1000. */
    public Builder invalidationQueueSize(int size) {
      if (size < 0) {
        throw new IllegalArgumentException("invalidation queue size " + size + " is negative");
      }
      this.invalidationQueueSize = size;
      return this;
    }

    /** Bytes of one transaction's stores kept in memory before spilling to a temp file; default 16 MiB. */
    public Builder spillThreshold(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("spill threshold " + bytes + " is negative");
      }
      this.spillThreshold = bytes;
      return this;
    }

    /**
     * Compression mechanisms offered to clients, by preference; the first one the client also
     * offers is used. Default none.
     */
    public Builder compression(String... names) {
      this.compressions = List.of(names);
      for (String n : names) {
        ProviderRegistry.compressions().get(n);
      }
      return this;
    }

    /** Refuse clients that share no compression mechanism with the server; default false. */
    public Builder requireCompression(boolean require) {
      this.requireCompression = require;
      return this;
    }

    /** Authentication mechanisms offered, by preference, with their server settings. Default none. */
    public Builder auth(Map<String, Object> settings, String... names) {
      this.auths = List.of(names);
      this.authSettings = Map.copyOf(settings);
      for (String n : names) {
        ProviderRegistry.auths().get(n);
      }
      return this;
    }

    /** Refuse clients that do not authenticate; default false. */
    public Builder requireAuth(boolean require) {
      this.requireAuth = require;
      return this;
    }

    /** Bytes that may be queued for one client before it is disconnected; default 64 MiB. */
    public Builder outboundLimit(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("outbound limit " + bytes + " is not positive");
      }
      this.outboundLimit = bytes;
      return this;
    }

    /** How pack finds references in records; default {@link RecordEnvelope#REFERENCES}. */
    public Builder referenceFinder(ReferenceFinder finder) {
      this.references = Objects.requireNonNull(finder, "finder");
      return this;
    }

    /**
     * Binds the addresses and starts serving.
     *
     * @throws IllegalStateException if no storage or no address was given
     * @throws StorageError if an address cannot be bound
     */
    public ZeoServer start() {
      if (storages.isEmpty()) {
        throw new IllegalStateException("no storage to serve: call storage(name, storage)");
      }
      if (listen.isEmpty()) {
        throw new IllegalStateException("no address to listen on: call listen(address)");
      }
      ServerSettings settings = new ServerSettings(maxFrameSize, transactionTimeout, invalidationQueueSize,
          spillThreshold, compressions, requireCompression, auths, requireAuth, authSettings, outboundLimit,
          references);
      ServerCore core = new ServerCore(settings, storages);
      try {
        return new ZeoServer(core, core.listen(listen));
      } catch (IOException e) {
        throw new StorageError("cannot listen on " + listen + ": " + e.getMessage(), new UncheckedIOException(e));
      }
    }
  }
}
