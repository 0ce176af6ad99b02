package io.zeo.core.internal.memory;

import io.zeo.spi.ConflictError;
import io.zeo.spi.ConflictResolver;
import io.zeo.spi.DataRecord;
import io.zeo.spi.Oid;
import io.zeo.spi.ReadConflictError;
import io.zeo.spi.ReferenceFinder;
import io.zeo.spi.StorageError;
import io.zeo.spi.StorageInfo;
import io.zeo.spi.StorageListener;
import io.zeo.spi.StorageTransactionError;
import io.zeo.spi.Tid;
import io.zeo.spi.TidGenerator;
import io.zeo.spi.TransactionRecord;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The data behind one in-memory storage, shared by every {@code MemoryStorage} handle on it.
 *
 * <h2>Concurrency</h2>
 * Each object's revisions are an immutable array in a concurrent map, the transaction log a
 * concurrent skip list. Writers (vote-to-finish, pack) hold {@link #commitLock}, a fair
 * semaphore rather than a lock because finish or abort may run on another thread than vote.
 * {@code tpcFinish} appends the revisions, tells the listeners, and only then publishes the tid
 * in the volatile {@link #lastTid}. Readers read {@code lastTid} first and ignore anything
 * newer, so they never wait and see a transaction entirely or not at all.
 */
public final class MemoryDatabase {
  private static final System.Logger LOG = System.getLogger(MemoryDatabase.class.getName());

  private final String name;
  private final long maxRecordSize;
  private final ConcurrentHashMap<Long, Rev[]> objects = new ConcurrentHashMap<>();
  private final ConcurrentSkipListMap<Long, TransactionRecord> log =
      new ConcurrentSkipListMap<>(Long::compareUnsigned);
  private final Semaphore commitLock = new Semaphore(1, true);
  private final TidGenerator tids;
  private final AtomicLong nextOid = new AtomicLong(1);
  private final AtomicLong size = new AtomicLong();
  private final List<StorageListener> dispatchers = new CopyOnWriteArrayList<>();
  private volatile long lastTid = Tid.NONE;
  /** Undo information of transactions at or before this tid is gone. Written under the lock. */
  private volatile long packedUpTo = Tid.NONE;

  public MemoryDatabase(String name, long maxRecordSize, Clock clock) {
    this.name = name;
    this.maxRecordSize = maxRecordSize;
    this.tids = new TidGenerator(clock, Tid.NONE);
  }

  public String name() {
    return name;
  }

  public long maxRecordSize() {
    return maxRecordSize;
  }

  public long lastTid() {
    return lastTid;
  }

  public long size() {
    return size.get();
  }

  public StorageInfo info(boolean readOnly) {
    return new StorageInfo(name, lastTid, size.get(), readOnly, true, true);
  }

  /** Adds a handle's listener fan-out; every commit is reported to every one. */
  public void addDispatcher(StorageListener dispatcher) {
    dispatchers.add(dispatcher);
  }

  public void removeDispatcher(StorageListener dispatcher) {
    dispatchers.remove(dispatcher);
  }

  public long newOid() {
    return nextOid.getAndIncrement();
  }

  // ---------------------------------------------------------------- reads

  /** The newest committed revision of {@code oid}, or null. */
  Rev current(long oid) {
    long last = lastTid;
    return Revisions.newestAtOrBefore(objects.get(oid), last);
  }

  Rev[] chain(long oid) {
    return objects.get(oid);
  }

  /** The transaction log (read-only use outside the commit path). */
  ConcurrentNavigableMap<Long, TransactionRecord> transactions() {
    return log;
  }

  boolean isUndoable(TransactionRecord t) {
    return t.status() != 'p' && Long.compareUnsigned(t.tid(), packedUpTo) > 0;
  }

  TransactionRecord transaction(long tid) {
    return Long.compareUnsigned(tid, lastTid) <= 0 ? log.get(tid) : null;
  }

  // ---------------------------------------------------------------- commit

  /** Checks a record against the maximum size; the message names both sizes. */
  public void checkRecordSize(long oid, byte[] data) {
    if (data != null && data.length > maxRecordSize) {
      throw new StorageError("record of " + data.length + " bytes for oid " + Oid.toString(oid)
          + " exceeds the maximum record size of " + maxRecordSize + " bytes in storage " + name);
    }
  }

  /** A dry run of an undo against the committed state, so undo() reports errors at once. */
  public Set<Long> previewUndo(long undoneTid, PendingTransaction txn, ConflictResolver resolver) {
    Map<Long, Rev> overlay = new LinkedHashMap<>();
    for (PendingTransaction.Op op : txn.ops()) {
      if (op instanceof PendingTransaction.Undo u) {
        overlay.putAll(new UndoPlanner(this, resolver).plan(u.undoneTid(), overlay, Tid.NONE));
      }
    }
    return new UndoPlanner(this, resolver).plan(undoneTid, overlay, Tid.NONE).keySet();
  }

  /**
   * With the commit lock taken ({@link #acquireCommitLock}), checks the transaction's serials,
   * resolves conflicts and decides what to write. On success the lock stays held until
   * {@link #finish} or {@link #releaseCommitLock}; on failure it is released.
   *
   * @return the oids whose data conflict resolution replaced
   */
  public Set<Long> voteLocked(PendingTransaction txn, ConflictResolver resolver) {
    try {
      long tid;
      if (txn.fixedTid() != Tid.NONE) {
        if (Long.compareUnsigned(txn.fixedTid(), lastTid) <= 0) {
          throw new StorageTransactionError("transaction tid " + Tid.describe(txn.fixedTid())
              + " is not later than the last committed tid " + Tid.describe(lastTid));
        }
        tid = txn.fixedTid();
      } else {
        tid = tids.next();
      }
      for (Map.Entry<Long, Long> check : txn.readChecks().entrySet()) {
        long committed = serialOf(current(check.getKey()));
        if (committed != check.getValue()) {
          throw new ReadConflictError(check.getKey(), check.getValue(), committed);
        }
      }
      Map<Long, Rev> writes = new LinkedHashMap<>();
      Set<Long> resolved = new LinkedHashSet<>();
      for (PendingTransaction.Op op : txn.ops()) {
        if (op instanceof PendingTransaction.Store s) {
          writes.put(s.oid(), new Rev(tid, checkSerial(s, resolver, resolved), Tid.NONE, Tid.NONE));
        } else if (op instanceof PendingTransaction.Restore r) {
          writes.put(r.oid(), new Rev(tid, r.data(), r.dataTid(), Tid.NONE));
        } else if (op instanceof PendingTransaction.Undo u) {
          writes.putAll(new UndoPlanner(this, resolver).plan(u.undoneTid(), writes, tid));
        }
      }
      txn.voted(tid, writes);
      return resolved;
    } catch (RuntimeException | Error e) {
      commitLock.release();
      throw e;
    }
  }

  /** The data to write for a store: its own, or merged data if its serial was stale. */
  private byte[] checkSerial(PendingTransaction.Store s, ConflictResolver resolver, Set<Long> resolved) {
    Rev cur = current(s.oid());
    long committed = serialOf(cur);
    if (s.serial() == committed) {
      return s.data();
    }
    byte[] original = null;
    if (s.serial() != Tid.NONE) {
      Rev orig = Revisions.withTid(objects.get(s.oid()), s.serial());
      original = orig == null ? null : orig.data();
      if (original == null) {
        throw new ConflictError(s.oid(), s.serial(), committed);
      }
    }
    Optional<byte[]> merged = cur == null || cur.data() == null ? Optional.empty()
        : UndoPlanner.tryResolve(resolver, s.oid(), original, cur.data(), s.data());
    if (merged.isEmpty()) {
      throw new ConflictError(s.oid(), s.serial(), committed);
    }
    checkRecordSize(s.oid(), merged.get());
    resolved.add(s.oid());
    return merged.get();
  }

  static long serialOf(Rev r) {
    return r == null ? Tid.NONE : r.tid();
  }

  /**
   * Publishes a voted transaction: revisions first, then listeners, then {@link #lastTid}; then
   * releases the commit lock.
   */
  public long finish(PendingTransaction txn) {
    try {
      long tid = txn.tid();
      List<DataRecord> records = new ArrayList<>(txn.writes().size());
      long added = 0;
      for (Map.Entry<Long, Rev> w : txn.writes().entrySet()) {
        long oid = w.getKey();
        Rev proto = w.getValue();
        Rev[] chain = objects.get(oid);
        long prev = chain == null ? Tid.NONE : chain[chain.length - 1].tid();
        Rev rev = new Rev(tid, proto.data(), proto.dataTid(), prev);
        objects.put(oid, Revisions.append(chain, rev));
        added += rev.footprint();
        records.add(new DataRecord(oid, tid, rev.data(), rev.dataTid()));
        nextOid.accumulateAndGet(oid + 1, Math::max);
      }
      log.put(tid, new TransactionRecord(tid, txn.status(), txn.metadata(), records));
      size.addAndGet(added + 64);
      tids.observe(tid);
      Set<Long> oids = Collections.unmodifiableSet(new LinkedHashSet<>(txn.writtenOids()));
      for (StorageListener l : dispatchers) {
        try {
          l.invalidate(tid, oids);
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "listener failed on invalidation of " + Tid.toHex(tid), e);
        }
      }
      lastTid = tid;
      fireInfoChanged();
      return tid;
    } finally {
      commitLock.release();
    }
  }

  /** Releases the commit lock (a voted transaction aborted). */
  public void releaseCommitLock() {
    commitLock.release();
  }

  /** Packs under the commit lock (see {@link Packer}); reads go on meanwhile. */
  public void pack(long packTid, ReferenceFinder references) {
    acquireCommitLock();
    try {
      long p = Long.compareUnsigned(packTid, lastTid) < 0 ? packTid : lastTid;
      if (p == Tid.NONE) {
        return;
      }
      new Packer(objects, log, references).pack(p);
      if (Long.compareUnsigned(p, packedUpTo) > 0) {
        packedUpTo = p;
      }
      long total = 0;
      for (Rev[] chain : objects.values()) {
        for (Rev r : chain) {
          total += r.footprint();
        }
      }
      size.set(total + 64L * log.size());
    } finally {
      commitLock.release();
    }
    fireInfoChanged();
  }

  private void fireInfoChanged() {
    for (StorageListener l : dispatchers) {
      try {
        l.infoChanged(info(false));
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "listener failed on info change", e);
      }
    }
  }

  /** Waits, in fair order, for the commit lock. */
  public void acquireCommitLock() {
    try {
      commitLock.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageError("interrupted while waiting for the commit lock of storage " + name, e);
    }
  }

}
