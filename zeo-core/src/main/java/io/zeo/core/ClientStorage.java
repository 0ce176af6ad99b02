package io.zeo.core;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import io.zeo.core.internal.client.ClientConnection;
import io.zeo.core.internal.client.ClientTxn;
import io.zeo.core.internal.client.ConnectOptions;
import io.zeo.core.internal.client.LoadTracker;
import io.zeo.core.internal.client.RemoteIterator;
import io.zeo.core.internal.wire.MessageReader;
import io.zeo.core.internal.wire.Wire;
import io.zeo.spi.AuthClientConfig;
import io.zeo.spi.CacheStats;
import io.zeo.spi.ClientCache;
import io.zeo.spi.ClientCacheConfig;
import io.zeo.spi.ClientDisconnectedError;
import io.zeo.spi.ConflictError;
import io.zeo.spi.ConflictResolver;
import io.zeo.spi.HistoryEntry;
import io.zeo.spi.LoadResult;
import io.zeo.spi.ReadConflictError;
import io.zeo.spi.ReadOnlyError;
import io.zeo.spi.ReferenceFinder;
import io.zeo.spi.Revision;
import io.zeo.spi.Storage;
import io.zeo.spi.StorageError;
import io.zeo.spi.StorageInfo;
import io.zeo.spi.StorageIterator;
import io.zeo.spi.StorageListener;
import io.zeo.spi.StorageTransactionError;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import io.zeo.spi.UndoError;
import io.zeo.spi.UndoLogEntry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A {@link Storage} served by a {@link ZeoServer}: reads through a local {@link ClientCache} kept
 * coherent by the invalidations the server pushes, commits through the server.
 *
 * <pre>{@code
 * Storage s = Zeo.open("zeo+tcp://db1:8100?storage=main&cache-size=64MB");
 * // or
 * ClientStorage s = ClientStorage.builder().address("unix:/run/zeo/zeo.sock").storage("main").open();
 * }</pre>
 *
 * <h2>Coherence</h2>
 * Invalidations and replies are applied to the cache on the connection's reader thread in the
 * order they arrive; listeners hear of every transaction (this client's own commits included)
 * before {@link #lastTransaction()} moves to its tid. A load answered as current while an
 * invalidation of the same object crossed it on the wire is cached as no longer current.
 *
 * <h2>Commits</h2>
 * Begin and stores travel one-way in batches, the last batch with the vote, so a small commit
 * costs two round trips (vote, finish). Conflicts the server reports at vote are resolved here
 * with this storage's {@link ConflictResolver}: the original and committed revisions are loaded,
 * the merged data re-stored and the vote repeated. {@link #pack} uses the server's
 * {@link ReferenceFinder} (the record envelope by default); the one passed is not sent.
 *
 * <p>Thread-safe; several transactions may be in progress at once.
 */
public final class ClientStorage implements Storage {
  private static final System.Logger LOG = System.getLogger(ClientStorage.class.getName());
  /** How many oids one newOids call fetches ahead. */
  static final int OID_BATCH = 100;
  /** Gives up resolving after this many vote rounds (each resolves one conflict). */
  static final int MAX_RESOLUTION_ROUNDS = 1000;

  private final Builder cfg;
  private final String name;
  private final ClientCache cache;
  private final List<StorageListener> listeners = new CopyOnWriteArrayList<>();
  private final Map<TransactionMetadata, ClientTxn> txns = Collections.synchronizedMap(new IdentityHashMap<>());
  private final AtomicInteger txnIds = new AtomicInteger();
  private final ArrayDeque<Long> oids = new ArrayDeque<>();
  private final LoadTracker loads = new LoadTracker();
  private final Events events = new Events();
  private volatile ConflictResolver resolver = ConflictResolver.NONE;
  private volatile ClientConnection conn;
  private volatile StorageInfo info;
  private volatile long lastTid;
  private volatile boolean closed;
  /** Counts connections taken into use: a transaction begun on one never commits on another. */
  private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();
  private Thread reconnector;
  private Thread heartbeat;
  private Thread upgrader;
  /** Notified whenever a connection is taken into use. */
  private final Object connectedSignal = new Object();
  /** Threads in a connection attempt (see {@link #connecting}). */
  private final Set<Thread> connectingThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private ClientStorage(Builder cfg) {
    this.cfg = cfg;
    this.name = cfg.storage + "@" + String.join(",", cfg.addresses);
    this.cache = ProviderRegistry.caches().get(cfg.cacheKind)
        .open(new ClientCacheConfig(name, cfg.cacheSize, Optional.ofNullable(cfg.cachePath)));
    try {
      // The first hello offers the cache's last tid, so a persistent cache is verified too.
      lastTid = cache.lastTid();
      List<String> failures = new ArrayList<>();
      if (tryConnect(failures) == null) {
        if (cfg.waitForServer) {
          throw new ClientDisconnectedError("cannot connect to storage " + cfg.storage + ": " + failures);
        }
        info = new StorageInfo(name, cache.lastTid(), 0, cfg.readOnly, false, false);
        lastTid = cache.lastTid();
        startReconnecting();
      }
      startHeartbeat();
    } catch (RuntimeException e) {
      cache.close();
      throw e;
    }
  }

  /** A builder; give at least one address. */
  public static Builder builder() {
    return new Builder();
  }

  /** One pass over the addresses: a connected, verified connection, or null. */
  private ClientConnection tryConnect(List<String> failures) {
    return connecting(() -> tryConnectOnce(failures));
  }

  /**
   * Runs a connection attempt (handshake, verification, taking it into use) during which
   * application calls on other threads wait for it (up to wait-timeout) instead of failing.
   */
  private <T> T connecting(java.util.function.Supplier<T> attempt) {
    connectingThreads.add(Thread.currentThread());
    try {
      return attempt.get();
    } finally {
      connectingThreads.remove(Thread.currentThread());
      synchronized (connectedSignal) {
        connectedSignal.notifyAll();
      }
    }
  }

  private ClientConnection tryConnectOnce(List<String> failures) {
    ConnectOptions opts = options(cfg.readOnly);
    ClientConnection fallback = null;
    for (String address : cfg.addresses) {
      try {
        ClientConnection c = ClientConnection.connect(address, opts, events);
        if (wantsWritable() && c.handshakeInfo().readOnly()) {
          failures.add(address + ": read-only");
          if (fallback == null) {
            fallback = c; // kept in case no writable server answers
          } else {
            c.close();
          }
          continue;
        }
        if (fallback != null) {
          fallback.close();
        }
        attach(c);
        LOG.log(INFO, "connected to storage " + cfg.storage + " at " + address + " (last tid "
            + Tid.toHex(lastTid) + ")");
        return c;
      } catch (IOException | ClientDisconnectedError e) {
        failures.add(address + ": " + e.getMessage());
      }
    }
    if (fallback != null) {
      attach(fallback);
      LOG.log(INFO, "no writable server for storage " + cfg.storage + "; read-only fallback to "
          + fallback.address() + " (" + failures + ")");
      startUpgrading();
      return fallback;
    }
    return null;
  }

  private ConnectOptions options(boolean readOnly) {
    return new ConnectOptions(cfg.storage, readOnly, cfg.compressions, cfg.authMechanism, cfg.authConfig,
        cfg.maxFrameSize, cfg.connectTimeout, "ClientStorage " + ProcessHandle.current().pid(), lastTid);
  }

  /** With read-only-fallback: a read-only server is taken only when no writable one answers. */
  private boolean wantsWritable() {
    return cfg.readOnlyFallback && !cfg.readOnly;
  }

  /**
   * While on a read-only fallback, keeps looking for a writable server (with the reconnection
   * backoff) and switches to the first that answers.
   */
  private synchronized void startUpgrading() {
    if (closed || (upgrader != null && upgrader.isAlive())) {
      return;
    }
    upgrader = new Thread(() -> {
      long delay = Math.max(1, cfg.minDisconnectPoll.toMillis());
      java.util.Random jitter = new java.util.Random();
      while (!closed) {
        try {
          delay = backOff(delay, jitter);
        } catch (InterruptedException e) {
          return;
        }
        ClientConnection current = conn;
        if (current == null) {
          continue; // the reconnector is at work and prefers writable servers itself
        }
        if (!current.handshakeInfo().readOnly()) {
          return;
        }
        ClientConnection writable = connecting(() -> {
          ClientConnection w = connectWritable();
          if (w != null) {
            conn = null; // the old connection's close is then no disconnect to recover from
            current.close();
            attach(w);
          }
          return w;
        });
        if (writable != null) {
          LOG.log(INFO, "storage " + cfg.storage + " switched from read-only " + current.address()
              + " to writable " + writable.address());
          return;
        }
      }
    }, "zeo-upgrade " + name);
    upgrader.setDaemon(true);
    upgrader.start();
  }

  /** Sleeps {@code delay} ms plus up to a quarter more at random; returns the next delay. */
  private long backOff(long delay, java.util.Random jitter) throws InterruptedException {
    Thread.sleep(delay + jitter.nextInt((int) Math.min(Integer.MAX_VALUE, delay / 4 + 1)));
    return Math.min(delay * 2, Math.max(delay, cfg.maxDisconnectPoll.toMillis()));
  }

  /** A handshaken, not yet started connection to a writable server, or null. */
  private ClientConnection connectWritable() {
    ConnectOptions opts = options(false);
    for (String address : cfg.addresses) {
      try {
        ClientConnection c = ClientConnection.connect(address, opts, events);
        if (!c.handshakeInfo().readOnly()) {
          return c;
        }
        c.close();
      } catch (IOException | ClientDisconnectedError e) {
        LOG.log(INFO, "writable server for storage " + cfg.storage + " not at " + address + ": " + e.getMessage());
      }
    }
    return null;
  }

  /**
   * Takes a fresh connection into use: applies the server's verification of the cache (the
   * transactions since our last tid, or "too far": drop everything) before the connection's
   * reader starts, so no push overtakes it and no call sees the cache half verified.
   */
  private void attach(ClientConnection c) {
    StorageInfo i = c.handshakeInfo();
    ClientConnection.Verification v = c.verification();
    long mine = lastTid;
    boolean behind = Long.compareUnsigned(i.lastTid(), mine) < 0;
    if (mine != Tid.NONE && (behind || v == null || v.tooFar())) {
      LOG.log(INFO, "server at " + c.address() + (behind ? " is behind this client" : " cannot verify the cache")
          + "; dropping the cache");
      cache.clear();
      events.tell(l -> l.invalidateAll(i.lastTid()));
    } else if (v != null) {
      for (Map.Entry<Long, List<Long>> e : v.transactions()) {
        events.apply(e.getKey(), e.getValue());
      }
    }
    info = i;
    lastTid = i.lastTid();
    cache.setLastTid(i.lastTid());
    synchronized (oids) {
      oids.clear();
    }
    generation.incrementAndGet();
    conn = c;
    c.start();
    synchronized (connectedSignal) {
      connectedSignal.notifyAll();
    }
  }

  /** Waits while a connection attempt is under way, up to {@code timeout}. */
  private void awaitAttempt(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (connectedSignal) {
      while (!isConnected() && !closed && !connectingThreads.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        try {
          connectedSignal.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Waits up to {@code timeout} for a connection; true if connected. */
  public boolean awaitConnected(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (connectedSignal) {
      while (!isConnected() && !closed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          connectedSignal.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return isConnected();
  }

  private synchronized void startReconnecting() {
    if (closed || reconnector != null) {
      return; // the running one sees conn == null before it stops (see reconnectorDone)
    }
    reconnector = new Thread(() -> {
      long delay = Math.max(1, cfg.minDisconnectPoll.toMillis());
      java.util.Random jitter = new java.util.Random();
      while (!reconnectorDone()) {
        List<String> failures = new ArrayList<>();
        if (tryConnect(failures) != null) {
          delay = Math.max(1, cfg.minDisconnectPoll.toMillis());
          continue; // connected; if it is lost already, reconnectorDone says go on
        }
        LOG.log(INFO, "reconnecting to storage " + cfg.storage + " failed (" + failures + "); next try in "
            + delay + " ms");
        try {
          delay = backOff(delay, jitter);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "zeo-reconnect " + name);
    reconnector.setDaemon(true);
    reconnector.start();
  }

  /**
   * The reconnector stops only when connected (or closed), deciding under the same lock as
   * {@link #startReconnecting}: a connection lost just after it connected is never left alone.
   */
  private synchronized boolean reconnectorDone() {
    if (closed || conn != null) {
      reconnector = null;
      return true;
    }
    return false;
  }

  private void startHeartbeat() {
    long interval = cfg.heartbeat.toNanos();
    if (interval <= 0) {
      return;
    }
    heartbeat = new Thread(() -> {
      while (!closed) {
        try {
          Thread.sleep(Math.max(1, cfg.heartbeat.toMillis() / 2));
        } catch (InterruptedException e) {
          return;
        }
        ClientConnection c = conn;
        if (c == null || c.isClosed()) {
          continue;
        }
        long silent = System.nanoTime() - c.lastReceived();
        if (silent > 2 * interval) {
          LOG.log(WARNING, "no word from " + c.address() + " for " + silent / 1_000_000 + " ms; reconnecting");
          c.closeSilent("server silent for " + silent / 1_000_000 + " ms");
        } else if (silent > interval) {
          c.pingAsync();
        }
      }
    }, "zeo-heartbeat " + name);
    heartbeat.setDaemon(true);
    heartbeat.start();
  }

  private ClientConnection conn() {
    if (closed) {
      throw new StorageError("storage " + name + " is closed");
    }
    ClientConnection c = conn;
    if ((c == null || c.isClosed()) && !connectingThreads.isEmpty()
        && !connectingThreads.contains(Thread.currentThread())) {
      awaitAttempt(cfg.waitTimeout); // a handshake is under way: wait for it rather than fail
      c = conn;
    }
    if (c == null || c.isClosed()) {
      throw new ClientDisconnectedError("storage " + name + " is not connected to a server");
    }
    return c;
  }

  /** True while connected to a server. */
  public boolean isConnected() {
    ClientConnection c = conn;
    return c != null && !c.isClosed();
  }

  private void checkOpen() {
    if (closed) {
      throw new StorageError("storage " + name + " is closed");
    }
  }

  @Override
  public String getName() {
    return name;
  }

  // ---------------------------------------------------------------- reads

  @Override
  public LoadResult load(long oid) {
    checkOpen();
    Optional<LoadResult> hit = cache.load(oid);
    if (hit.isPresent()) {
      return hit.get(); // also while disconnected: current as of the last tid seen
    }
    ClientConnection c = conn();
    loads.begin(oid);
    try {
      return c.call(Wire.LOAD, w -> w.i64(oid), r -> {
        byte[] data = r.bytes();
        long serial = r.i64();
        r.end();
        cache.store(oid, serial, loads.endFor(oid, serial), data);
        return new LoadResult(data, serial);
      });
    } finally {
      loads.end(oid);
    }
  }

  @Override
  public Optional<Revision> loadBefore(long oid, long tid) {
    checkOpen();
    Optional<Revision> hit = cache.loadBefore(oid, tid);
    if (hit.isPresent()) {
      return hit;
    }
    ClientConnection c = conn();
    loads.begin(oid);
    try {
      return c.call(Wire.LOAD_BEFORE, w -> w.i64(oid).i64(tid), r -> {
        if (!r.bool()) {
          r.end();
          return Optional.<Revision>empty();
        }
        byte[] data = r.bytes();
        long start = r.i64();
        long end = r.i64();
        r.end();
        cache.store(oid, start, end == Tid.NONE ? loads.endFor(oid, start) : end, data);
        return Optional.of(new Revision(data, start, end));
      });
    } finally {
      loads.end(oid);
    }
  }

  @Override
  public byte[] loadSerial(long oid, long serial) {
    // never from the cache: pack may have removed the revision on the server
    return conn().call(Wire.LOAD_SERIAL, w -> w.i64(oid).i64(serial), r -> {
      byte[] data = r.bytes();
      r.end();
      return data;
    });
  }

  /**
   * The last tid this client has seen. With {@link Builder#serverSync} a round trip first makes
   * sure every commit the server finished before the call has been applied here.
   */
  @Override
  public long lastTransaction() {
    if (cfg.serverSync && isConnected()) {
      sync();
    }
    return lastTid;
  }

  /**
   * One round trip to the server: when it returns, every invalidation the server sent before
   * has been applied (ZEO's {@code server_sync}).
   */
  public void sync() {
    ClientConnection c = conn();
    if (c.isReaderThread()) {
      return; // a listener: everything up to this invalidation is applied already
    }
    c.call(Wire.PING, w -> {}, r -> null);
  }

  @Override
  public List<HistoryEntry> history(long oid, int size) {
    if (size < 1) {
      throw new IllegalArgumentException("history size " + size + " is less than 1");
    }
    return conn().call(Wire.HISTORY, w -> w.i64(oid).i32(size), r -> {
      int n = r.count(8);
      List<HistoryEntry> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(new HistoryEntry(r.i64(), r.string(), r.string(), Wire.readMap(r), r.i32()));
      }
      return out;
    });
  }

  @Override
  public StorageIterator iterator(long start, long stop) {
    return new RemoteIterator(conn(), start, stop);
  }

  @Override
  public long size() {
    return info().size();
  }

  @Override
  public StorageInfo info() {
    StorageInfo i = info;
    return new StorageInfo(name, lastTid, i.size(), isReadOnly(), i.supportsUndo(), i.supportsPack());
  }

  @Override
  public boolean isReadOnly() {
    StorageInfo i = info;
    return cfg.readOnly || (i != null && i.readOnly());
  }

  private void checkWritable() {
    if (isReadOnly()) {
      throw new ReadOnlyError("storage " + name + " is read-only");
    }
  }

  /** The cache's counters. */
  public CacheStats cacheStats() {
    return cache.stats();
  }

  // ---------------------------------------------------------------- writes

  @Override
  public long newOid() {
    checkWritable();
    synchronized (oids) {
      if (oids.isEmpty()) {
        oids.addAll(conn().call(Wire.NEW_OIDS, w -> w.i32(OID_BATCH), MessageReader::longs));
      }
      return oids.removeFirst();
    }
  }

  @Override
  public void tpcBegin(TransactionMetadata txn) {
    begin(txn, Tid.NONE, ' ');
  }

  @Override
  public void tpcBegin(TransactionMetadata txn, long tid, char status) {
    if (Long.compareUnsigned(tid, lastTid) <= 0) {
      throw new StorageTransactionError("tid " + Tid.toHex(tid) + " is not later than the last committed tid "
          + Tid.toHex(lastTid));
    }
    begin(txn, tid, status);
  }

  private void begin(TransactionMetadata txn, long tid, char status) {
    checkWritable();
    conn();
    ClientTxn t = new ClientTxn(txnIds.incrementAndGet(), txn);
    t.generation = generation.get();
    if (tid == Tid.NONE) {
      t.begin();
    } else {
      t.begin(tid, status);
    }
    synchronized (txns) {
      if (txns.containsKey(txn)) {
        throw new StorageTransactionError("transaction " + txn + " is already in progress");
      }
      txns.put(txn, t);
    }
  }

  private ClientTxn open(TransactionMetadata txn) {
    checkWritable(); // before the transaction check, as ZEO's _check_trans
    ClientTxn t = txns.get(txn);
    if (t == null) {
      throw new StorageTransactionError("transaction " + txn + " was not begun here");
    }
    checkSameConnection(t);
    if (t.voted) {
      throw new StorageTransactionError("transaction " + txn + " has already voted");
    }
    return t;
  }

  @Override
  public void store(long oid, long serial, byte[] data, TransactionMetadata txn) {
    if (oid < 0) {
      throw new IllegalArgumentException("oid " + Long.toUnsignedString(oid) + " is negative");
    }
    ClientTxn t = open(txn);
    t.store(oid, serial, data);
    flushIfFull(t);
  }

  @Override
  public void checkCurrentSerial(long oid, long serial, TransactionMetadata txn) {
    ClientTxn t = open(txn);
    t.check(oid, serial);
    flushIfFull(t);
  }

  @Override
  public void restore(long oid, long serial, byte[] data, long dataTid, TransactionMetadata txn) {
    ClientTxn t = open(txn);
    if (!t.withTid) {
      throw new StorageTransactionError("restore needs a transaction begun with a tid (tpcBegin(txn, tid, status))");
    }
    t.restore(oid, serial, data, dataTid);
    flushIfFull(t);
  }

  /** A transaction begun before a disconnect fails: it must never commit after the reconnect. */
  private void checkSameConnection(ClientTxn t) {
    if (t.generation != generation.get() || !isConnected()) {
      throw new ClientDisconnectedError("the connection to the server was lost during transaction " + t.meta);
    }
  }

  private void flushIfFull(ClientTxn t) {
    if (t.full()) {
      conn().oneway(Wire.TXN_OPS, t::drainInto);
    }
  }

  @Override
  public Set<Long> tpcVote(TransactionMetadata txn) {
    ClientTxn t = open(txn);
    Set<Long> resolved = new LinkedHashSet<>();
    for (int round = 0; ; round++) {
      try {
        List<Long> byServer = conn().call(Wire.VOTE, t::drainInto, MessageReader::longs);
        if (t.aborted) {
          // aborted by another thread while the vote was on its way: undo the server's vote
          conn().oneway(Wire.ABORT, w -> w.i32(t.id));
          throw new StorageTransactionError("transaction " + txn + " was aborted while it voted");
        }
        resolved.addAll(byServer);
        resolved.addAll(t.resolved);
        t.voted = true;
        return resolved;
      } catch (ReadConflictError e) {
        throw e;
      } catch (ConflictError e) {
        if (round >= MAX_RESOLUTION_ROUNDS || !resolve(t, e)) {
          throw e;
        }
      }
    }
  }

  /** Merges one reported conflict and queues the merged data; false if it cannot. */
  private boolean resolve(ClientTxn t, ConflictError e) {
    ConflictResolver r = resolver;
    byte[] mine = t.stored.get(e.oid());
    if (r == ConflictResolver.NONE || mine == null) {
      return false;
    }
    Optional<byte[]> merged;
    try {
      byte[] original = e.oldSerial() == Tid.NONE ? null : loadSerial(e.oid(), e.oldSerial());
      byte[] committed = loadSerial(e.oid(), e.committedSerial());
      merged = r.resolve(e.oid(), original, committed, mine);
    } catch (StorageError | IllegalArgumentException ex) {
      LOG.log(WARNING, "conflict resolution of oid " + e.oid() + " failed: " + ex);
      return false;
    } catch (RuntimeException ex) {
      LOG.log(WARNING, "conflict resolver threw for oid " + e.oid() + ": " + ex);
      return false;
    }
    if (merged.isEmpty()) {
      return false;
    }
    t.store(e.oid(), e.committedSerial(), merged.get());
    t.resolved.add(e.oid());
    return true;
  }

  @Override
  public long tpcFinish(TransactionMetadata txn) {
    ClientTxn t = txns.get(txn);
    if (t == null) {
      throw new StorageTransactionError("transaction " + txn + " was not begun here");
    }
    if (!t.voted) {
      throw new StorageTransactionError("transaction " + txn + " has not voted");
    }
    checkSameConnection(t);
    long before = lastTid;
    ClientConnection c = conn();
    try {
      return c.call(Wire.FINISH, w -> w.i32(t.id), r -> {
        long tid = r.i64();
        StorageInfo i = Wire.readInfo(r);
        r.end();
        events.committed(tid, t, i);
        return tid;
      });
    } catch (ClientDisconnectedError e) {
      throw new ClientDisconnectedError("the connection was lost while transaction " + txn
          + " finished; " + finishOutcome(t, before), e);
    } finally {
      txns.remove(txn);
    }
  }

  /**
   * Whether a transaction whose finish reply was lost committed: after reconnecting, look for it
   * among the transactions committed since the last tid seen before the finish (same metadata,
   * same oids). No other transaction can have stored those oids between its vote and finish.
   */
  private String finishOutcome(ClientTxn t, long before) {
    if (!awaitConnected(cfg.waitTimeout)) {
      return "whether it committed is unknown (not reconnected within " + cfg.waitTimeout + ")";
    }
    try (StorageIterator it = iterator(before + 1, -1L)) {
      while (it.hasNext()) {
        io.zeo.spi.TransactionRecord r = it.next();
        Set<Long> oidsOf = new LinkedHashSet<>();
        r.records().forEach(d -> oidsOf.add(d.oid()));
        if (r.metadata().sameContent(t.meta) && oidsOf.containsAll(t.stored.keySet())) {
          return "it committed with tid " + Tid.toHex(r.tid());
        }
      }
      return "it was not committed";
    } catch (RuntimeException e) {
      return "whether it committed is unknown (" + e + ")";
    }
  }

  @Override
  public void tpcAbort(TransactionMetadata txn) {
    ClientTxn t = txns.remove(txn);
    if (t != null) {
      t.aborted = true;
    }
    if (t == null || !t.sentAny || t.generation != generation.get()) {
      return; // nothing on the server, or the server dropped it with the old connection
    }
    ClientConnection c = conn;
    if (c != null && !c.isClosed()) {
      try {
        c.oneway(Wire.ABORT, w -> w.i32(t.id));
      } catch (ClientDisconnectedError e) {
        // the server aborts it when the connection goes
      }
    }
  }

  // ---------------------------------------------------------------- pack and undo

  /** Packs on the server and waits; {@code references} is not sent (see the class comment). */
  @Override
  public void pack(long packTid, ReferenceFinder references) {
    checkWritable();
    conn().call(Wire.PACK, w -> w.i64(packTid).bool(true), r -> null);
  }

  @Override
  public boolean supportsPack() {
    return info.supportsPack();
  }

  @Override
  public boolean supportsUndo() {
    return info.supportsUndo();
  }

  @Override
  public List<UndoLogEntry> undoLog(int first, int last, Predicate<UndoLogEntry> filter) {
    int want = last < 0 ? -last : last - first;
    if (want <= 0) {
      return List.of();
    }
    if (filter == null) {
      return fetchUndoLog(first, first + want);
    }
    // the filter cannot travel: page through the log and filter here
    List<UndoLogEntry> out = new ArrayList<>();
    int skipped = 0;
    int from = 0;
    int page = Math.max(want, 100);
    while (out.size() < want) {
      List<UndoLogEntry> batch = fetchUndoLog(from, from + page);
      for (UndoLogEntry e : batch) {
        if (filter.test(e)) {
          if (skipped < first) {
            skipped++;
          } else if (out.size() < want) {
            out.add(e);
          }
        }
      }
      if (batch.size() < page) {
        break;
      }
      from += page;
    }
    return out;
  }

  private List<UndoLogEntry> fetchUndoLog(int first, int last) {
    return conn().call(Wire.UNDO_LOG, w -> w.i32(first).i32(last), r -> {
      int n = r.count(8);
      List<UndoLogEntry> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(new UndoLogEntry(r.i64(), r.string(), r.string(), Wire.readMap(r)));
      }
      return out;
    });
  }

  @Override
  public Set<Long> undo(long undoneTid, TransactionMetadata txn) {
    ClientTxn t = open(txn);
    Map<Long, byte[]> merges = new java.util.LinkedHashMap<>();
    while (true) {
      try {
        List<Long> changed = conn().call(Wire.UNDO, w -> {
          w.i64(undoneTid).i32(merges.size());
          merges.forEach((oid, data) -> w.i64(oid).bytes(data));
          t.drainInto(w);
        }, MessageReader::longs);
        t.changedElsewhere.addAll(changed);
        t.undoMerges.putAll(merges);
        return new LinkedHashSet<>(changed);
      } catch (UndoError e) {
        if (e.oid() == -1 || merges.containsKey(e.oid()) || !mergeUndo(e.oid(), undoneTid, merges, t.undoMerges)) {
          throw e;
        }
      }
    }
  }

  /**
   * Resolves an undo conflict here, with the resolver's undo roles: original = the revision
   * being undone, committed = the current one (an earlier undo's merge in this transaction, else
   * the committed revision), mine = the one before the undone revision.
   */
  private boolean mergeUndo(long oid, long undoneTid, Map<Long, byte[]> merges, Map<Long, byte[]> earlier) {
    ConflictResolver r = resolver;
    if (r == ConflictResolver.NONE) {
      return false;
    }
    try {
      byte[] undone = loadSerial(oid, undoneTid);
      Optional<Revision> before = loadBefore(oid, undoneTid);
      if (before.isEmpty()) {
        return false;
      }
      byte[] current = earlier.containsKey(oid) ? earlier.get(oid)
          : conn().call(Wire.LOAD, w -> w.i64(oid), rd -> rd.bytes());
      Optional<byte[]> merged = r.resolve(oid, undone, current, before.get().data());
      merged.ifPresent(m -> merges.put(oid, m));
      return merged.isPresent();
    } catch (RuntimeException ex) {
      LOG.log(WARNING, "resolving the undo conflict of oid " + oid + " failed: " + ex);
      return false;
    }
  }

  // ---------------------------------------------------------------- plumbing

  @Override
  public void addListener(StorageListener listener) {
    listeners.add(listener);
  }

  @Override
  public void removeListener(StorageListener listener) {
    listeners.remove(listener);
  }

  @Override
  public void setConflictResolver(ConflictResolver resolver) {
    this.resolver = resolver == null ? ConflictResolver.NONE : resolver;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<TransactionMetadata> open;
    synchronized (txns) {
      open = new ArrayList<>(txns.keySet());
    }
    open.forEach(this::tpcAbort);
    for (Thread t : new Thread[] {reconnector, heartbeat, upgrader}) {
      if (t != null) {
        t.interrupt();
      }
    }
    ClientConnection c = conn;
    if (c != null) {
      c.close();
    }
    cache.close();
  }

  @Override
  public String toString() {
    return "ClientStorage[" + name + "]";
  }

  /** What the connection's reader thread applies, in wire order. */
  private final class Events implements ClientConnection.Events {
    @Override
    public void invalidate(long tid, List<Long> changed) {
      if (Long.compareUnsigned(tid, lastTid) <= 0) {
        return; // committed before the handshake's info: already covered
      }
      apply(tid, changed);
    }

    void apply(long tid, List<Long> changed) {
      for (long oid : changed) {
        cache.invalidate(oid, tid);
        loads.invalidated(oid, tid);
      }
      Set<Long> set = Collections.unmodifiableSet(new LinkedHashSet<>(changed));
      tell(l -> l.invalidate(tid, set));
      advance(tid);
    }

    /** This client's own commit, from the finish reply, on the reader thread. */
    void committed(long tid, ClientTxn t, StorageInfo i) {
      Set<Long> changed = new LinkedHashSet<>();
      for (Map.Entry<Long, byte[]> e : t.stored.entrySet()) {
        long oid = e.getKey();
        cache.invalidate(oid, tid);
        loads.invalidated(oid, tid);
        if (e.getValue() != null) {
          cache.store(oid, tid, Tid.NONE, e.getValue());
        }
        changed.add(oid);
      }
      for (long oid : t.changedElsewhere) {
        cache.invalidate(oid, tid);
        loads.invalidated(oid, tid);
        changed.add(oid);
      }
      Set<Long> set = Collections.unmodifiableSet(changed);
      tell(l -> l.invalidate(tid, set));
      info = i;
      advance(tid);
      StorageInfo now = ClientStorage.this.info();
      tell(l -> l.infoChanged(now));
    }

    private void advance(long tid) {
      if (Long.compareUnsigned(tid, lastTid) > 0) {
        cache.setLastTid(tid);
        lastTid = tid;
      }
    }

    @Override
    public void info(StorageInfo i) {
      info = i;
      StorageInfo now = ClientStorage.this.info();
      tell(l -> l.infoChanged(now));
    }

    @Override
    public void packed(StorageInfo i) {
      cache.clear();
      cache.setLastTid(lastTid);
      info(i);
    }

    @Override
    public void disconnected(ClientConnection c, Throwable cause) {
      if (!closed && c == conn) {
        conn = null;
        LOG.log(WARNING, "lost the connection to " + c.address() + (cause == null ? "" : ": " + cause)
            + "; reads come from the cache until it is back");
        startReconnecting();
      }
    }

    void tell(java.util.function.Consumer<StorageListener> call) {
      for (StorageListener l : listeners) {
        try {
          call.accept(l);
        } catch (RuntimeException e) {
          LOG.log(WARNING, "storage listener " + l + " failed", e);
        }
      }
    }
  }

  /** Configures and opens a {@link ClientStorage}. */
  public static final class Builder {
    private final List<String> addresses = new ArrayList<>();
    private String storage = "1";
    private long cacheSize = 64L * 1024 * 1024;
    private String cacheKind = "memory";
    private java.nio.file.Path cachePath;
    private boolean readOnly;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private List<String> compressions = ProviderRegistry.compressions().names();
    private String authMechanism;
    private AuthClientConfig authConfig;
    private int maxFrameSize = 64 * 1024 * 1024;
    private boolean serverSync;
    private boolean waitForServer = true;
    private Duration minDisconnectPoll = Duration.ofSeconds(1);
    private Duration maxDisconnectPoll = Duration.ofSeconds(30);
    private Duration heartbeat = Duration.ofSeconds(10);
    private Duration waitTimeout = Duration.ofSeconds(30);
    private boolean readOnlyFallback;

    private Builder() {}

    /**
     * Block {@link #open()} until a server answers (default true); when false, open returns at
     * once and the storage connects in the background (reads the cache cannot serve and every
     * write fail with {@link ClientDisconnectedError} meanwhile).
     */
    public Builder waitForServer(boolean wait) {
      this.waitForServer = wait;
      return this;
    }

    /**
     * How long an application call waits for a connection attempt under way (handshake and
     * cache verification) before failing with {@link ClientDisconnectedError}, and how long a
     * commit whose finish reply was lost waits for a reconnection to learn whether it committed
     * (said in the error); default 30 s. Between attempts calls fail at once.
     */
    public Builder waitTimeout(Duration d) {
      this.waitTimeout = java.util.Objects.requireNonNull(d, "d");
      return this;
    }

    /** First delay between reconnection attempts; it doubles up to the maximum. Default 1 s. */
    public Builder minDisconnectPoll(Duration d) {
      this.minDisconnectPoll = java.util.Objects.requireNonNull(d, "d");
      return this;
    }

    /** Longest delay between reconnection attempts; default 30 s. */
    public Builder maxDisconnectPoll(Duration d) {
      this.maxDisconnectPoll = java.util.Objects.requireNonNull(d, "d");
      return this;
    }

    /**
     * A connection silent this long is pinged, and closed (then reconnected) when silent twice
     * as long; zero turns heartbeats off. Default 10 s.
     */
    public Builder heartbeat(Duration d) {
      this.heartbeat = java.util.Objects.requireNonNull(d, "d");
      return this;
    }

    /**
     * Make {@link ClientStorage#lastTransaction()} a round trip that first applies every
     * invalidation the server has sent (ZEO's {@code server_sync}); default false, when it
     * returns what this client has seen so far at no cost.
     */
    public Builder serverSync(boolean sync) {
      this.serverSync = sync;
      return this;
    }

    /** A server address ({@code tcp://host:port}, {@code unix:/path}, {@code inproc:name}); tried in order. */
    public Builder address(String address) {
      addresses.add(java.util.Objects.requireNonNull(address, "address"));
      return this;
    }

    /** The served storage's name; default {@code "1"} (ZEO's default). */
    public Builder storage(String name) {
      this.storage = java.util.Objects.requireNonNull(name, "name");
      return this;
    }

    /** Cache bound in bytes; default 64 MiB. */
    public Builder cacheSize(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("cache size " + bytes + " is negative");
      }
      this.cacheSize = bytes;
      return this;
    }

    /** The {@link io.zeo.spi.ClientCacheProvider} name; default {@code memory}. */
    public Builder cache(String kind) {
      this.cacheKind = java.util.Objects.requireNonNull(kind, "kind");
      return this;
    }

    /**
     * Where the cache keeps its file, for a persistent cache that survives restarts (use it with
     * {@code cache("file")} from zeo-cache); default none: the cache is temporary.
     */
    public Builder cachePath(java.nio.file.Path path) {
      this.cachePath = java.util.Objects.requireNonNull(path, "path");
      return this;
    }

    /**
     * When no writable server answers, use a read-only one (a server whose storage is
     * read-only) and keep looking for a writable one in the background, switching to it when it
     * answers; default false (the first server that answers is used, whatever it allows).
     */
    public Builder readOnlyFallback(boolean fallback) {
      this.readOnlyFallback = fallback;
      return this;
    }

    /** Ask for a read-only connection; default false. */
    public Builder readOnly(boolean readOnly) {
      this.readOnly = readOnly;
      return this;
    }

    /** How long one connection attempt may take; default 10 s. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = java.util.Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Compression mechanisms offered; default every one on the class path. */
    public Builder compression(String... names) {
      this.compressions = List.of(names);
      return this;
    }

    /** Authenticates with {@code mechanism} ({@code srp}, {@code tls}, ...). */
    public Builder auth(String mechanism, AuthClientConfig config) {
      this.authMechanism = java.util.Objects.requireNonNull(mechanism, "mechanism");
      this.authConfig = java.util.Objects.requireNonNull(config, "config");
      return this;
    }

    /** Largest frame sent or accepted; default 64 MiB. */
    public Builder maxFrameSize(int bytes) {
      this.maxFrameSize = bytes;
      return this;
    }

    /**
     * Connects (trying the addresses in order) and returns the storage.
     *
     * @throws ClientDisconnectedError if no address answered
     * @throws StorageError as the server reported it (unknown storage name, ...)
     */
    public ClientStorage open() {
      if (addresses.isEmpty()) {
        throw new IllegalStateException("no server address: call address(...)");
      }
      return new ClientStorage(this);
    }
  }
}
