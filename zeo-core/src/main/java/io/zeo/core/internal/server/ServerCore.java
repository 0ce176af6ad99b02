package io.zeo.core.internal.server;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;

import io.zeo.core.ProviderRegistry;
import io.zeo.spi.Storage;
import io.zeo.spi.TransportChannel;
import io.zeo.spi.TransportServer;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The running server behind {@link io.zeo.core.ZeoServer}: listeners with their accept threads,
 * the served storages, the open connections, and the two small pools (votes that wait for the
 * commit lock, transaction timeouts).
 */
public final class ServerCore {
  private static final System.Logger LOG = System.getLogger(ServerCore.class.getName());

  private final ServerSettings settings;
  private final Map<String, ServedStorage> storages = new LinkedHashMap<>();
  private final List<TransportServer> listeners = new ArrayList<>();
  private final List<Thread> acceptors = new ArrayList<>();
  private final Set<ServerConnection> connections = ConcurrentHashMap.newKeySet();
  private final ExecutorService commitExecutor;
  private final ScheduledExecutorService scheduler;
  private volatile boolean closing;
  private final java.time.Instant started = java.time.Instant.now();
  private volatile List<String> addresses = List.of();

  public ServerCore(ServerSettings settings, Map<String, Storage> storages) {
    this.settings = settings;
    storages.forEach((name, s) -> this.storages.put(name, new ServedStorage(name, s, settings.invalidationQueueSize())));
    this.commitExecutor = Executors.newCachedThreadPool(daemon("zeo-vote"));
    this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("zeo-server-timer"));
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Binds every address; on failure closes what was bound and rethrows. */
  public List<String> listen(List<String> addresses) throws IOException {
    List<String> bound = new ArrayList<>();
    try {
      for (String address : addresses) {
        String scheme = schemeOf(address);
        TransportServer ts = ProviderRegistry.transports().get(scheme).listen(address);
        listeners.add(ts);
        bound.add(ts.address());
      }
    } catch (IOException | RuntimeException e) {
      // the caller still owns its storages: release only what this attempt took
      listeners.forEach(ServerCore::closeQuietly);
      storages.values().forEach(ServedStorage::detach);
      commitExecutor.shutdownNow();
      scheduler.shutdownNow();
      closing = true;
      throw e;
    }
    for (TransportServer ts : listeners) {
      Thread t = new Thread(() -> acceptLoop(ts), "zeo-accept " + ts.address());
      t.setDaemon(true);
      acceptors.add(t);
      t.start();
      LOG.log(INFO, "ZEO server listening on " + ts.address() + " serving " + storageNames());
    }
    this.addresses = List.copyOf(bound);
    return bound;
  }

  static String schemeOf(String address) {
    int colon = address.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("not an address (expected scheme:..., e.g. tcp://127.0.0.1:8100): \""
          + address + "\"");
    }
    return address.substring(0, colon);
  }

  private void acceptLoop(TransportServer ts) {
    while (!closing) {
      TransportChannel c;
      try {
        c = ts.accept();
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        if (!closing) {
          LOG.log(ERROR, "accepting on " + ts.address() + " failed", e);
        }
        return;
      }
      if (closing) {
        closeQuietly(c);
        return;
      }
      ServerConnection conn = new ServerConnection(this, c);
      connections.add(conn);
      conn.start();
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // shutting down anyway
    }
  }

  ServerSettings settings() {
    return settings;
  }

  ServedStorage storage(String name) {
    return storages.get(name);
  }

  public List<String> storageNames() {
    return List.copyOf(storages.keySet());
  }

  /** The served storage of that name, for the server's own tools and tests. */
  public ServedStorage served(String name) {
    return storages.get(name);
  }

  ExecutorService commitExecutor() {
    return commitExecutor;
  }

  ScheduledExecutorService scheduler() {
    return scheduler;
  }

  void closed(ServerConnection c) {
    connections.remove(c);
  }

  /** A snapshot of the storages' counters and the open connections, oldest first. */
  public io.zeo.core.ServerStatus status() {
    List<io.zeo.core.ServerStatus.StorageStatus> st = new ArrayList<>();
    for (ServedStorage s : storages.values()) {
      st.add(s.status());
    }
    List<io.zeo.core.ServerStatus.ConnectionStatus> cs = new ArrayList<>();
    for (ServerConnection c : connections) {
      c.status().ifPresent(cs::add);
    }
    cs.sort(java.util.Comparator.comparing(io.zeo.core.ServerStatus.ConnectionStatus::since)
        .thenComparing(io.zeo.core.ServerStatus.ConnectionStatus::peer));
    return new io.zeo.core.ServerStatus(started, addresses, st, cs);
  }

  public int connectionCount() {
    return connections.size();
  }

  /**
   * Stops accepting, closes every connection (aborting open transactions and releasing the
   * commit lock), closes the storages, and returns when the accept threads are gone.
   */
  public void close() {
    if (closing) {
      return;
    }
    closing = true;
    for (TransportServer ts : listeners) {
      closeQuietly(ts);
    }
    for (ServerConnection c : connections) {
      c.close("server shutting down");
    }
    commitExecutor.shutdownNow();
    scheduler.shutdownNow();
    for (ServedStorage s : storages.values()) {
      s.detach();
      try {
        s.storage().close();
      } catch (RuntimeException e) {
        LOG.log(ERROR, "closing storage " + s.name() + " failed", e);
      }
    }
    for (Thread t : acceptors) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    LOG.log(INFO, "ZEO server stopped");
  }
}
