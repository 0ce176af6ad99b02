package io.zeo.core.internal.server;

import io.zeo.core.ServerStatus;
import io.zeo.core.internal.wire.MessageWriter;
import io.zeo.core.internal.wire.Wire;
import io.zeo.spi.Storage;
import io.zeo.spi.StorageInfo;
import io.zeo.spi.StorageListener;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Semaphore;

/**
 * One named storage as the server serves it: its connections, the server's commit lock, the
 * invalidation queue, and the listener that turns every commit into invalidations.
 *
 * <p>Ordering (ZEO's docs/ordering.rst): the storage calls its listeners on the committing
 * thread <em>before</em> the commit is visible to any read, and the listener queues the
 * invalidation on every other connection right there. A reply computed from data that includes
 * the commit is therefore always queued after the invalidation, on every connection. The
 * committing connection is recognised through a thread-local set around {@code tpcFinish} and
 * skipped: its finish reply carries the tid.
 */
public final class ServedStorage implements StorageListener {
  private static final ThreadLocal<Finishing> COMMITTER = new ThreadLocal<>();

  /** A finish in progress on this thread: whose, and the reply to queue from the listener. */
  static final class Finishing {
    final ServerConnection conn;
    final java.util.function.LongFunction<MessageWriter> reply;
    boolean queued;

    Finishing(ServerConnection conn, java.util.function.LongFunction<MessageWriter> reply) {
      this.conn = conn;
      this.reply = reply;
    }
  }

  private final String name;
  private final Storage storage;
  /** One voted transaction at a time through this server; fair, so votes queue in order. */
  private final Semaphore commitLock = new Semaphore(1, true);
  private final Set<ServerConnection> connections = new CopyOnWriteArraySet<>();
  private final InvalidationQueue invalidations;
  /** The tid whose invalidations went out but which may not be visible yet; 0 when none. */
  private final java.util.concurrent.atomic.AtomicLong publishing = new java.util.concurrent.atomic.AtomicLong();

  // counters for ServerStatus; LongAdder since commits on many storages' threads bump them
  private final java.util.concurrent.atomic.LongAdder commits = new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder conflicts = new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder lockWaits = new java.util.concurrent.atomic.LongAdder();
  private ServerStatus.PackState pack = ServerStatus.PackState.IDLE; // guarded by this

  public ServedStorage(String name, Storage storage, int invalidationQueueSize) {
    this.name = name;
    this.storage = storage;
    this.invalidations = new InvalidationQueue(invalidationQueueSize, storage.lastTransaction());
    storage.addListener(this);
    // conflicts go back to the clients, which resolve them; undo takes merges clients sent
    storage.setConflictResolver((oid, original, committed, mine) -> {
      java.util.Map<Object, byte[]> m = MERGES.get();
      return m == null ? java.util.Optional.empty() : java.util.Optional.ofNullable(m.get(mergeKey(oid, original)));
    });
  }

  private static final ThreadLocal<java.util.Map<Object, byte[]>> MERGES = new ThreadLocal<>();

  /**
   * A client's undo merge applies to one step: the oid and the data being undone. Two undos of
   * one object in a transaction each get their own merge, which the storage asks for again at vote.
   */
  static Object mergeKey(long oid, byte[] undone) {
    return java.util.Arrays.asList(oid, undone == null ? null : java.nio.ByteBuffer.wrap(undone));
  }

  /** Runs an undo with the merged data a client computed for conflicting oids. */
  <T> T withMerges(java.util.Map<Object, byte[]> merges, java.util.function.Supplier<T> action) {
    MERGES.set(merges);
    try {
      return action.get();
    } finally {
      MERGES.remove();
    }
  }

  public String name() {
    return name;
  }

  public Storage storage() {
    return storage;
  }

  Semaphore commitLock() {
    return commitLock;
  }

  public InvalidationQueue invalidations() {
    return invalidations;
  }

  /** The storage's info under the name the server serves it by. */
  public StorageInfo info() {
    StorageInfo i = storage.info();
    return new StorageInfo(name, i.lastTid(), i.size(), i.readOnly(), i.supportsUndo(), i.supportsPack());
  }

  /**
   * Registers a connection and reads the info for its handshake. A commit whose listener ran
   * before the registration is waited for until visible, so the info's last tid covers it; one
   * whose listener runs after it sends this connection its invalidation (held back until the
   * handshake reply is out; the client ignores those not after the info's last tid).
   */
  StorageInfo register(ServerConnection c) {
    connections.add(c);
    awaitPublished();
    return info();
  }

  void unregister(ServerConnection c) {
    connections.remove(c);
  }

  int connectionCount() {
    return connections.size();
  }

  /**
   * Runs {@code tpcFinish} on behalf of a connection. The connection's finish reply is queued
   * from inside the listener, together with the other connections' invalidations and before the
   * storage releases its lock, so no later commit's invalidation can overtake it on the
   * committer's connection. Returns whether the reply was queued (false if the storage never
   * called its listeners).
   */
  boolean finishAs(Finishing f, Runnable finish) {
    COMMITTER.set(f);
    try {
      finish.run();
      return f.queued;
    } finally {
      COMMITTER.remove();
    }
  }

  /**
   * Before serving a read: waits until a commit whose invalidations already went out is visible.
   * A client that received the invalidation of T may send a load at once; the storage makes T
   * visible only after its listeners return, and the load must not return older data as current.
   * The window is the few steps between the listener and the storage's last-tid update.
   */
  void awaitPublished() {
    long p = publishing.get();
    if (p == 0) {
      return;
    }
    for (int spins = 0; Long.compareUnsigned(storage.lastTransaction(), p) < 0; spins++) {
      if (spins < 1000) {
        Thread.onSpinWait();
      } else {
        java.util.concurrent.locks.LockSupport.parkNanos(20_000);
      }
    }
    publishing.compareAndSet(p, 0);
  }

  @Override
  public void invalidate(long tid, Set<Long> oids) {
    publishing.accumulateAndGet(tid, (a, b) -> Long.compareUnsigned(a, b) >= 0 ? a : b);
    invalidations.add(tid, oids);
    Finishing f = COMMITTER.get();
    ServerConnection committer = f == null ? null : f.conn;
    MessageWriter m = MessageWriter.start(Wire.PUSH, 0, Wire.INVALIDATE);
    m.i64(tid).longs(oids).seal();
    for (ServerConnection c : connections) {
      if (c != committer) {
        c.push(m);
      }
    }
    if (f != null && !f.queued) {
      f.queued = true;
      f.conn.out.enqueueOnly(f.reply.apply(tid));
    }
  }

  /** Sends the current info to every connection but {@code except} (may be null). */
  void broadcastInfo(ServerConnection except) {
    MessageWriter m = MessageWriter.start(Wire.PUSH, 0, Wire.INFO);
    Wire.writeInfo(m, info());
    m.seal();
    for (ServerConnection c : connections) {
      if (c != except) {
        c.push(m);
      }
    }
  }

  /** After a pack: every client drops its cache (packed revisions are gone) and takes the new info. */
  void broadcastPacked() {
    MessageWriter m = MessageWriter.start(Wire.PUSH, 0, Wire.PACKED);
    Wire.writeInfo(m, info());
    m.seal();
    for (ServerConnection c : connections) {
      c.push(m);
    }
  }

  void countCommit() {
    commits.increment();
  }

  void countConflict() {
    conflicts.increment();
  }

  void countLockWait() {
    lockWaits.increment();
  }

  synchronized void packStarted() {
    pack = new ServerStatus.PackState(Optional.of(Instant.now()), pack.lastEnded(), pack.lastResult());
  }

  synchronized void packEnded(Throwable failure) {
    pack = new ServerStatus.PackState(Optional.empty(), Optional.of(Instant.now()),
        failure == null ? "ok" : "failed: " + failure.getClass().getSimpleName() + ": " + failure.getMessage());
  }

  /** This storage's part of the server status. */
  public ServerStatus.StorageStatus status() {
    StorageInfo i = info();
    int inProgress = 0;
    for (ServerConnection c : connections) {
      inProgress += c.txns.size();
    }
    ServerStatus.PackState p;
    synchronized (this) {
      p = pack;
    }
    return new ServerStatus.StorageStatus(name, i.lastTid(), i.size(), i.readOnly(), commits.sum(), conflicts.sum(),
        lockWaits.sum(), inProgress, p);
  }

  void closeConnections() {
    for (ServerConnection c : connections) {
      c.close("server shutting down");
    }
  }

  void detach() {
    storage.removeListener(this);
  }
}
