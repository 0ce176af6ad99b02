package io.zeo.storage.file.internal;

import io.zeo.spi.ConflictResolver;
import io.zeo.spi.Tid;
import io.zeo.spi.UndoError;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Works out what undoing one object's revision writes, as ZODB's FileStorage does: a back
 * pointer to the revision before the undone one when the object has not changed since (or its
 * data is the same), a "creation undone" record when the undone transaction created it, data
 * merged by the conflict resolver when it changed since, else {@link UndoError}.
 */
public final class Undoer {
  private Undoer() {}

  /**
   * The transaction {@code tid} if it can be undone.
   *
   * @throws UndoError if it is unknown or its undo information was packed away
   */
  public static Txn undoable(DataFile f, long txnPos, long tid) {
    if (txnPos < 0) {
      throw new UndoError("no transaction " + Tid.describe(tid) + " to undo (unknown or packed away)");
    }
    Txn t = f.txn(txnPos, f.end);
    if (t.status == 'p') {
      throw new UndoError("transaction " + Tid.describe(tid) + " was packed; its undo information is gone");
    }
    return t;
  }

  /**
   * The record undoing, in one transaction and in this order, the object's revisions in the
   * transactions {@code undoneTids} (ZODB's checkTwoObjectUndoAtOnce undoes the newest update and
   * the one before it together). The first is undone against the committed revision at
   * {@code currentPos}, each later one against the record the earlier ones produce.
   *
   * @param txns transactions already looked up, by tid; filled in as needed
   */
  public static TxnCodec.Out computeAll(DataFile f, long oid, long currentPos, List<Long> undoneTids,
      Map<Long, Txn> txns, ConflictResolver resolver) {
    TxnCodec.Out out = null;
    for (long tid : undoneTids) {
      Txn t = txns.computeIfAbsent(tid, x -> undoable(f, f.tids.find(x), x));
      long undonePos = recordOf(t, oid);
      out = out == null ? compute(f, oid, currentPos, undonePos, resolver)
          : computeAgain(f, oid, out, undonePos, resolver);
    }
    return out;
  }

  /** The position of {@code oid}'s record in {@code t}. */
  public static long recordOf(Txn t, long oid) {
    for (int i = 0; i < t.size(); i++) {
      if (t.oid(i) == oid) {
        return t.recordPos(i);
      }
    }
    throw new UndoError("transaction " + Tid.describe(t.tid) + " did not write the object", oid);
  }

  /**
   * Undoes the revision at {@code undonePos} on top of {@code earlier}, this transaction's own
   * record for the object, with the same rules as against a committed revision (ZODB's
   * checkUndoMultipleConflictResolution undoes two conflicting transactions in one).
   */
  private static TxnCodec.Out computeAgain(DataFile f, long oid, TxnCodec.Out earlier, long undonePos,
      ConflictResolver resolver) {
    DataHeader undone = f.header(undonePos);
    byte[] current = earlier.data() != null ? earlier.data()
        : earlier.back() != 0 ? f.data(f.header(earlier.back())) : null;
    boolean same = earlier.back() != 0 && earlier.back() == f.holder(undone).pos();
    return undoOnto(f, oid, earlier.prev(), undone, same || Arrays.equals(current, f.data(undone)), current,
        resolver);
  }

  /**
   * The record undoing the revision at {@code undonePos}, given the object's current revision
   * at {@code currentPos}; its prev is the current revision.
   */
  public static TxnCodec.Out compute(DataFile f, long oid, long currentPos, long undonePos, ConflictResolver resolver) {
    DataHeader undone = f.header(undonePos);
    if (currentPos == undonePos) {
      return undoOnto(f, oid, currentPos, undone, true, null, resolver);
    }
    if (currentPos < 0) {
      throw new UndoError("the object has no current revision", oid);
    }
    DataHeader current = f.header(currentPos);
    byte[] currentData = f.data(current);
    // as ZODB 5: the same data (same holder, or equal bytes) counts as unchanged since
    boolean same = f.holder(current).pos() == f.holder(undone).pos() || Arrays.equals(currentData, f.data(undone));
    return undoOnto(f, oid, currentPos, undone, same, currentData, resolver);
  }

  /**
   * The record putting back the revision before {@code undone}: a back pointer to it when the
   * object still has the undone data ({@code unchanged}), else data merged by the resolver from
   * the {@code current} data.
   */
  private static TxnCodec.Out undoOnto(DataFile f, long oid, long prevPos, DataHeader undone, boolean unchanged,
      byte[] current, ConflictResolver resolver) {
    long prev = Math.max(prevPos, 0);
    long pre = undone.prev();
    if (pre == 0) {
      if (!unchanged) {
        throw new UndoError("the undone transaction created the object and a later one changed it", oid);
      }
      return new TxnCodec.Out(oid, prev, 0, null);
    }
    DataHeader before = f.holder(f.header(pre));
    if (unchanged) {
      return before.isDeletion()
          ? new TxnCodec.Out(oid, prev, 0, null)
          : new TxnCodec.Out(oid, prev, before.pos(), null);
    }
    byte[] mine = f.inlineData(before);
    byte[] original = f.data(undone);
    Optional<byte[]> merged;
    try {
      merged = mine == null || current == null || original == null ? Optional.empty()
          : resolver.resolve(oid, original, current, mine);
    } catch (RuntimeException e) {
      merged = Optional.empty();
    }
    if (merged == null || merged.isEmpty()) {
      throw new UndoError("some data were modified by a later transaction", oid);
    }
    return new TxnCodec.Out(oid, prev, 0, merged.get());
  }
}
