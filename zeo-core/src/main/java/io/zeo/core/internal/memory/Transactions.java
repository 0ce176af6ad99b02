package io.zeo.core.internal.memory;

import io.zeo.spi.ConflictResolver;
import io.zeo.spi.Oid;
import io.zeo.spi.StorageTransactionError;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The transactions in progress on one storage handle and the two-phase-commit rules: which call
 * is allowed in which phase. Misuse raises {@link StorageTransactionError} and changes nothing.
 * {@link TransactionMetadata} compares by identity, so the map is keyed by transaction identity.
 */
public final class Transactions {
  private final MemoryDatabase db;
  private final ConcurrentHashMap<TransactionMetadata, PendingTransaction> open = new ConcurrentHashMap<>();

  public Transactions(MemoryDatabase db) {
    this.db = db;
  }

  public void begin(TransactionMetadata txn) {
    begin(txn, new PendingTransaction(Objects.requireNonNull(txn, "txn"), Tid.NONE, ' '));
  }

  public void begin(TransactionMetadata txn, long tid, char status) {
    Objects.requireNonNull(txn, "txn");
    if (tid == Tid.NONE || Long.compareUnsigned(tid, db.lastTid()) <= 0) {
      throw new StorageTransactionError("cannot begin a transaction with tid " + Tid.describe(tid)
          + ": it must be later than the last committed tid " + Tid.describe(db.lastTid()));
    }
    begin(txn, new PendingTransaction(txn, tid, status));
  }

  private void begin(TransactionMetadata txn, PendingTransaction p) {
    if (open.putIfAbsent(txn, p) != null) {
      throw new StorageTransactionError("duplicate tpcBegin: " + txn + " is already in progress");
    }
  }

  public void store(long oid, long serial, byte[] data, TransactionMetadata txn) {
    Objects.requireNonNull(data, "data");
    PendingTransaction p = get(txn, "store");
    synchronized (p) {
      requireOpen(p, "store");
      checkOid(oid);
      db.checkRecordSize(oid, data);
      p.addStore(new PendingTransaction.Store(oid, serial, data));
    }
  }

  public void checkCurrentSerial(long oid, long serial, TransactionMetadata txn) {
    PendingTransaction p = get(txn, "checkCurrentSerial");
    synchronized (p) {
      requireOpen(p, "checkCurrentSerial");
      checkOid(oid);
      p.addReadCheck(oid, serial);
    }
  }

  public void restore(long oid, long serial, byte[] data, long dataTid, TransactionMetadata txn) {
    PendingTransaction p = get(txn, "restore");
    synchronized (p) {
      requireOpen(p, "restore");
      if (p.fixedTid() == Tid.NONE) {
        throw new StorageTransactionError("restore needs a transaction begun with a tid: " + txn);
      }
      if (serial != p.fixedTid()) {
        throw new IllegalArgumentException("restore serial " + Tid.toHex(serial)
            + " is not the transaction's tid " + Tid.toHex(p.fixedTid()));
      }
      checkOid(oid);
      db.checkRecordSize(oid, data);
      p.addOp(new PendingTransaction.Restore(oid, data, dataTid));
    }
  }

  public Set<Long> undo(long undoneTid, TransactionMetadata txn, ConflictResolver resolver) {
    PendingTransaction p = get(txn, "undo");
    synchronized (p) {
      requireOpen(p, "undo");
      Set<Long> oids = db.previewUndo(undoneTid, p, resolver);
      p.addOp(new PendingTransaction.Undo(undoneTid));
      return oids;
    }
  }

  public Set<Long> vote(TransactionMetadata txn, ConflictResolver resolver) {
    PendingTransaction p = get(txn, "tpcVote");
    synchronized (p) {
      if (p.isVoted() || p.isVoting()) {
        throw new StorageTransactionError("duplicate tpcVote of " + txn);
      }
      p.startVoting();
    }
    // Wait for the lock without holding p's monitor, so an abort (a closing handle, a
    // disconnected client) is never stuck behind a queued vote.
    try {
      db.acquireCommitLock();
    } catch (RuntimeException e) {
      synchronized (p) {
        p.voteFailed();
      }
      throw e;
    }
    synchronized (p) {
      if (p.isDone()) {
        db.releaseCommitLock();
        throw new StorageTransactionError("transaction aborted while its vote waited: " + txn);
      }
      try {
        return Set.copyOf(db.voteLocked(p, resolver));
      } finally {
        p.voteFailed();
      }
    }
  }

  public long finish(TransactionMetadata txn) {
    PendingTransaction p = get(txn, "tpcFinish");
    synchronized (p) {
      if (!p.isVoted()) {
        throw new StorageTransactionError("tpcFinish without tpcVote of " + txn);
      }
      long tid = db.finish(p);
      p.done();
      open.remove(txn, p);
      return tid;
    }
  }

  public void abort(TransactionMetadata txn) {
    PendingTransaction p = open.get(txn);
    if (p == null) {
      return;
    }
    synchronized (p) {
      if (p.isDone()) {
        return;
      }
      if (p.isVoted()) {
        db.releaseCommitLock();
      }
      p.done();
      open.remove(txn, p);
    }
  }

  /** Aborts every transaction in progress (closing the handle). */
  public void abortAll() {
    for (TransactionMetadata txn : open.keySet()) {
      abort(txn);
    }
  }

  private PendingTransaction get(TransactionMetadata txn, String call) {
    Objects.requireNonNull(txn, "txn");
    PendingTransaction p = open.get(txn);
    if (p == null || p.isDone()) {
      throw new StorageTransactionError(call + " with a transaction not in progress here: " + txn);
    }
    return p;
  }

  private static void requireOpen(PendingTransaction p, String call) {
    if (p.isDone()) {
      throw new StorageTransactionError(call + " with a finished transaction: " + p.metadata());
    }
    p.requireOpen(call);
  }

  private static void checkOid(long oid) {
    if (oid < 0) {
      throw new IllegalArgumentException("invalid oid " + Oid.toString(oid) + ": negative oids are never valid");
    }
  }
}
