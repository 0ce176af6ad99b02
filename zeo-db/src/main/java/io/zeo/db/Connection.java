package io.zeo.db;

import io.zeo.db.internal.ClassGuard;
import io.zeo.db.internal.InvalidationQueue;
import io.zeo.db.internal.RecordCodec;
import io.zeo.db.internal.StateFields;
import io.zeo.spi.Oid;
import io.zeo.spi.POSKeyError;
import io.zeo.spi.Revision;
import io.zeo.spi.Storage;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A view of the database for one unit of work at a time: its objects, its transaction and its
 * object cache (ZODB's {@code Connection}). Obtained from {@link DB#open()}; {@link #close()}
 * returns it to the database's pool, cache and all.
 *
 * <h2>Transactions and snapshots</h2>
 * A connection is always in a transaction. Each transaction reads one snapshot: the storage's
 * last tid when the transaction began, every object loaded with
 * {@code loadBefore(oid, snapshot + 1)}, so a transaction never sees part of another one.
 * Invalidations the storage reports meanwhile are queued and applied at the next transaction
 * boundary ({@link #begin}, {@link #commit}, {@link #abort}, {@link DB#open}): the objects they
 * name are turned back into ghosts and load again from the new snapshot. Within a connection one
 * oid is one Java object (identity is preserved).
 *
 * <h2>Commit</h2>
 * {@link #commit} writes every changed object and every object reachable from a written object
 * that is not stored yet (persistence by reachability), with the storage's two-phase commit. A
 * {@link io.zeo.spi.ConflictError} the storage could not resolve aborts the transaction; run the
 * unit of work again on a fresh snapshot ({@link DB#transact} does that for you).
 *
 * <h2>Cache</h2>
 * Objects loaded into the connection stay loaded across transactions (unless invalidated); at
 * each boundary unchanged objects beyond the cache's target size are turned back into ghosts,
 * least recently used first. Changed objects are never evicted.
 *
 * <p>Not thread-safe: a connection and its objects are used by one thread at a time.
 */
public final class Connection implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Connection.class.getName());

  private final DB db;
  private final Storage storage;
  private final ClassGuard guard;
  private final RecordCodec codec;
  private final ObjectCache cache;
  private final References refs = new References();
  final InvalidationQueue invalidations;

  private long snapshot = Tid.NONE;
  private long lastCommitTid = Tid.NONE;
  private final List<Persistent> modified = new ArrayList<>();
  private final List<Persistent> created = new ArrayList<>();
  private final Map<Long, Long> readCurrent = new LinkedHashMap<>();
  private ArrayDeque<Persistent> commitQueue;
  private boolean closed = true;

  Connection(DB db, Storage storage, ClassGuard guard, int cacheSize, int maxPendingInvalidations) {
    this.db = db;
    this.storage = storage;
    this.guard = guard;
    this.codec = new RecordCodec(guard);
    this.cache = new ObjectCache(cacheSize);
    this.invalidations = new InvalidationQueue(maxPendingInvalidations);
  }

  /** The database this connection belongs to. */
  public DB db() {
    return db;
  }

  /** The root object (oid 0): a map of names to the application's top-level objects. */
  @SuppressWarnings("unchecked")
  public PersistentMap<String, Object> root() {
    return (PersistentMap<String, Object>) get(Oid.ROOT);
  }

  /**
   * The object with {@code oid}, loaded as of this transaction's snapshot: the same instance
   * every time within this connection.
   *
   * @throws POSKeyError if the object does not exist as of the snapshot
   * @throws ClassNotAllowedException if its record names a class the allow-list refuses
   */
  public Persistent get(long oid) {
    checkOpen();
    Persistent p = cache.get(oid);
    if (p != null) {
      return p;
    }
    Revision r = loadRevision(oid);
    Class<? extends Persistent> type = guard.resolvePersistent(RecordCodec.className(r.data()));
    p = StateFields.of(type).newGhost();
    attach(p, oid, PersistentState.GHOST);
    setState(p, r);
    return p;
  }

  /**
   * Makes {@code obj} persistent now (it gets an oid at once); it is stored at commit even if
   * nothing refers to it. Adding an object twice does nothing.
   *
   * @throws IllegalArgumentException if it belongs to another connection
   */
  public void add(Persistent obj) {
    checkOpen();
    if (obj.jar == this) {
      return;
    }
    if (obj.jar != null) {
      throw foreign(obj);
    }
    makeNew(obj, storage.newOid());
  }

  /** Makes {@code root} the database's root object; used by {@link DB} when creating it. */
  void addRoot(Persistent root) {
    makeNew(root, Oid.ROOT);
  }

  /**
   * Asks that the commit fail with a {@link io.zeo.spi.ReadConflictError} if another transaction
   * changes {@code obj} before this one commits (for decisions made on objects it does not
   * change itself).
   */
  public void readCurrent(Persistent obj) {
    checkOpen();
    if (obj.jar != this || obj.state == PersistentState.NEW) {
      return;
    }
    obj.readAccess();
    readCurrent.putIfAbsent(obj.oid, obj.serial);
  }

  /**
   * Starts a new transaction on the newest snapshot, discarding uncommitted changes (as ZODB's
   * {@code transaction.begin()} does).
   */
  public void begin() {
    abort();
  }

  /** Commits with empty transaction metadata; see {@link #commit(TransactionMetadata)}. */
  public long commit() {
    return commit(TransactionMetadata.empty());
  }

  /**
   * Stores every changed object and every new object reachable from them, and starts the next
   * transaction. A failure aborts the transaction (changed objects become ghosts again, new
   * objects become unsaved) and is rethrown.
   *
   * @return the tid of the committed transaction, or {@link Tid#NONE} if there was nothing to do
   * @throws io.zeo.spi.ConflictError if another transaction changed a stored object and the
   *     conflict could not be resolved ({@link io.zeo.spi.ReadConflictError} for
   *     {@link #readCurrent} checks)
   */
  public long commit(TransactionMetadata metadata) {
    checkOpen();
    if (modified.isEmpty() && created.isEmpty() && readCurrent.isEmpty()) {
      newTransaction();
      return Tid.NONE;
    }
    List<Persistent> stored = new ArrayList<>();
    commitQueue = new ArrayDeque<>(modified);
    commitQueue.addAll(created);
    RuntimeException failure = null;
    try {
      storage.tpcBegin(metadata);
      for (Persistent p; (p = commitQueue.poll()) != null; ) {
        StateFields fields = StateFields.of(p.getClass());
        byte[] data = codec.encode(p.getClass().getName(), fields.names(), fields.read(p), refs);
        storage.store(p.oid, p.serial, data, metadata);
        stored.add(p);
      }
      for (Map.Entry<Long, Long> e : readCurrent.entrySet()) {
        Persistent p = cache.get(e.getKey());
        if (p == null || p.state != PersistentState.CHANGED) {
          storage.checkCurrentSerial(e.getKey(), e.getValue(), metadata);
        }
      }
      Set<Long> resolved = storage.tpcVote(metadata);
      long tid = storage.tpcFinish(metadata);
      for (Persistent p : stored) {
        p.serial = tid;
        p.state = PersistentState.SAVED;
        if (resolved.contains(p.oid)) {
          ghostify(p); // the storage holds merged data, not ours
        }
      }
      modified.clear();
      created.clear();
      readCurrent.clear();
      lastCommitTid = tid;
      return tid;
    } catch (RuntimeException | Error e) {
      try {
        storage.tpcAbort(metadata);
      } catch (RuntimeException abortFailure) {
        e.addSuppressed(abortFailure);
      }
      rollback();
      if (e instanceof RuntimeException r) {
        failure = r;
      }
      throw e;
    } finally {
      commitQueue = null;
      startNext(failure);
    }
  }

  /**
   * Discards uncommitted changes and starts a new transaction on the newest snapshot: changed
   * objects become ghosts (and reload), objects made persistent in this transaction become
   * unsaved again.
   */
  public void abort() {
    checkOpen();
    rollback();
    newTransaction();
  }

  /** True if the current transaction changed or created objects. */
  public boolean hasChanges() {
    return !modified.isEmpty() || !created.isEmpty();
  }

  /** The tid this transaction reads as of ({@link Tid#NONE} for an empty storage). */
  public long snapshotTid() {
    return snapshot;
  }

  /** Turns unchanged objects beyond the cache's target size into ghosts, least recent first. */
  public void cacheGc() {
    cache.shrink(this::ghostify);
  }

  /** Turns every unchanged loaded object into a ghost. */
  public void cacheMinimize() {
    for (Persistent p : cache.activeObjects()) {
      if (p.state == PersistentState.SAVED) {
        ghostify(p);
      }
    }
  }

  /** Number of objects whose state is loaded (the quantity the target size bounds). */
  public int cacheActiveCount() {
    return cache.activeCount();
  }

  /** The cache's target size: how many unchanged loaded objects stay loaded at boundaries. */
  public int cacheTargetSize() {
    return cache.target();
  }

  /** Changes the cache's target size for this connection. */
  public void setCacheTargetSize(int objects) {
    if (objects < 0) {
      throw new IllegalArgumentException("cache target size must be >= 0, got " + objects);
    }
    cache.setTarget(objects);
  }

  /** True once closed (until the pool hands it out again). */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Returns the connection to the database's pool. Uncommitted changes are aborted and reported
   * with an {@link IllegalStateException} (after the connection is back in the pool).
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    boolean dirty = hasChanges();
    rollback();
    cache.shrink(this::ghostify);
    closed = true;
    db.release(this);
    if (dirty) {
      throw new IllegalStateException("connection closed with uncommitted changes; they were aborted");
    }
  }

  // ------------------------------------------------------------------ used by DB and Persistent

  void opened() {
    closed = false;
    newTransaction();
  }

  /** Drops every cached object: the connection leaves the pool for good. */
  void discard() {
    closed = true;
    for (Persistent p : cache.activeObjects()) {
      if (p.state == PersistentState.SAVED) {
        ghostify(p);
      }
    }
    cache.clear();
  }

  void accessed(Persistent p) {
    switch (p.state) {
      case GHOST -> load(p);
      case SAVED, CHANGED, NEW -> cache.touch(p);
      default -> { }
    }
  }

  void changing(Persistent p) {
    if (closed) {
      throw new IllegalStateException("cannot change an object of a closed connection (oid "
          + Oid.toString(p.oid) + ")");
    }
    switch (p.state) {
      case GHOST -> {
        load(p);
        markModified(p);
      }
      case SAVED -> markModified(p);
      case CHANGED, NEW -> cache.touch(p);
      default -> { }
    }
  }

  void ghostify(Persistent p) {
    StateFields.of(p.getClass()).clear(p);
    p.state = PersistentState.GHOST;
    cache.unlink(p);
  }

  // ------------------------------------------------------------------ internals

  private void markModified(Persistent p) {
    p.state = PersistentState.CHANGED;
    modified.add(p);
    cache.touch(p);
  }

  private void makeNew(Persistent obj, long oid) {
    attach(obj, oid, PersistentState.NEW);
    cache.touch(obj);
    created.add(obj);
    if (commitQueue != null) {
      commitQueue.add(obj);
    }
  }

  private void attach(Persistent p, long oid, PersistentState state) {
    p.jar = this;
    p.oid = oid;
    p.serial = Tid.NONE;
    p.state = state;
    cache.put(p);
  }

  private void load(Persistent p) {
    if (closed) {
      throw new IllegalStateException("cannot load object " + Oid.toString(p.oid)
          + ": its connection is closed");
    }
    setState(p, loadRevision(p.oid));
  }

  private Revision loadRevision(long oid) {
    return storage.loadBefore(oid, snapshot + 1).orElseThrow(() -> new POSKeyError(oid,
        "object " + Oid.toString(oid) + " does not exist as of snapshot " + Tid.describe(snapshot)));
  }

  private void setState(Persistent p, Revision r) {
    RecordCodec.Decoded d = codec.decode(r.data(), refs);
    Class<? extends Persistent> type = guard.resolvePersistent(d.className());
    if (type != p.getClass()) {
      throw new IllegalStateException("object " + Oid.toString(p.oid) + " is a " + type.getName()
          + " in the storage but a " + p.getClass().getName() + " in memory");
    }
    StateFields.of(type).write(p, d.fields());
    p.serial = r.start();
    p.state = PersistentState.SAVED;
    cache.touch(p);
    p.stateLoaded();
  }

  private void rollback() {
    for (Persistent p : modified) {
      if (p.state == PersistentState.CHANGED) {
        ghostify(p);
      }
    }
    for (Persistent p : created) {
      cache.remove(p);
      p.jar = null;
      p.oid = Persistent.NO_OID;
      p.serial = Tid.NONE;
      p.state = PersistentState.UNSAVED;
    }
    modified.clear();
    created.clear();
    readCurrent.clear();
  }

  private void startNext(RuntimeException failure) {
    try {
      newTransaction();
    } catch (RuntimeException e) {
      if (failure == null) {
        throw e;
      }
      failure.addSuppressed(e);
    }
  }

  /** A transaction boundary: new snapshot, queued invalidations applied, cache trimmed. */
  private void newTransaction() {
    long s = storage.lastTransaction();
    if (Tid.compare(lastCommitTid, s) > 0) {
      // A client storage may hear of its own commit a moment after finish returned; our objects
      // already carry that tid, so the snapshot must not be older (ZODB takes the same max).
      s = lastCommitTid;
    }
    InvalidationQueue.Drained d = invalidations.drain(s, lastCommitTid);
    if (d.all()) {
      cacheMinimize();
    } else {
      for (long oid : d.oids()) {
        Persistent p = cache.get(oid);
        if (p != null && p.state == PersistentState.SAVED) {
          ghostify(p);
        }
      }
    }
    snapshot = s;
    cache.shrink(this::ghostify);
    long begins = s;
    LOG.log(System.Logger.Level.TRACE, () -> "transaction begins at " + Tid.toHex(begins));
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("connection is closed");
    }
  }

  private IllegalArgumentException foreign(Persistent obj) {
    return new IllegalArgumentException("object " + Oid.toString(obj.oid) + " ("
        + obj.getClass().getName() + ") belongs to another connection; load it in this one with "
        + "get(oid) instead of sharing instances between connections");
  }

  /** How the codec turns references into oids (making new objects persistent) and back. */
  private final class References implements RecordCodec.References {
    @Override
    public long referenceOid(Object target) {
      if (target instanceof PersistentRef r) {
        return r.oid();
      }
      Persistent p = (Persistent) target;
      if (p.jar == null) {
        makeNew(p, storage.newOid());
      } else if (p.jar != Connection.this) {
        throw foreign(p);
      }
      return p.oid;
    }

    @Override
    public Object resolveReference(long oid, String className) {
      Persistent p = cache.get(oid);
      if (p == null) {
        p = StateFields.of(guard.resolvePersistent(className)).newGhost();
        attach(p, oid, PersistentState.GHOST);
      }
      return p;
    }
  }
}
