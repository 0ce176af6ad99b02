package io.zeo.core.internal.memory;

import io.zeo.spi.StorageTransactionError;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one transaction in progress has asked for, from begin to finish or abort. Vote replays
 * {@link #ops()} against the committed state under the commit lock; nothing is checked against
 * that state before. Callers synchronize on the instance.
 */
public final class PendingTransaction {
  /** One request of the transaction, in call order. */
  sealed interface Op permits Store, Restore, Undo {}

  record Store(long oid, long serial, byte[] data) implements Op {}

  record Restore(long oid, byte[] data, long dataTid) implements Op {}

  record Undo(long undoneTid) implements Op {}

  private enum Phase { OPEN, VOTING, VOTED, DONE }

  private final TransactionMetadata metadata;
  private final long fixedTid;
  private final char status;
  private final List<Op> ops = new ArrayList<>();
  private final Map<Long, Integer> storeIndex = new HashMap<>();
  private final Map<Long, Long> readChecks = new LinkedHashMap<>();
  private Phase phase = Phase.OPEN;
  private long tid = Tid.NONE;
  private Map<Long, Rev> writes = Map.of();

  PendingTransaction(TransactionMetadata metadata, long fixedTid, char status) {
    this.metadata = metadata;
    this.fixedTid = fixedTid;
    this.status = status;
  }

  TransactionMetadata metadata() {
    return metadata;
  }

  /** The tid the caller chose (restore), or {@link Tid#NONE}. */
  long fixedTid() {
    return fixedTid;
  }

  /** The status to record when committed: ' ' unless restored (ZODB writes ' ' for an undo too). */
  char status() {
    return status;
  }

  List<Op> ops() {
    return ops;
  }

  Map<Long, Long> readChecks() {
    return readChecks;
  }

  /** Throws unless stores and checks may still be added. */
  void requireOpen(String call) {
    if (phase != Phase.OPEN) {
      throw new StorageTransactionError(call + " after tpcVote of " + metadata
          + ": a voted transaction can only be finished or aborted");
    }
  }

  /** Adds a store; a second store of one oid replaces the first, keeping its place. */
  void addStore(Store store) {
    Integer at = storeIndex.get(store.oid());
    if (at != null) {
      ops.set(at, store);
    } else {
      storeIndex.put(store.oid(), ops.size());
      ops.add(store);
    }
  }

  void addOp(Op op) {
    ops.add(op);
  }

  void addReadCheck(long oid, long serial) {
    readChecks.put(oid, serial);
  }

  boolean isVoted() {
    return phase == Phase.VOTED;
  }

  /** True from the start of a vote (waiting for the commit lock) until it ends. */
  boolean isVoting() {
    return phase == Phase.VOTING;
  }

  /** The vote waits for the commit lock; stores are refused from now on. */
  void startVoting() {
    phase = Phase.VOTING;
  }

  /** A vote failed: the transaction may store again and vote again, or abort. */
  void voteFailed() {
    if (phase == Phase.VOTING) {
      phase = Phase.OPEN;
    }
  }

  /** Records the vote's outcome; the transaction now holds the commit lock. */
  void voted(long tid, Map<Long, Rev> writes) {
    this.phase = Phase.VOTED;
    this.tid = tid;
    this.writes = writes;
  }

  /** The transaction is over (finished or aborted); later calls are misuse. */
  void done() {
    phase = Phase.DONE;
  }

  boolean isDone() {
    return phase == Phase.DONE;
  }

  long tid() {
    return tid;
  }

  /** The revisions vote decided to write, by oid, in store order. */
  Map<Long, Rev> writes() {
    return writes;
  }

  /** The oids a vote's writes touch. */
  Set<Long> writtenOids() {
    return writes.keySet();
  }
}
