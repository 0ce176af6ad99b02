package io.zeo.core.internal.memory;

import io.zeo.spi.ConflictResolver;
import io.zeo.spi.DataRecord;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionRecord;
import io.zeo.spi.UndoError;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Works out what undoing one transaction writes, following FileStorage: each object the undone
 * transaction wrote gets back its previous revision's data (as a back-pointer to where that data
 * came from), or a "creation undone" revision with no data. That is allowed only while the
 * object's current data is still the undone transaction's data; otherwise the
 * {@link ConflictResolver} may merge (original = the undone data, committed = the current
 * data, mine = the data before), else it is an {@link UndoError}.
 */
final class UndoPlanner {
  private final MemoryDatabase db;
  private final ConflictResolver resolver;

  UndoPlanner(MemoryDatabase db, ConflictResolver resolver) {
    this.db = db;
    this.resolver = resolver;
  }

  /**
   * @param overlay revisions this transaction already decided to write, which count as current
   * @param newTid the tid of the undoing transaction (only stored in the returned revisions)
   * @return the revisions to write, by oid
   */
  Map<Long, Rev> plan(long undoneTid, Map<Long, Rev> overlay, long newTid) {
    TransactionRecord t = db.transaction(undoneTid);
    if (t == null || !db.isUndoable(t)) {
      throw new UndoError("transaction " + Tid.describe(undoneTid)
          + (t == null ? " is unknown or was packed away" : " was packed: its undo information is gone"));
    }
    Map<Long, Rev> out = new LinkedHashMap<>();
    for (DataRecord d : t.records()) {
      long oid = d.oid();
      Rev[] chain = db.chain(oid);
      Rev undone = Revisions.withTid(chain, undoneTid);
      if (undone == null) {
        throw new UndoError("the revision written by " + Tid.toHex(undoneTid) + " was packed away", oid);
      }
      // A previous revision that pack dropped (the object was unreachable at the pack tid) counts
      // as none, as in ZODB's FileStorage, whose packed records lose their prev pointer: undoing
      // then undoes the creation, matching loadBefore, which finds nothing before the undone tid.
      Rev prev = undone.prevTid() == Tid.NONE ? null : Revisions.withTid(chain, undone.prevTid());
      Rev cur = overlay.containsKey(oid) ? overlay.get(oid) : db.current(oid);
      // as ZODB 5: the same data (same origin, or equal bytes) counts as unchanged since
      boolean unchangedSince = cur != null && (cur.tid() == undone.tid() || cur.origin() == undone.origin()
          || Arrays.equals(cur.data(), undone.data()));
      if (unchangedSince) {
        out.put(oid, prev == null
            ? new Rev(newTid, null, Tid.NONE, Tid.NONE)
            : new Rev(newTid, prev.data(), prev.data() == null ? Tid.NONE : prev.origin(), Tid.NONE));
        continue;
      }
      if (prev == null) {
        throw new UndoError("cannot undo the creation of an object a later transaction changed", oid);
      }
      Optional<byte[]> merged = cur == null || cur.data() == null || undone.data() == null || prev.data() == null
          ? Optional.empty()
          : tryResolve(resolver, oid, undone.data(), cur.data(), prev.data());
      if (merged.isEmpty()) {
        throw new UndoError("some data were modified by a later transaction", oid);
      }
      db.checkRecordSize(oid, merged.get());
      out.put(oid, new Rev(newTid, merged.get(), Tid.NONE, Tid.NONE));
    }
    return out;
  }

  /** Asks a resolver; an exception from it means "cannot merge". */
  static Optional<byte[]> tryResolve(ConflictResolver resolver, long oid, byte[] original, byte[] committed,
      byte[] mine) {
    try {
      Optional<byte[]> merged = resolver.resolve(oid, original, committed, mine);
      return merged == null ? Optional.empty() : merged;
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
