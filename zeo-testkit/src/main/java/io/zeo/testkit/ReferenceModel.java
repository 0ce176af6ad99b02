package io.zeo.testkit;

import io.zeo.spi.Oid;
import io.zeo.spi.RecordEnvelope;
import io.zeo.spi.Revision;
import io.zeo.spi.Tid;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The simplest possible model of a storage's committed state, for the randomized scenario: every
 * revision of every object in a list; undo and pack by the rules the {@code Storage} Javadoc
 * states. It predicts; the storage under test must agree.
 */
final class ReferenceModel {
  /** A revision: {@code origin} is the tid that first wrote the data (undo copies it). */
  record Rev(long tid, byte[] data, long origin, long prevTid) {}

  /** What a transaction writes for one object: data (null = creation undone) and its origin. */
  record Write(byte[] data, long origin) {}

  /** A committed transaction and what it wrote, in order. */
  record Txn(long tid, Map<Long, byte[]> writes) {}

  /** What undoing a transaction must do. */
  enum UndoOutcome { SUCCEEDS, FAILS, UNSPECIFIED }

  private final Map<Long, List<Rev>> objects = new HashMap<>();
  private final List<Txn> log = new ArrayList<>();
  private long last = Tid.NONE;
  private long packedUpTo = Tid.NONE;
  /** For each object, the newest of its revisions pack dropped. */
  private final Map<Long, Long> droppedUpTo = new HashMap<>();

  long last() {
    return last;
  }

  long packedUpTo() {
    return packedUpTo;
  }

  List<Txn> log() {
    return log;
  }

  /** Transactions that may be undone: after the last pack. */
  List<Txn> undoable() {
    return log.stream().filter(t -> Long.compareUnsigned(t.tid(), packedUpTo) > 0).toList();
  }

  List<Long> oids() {
    return new ArrayList<>(objects.keySet());
  }

  List<Rev> revisions(long oid) {
    return objects.getOrDefault(oid, List.of());
  }

  Rev current(long oid) {
    List<Rev> revs = objects.get(oid);
    return revs == null ? null : revs.get(revs.size() - 1);
  }

  long currentSerial(long oid) {
    Rev r = current(oid);
    return r == null ? Tid.NONE : r.tid();
  }

  /** True if {@code load(oid)} succeeds. */
  boolean exists(long oid) {
    Rev r = current(oid);
    return r != null && r.data() != null;
  }

  /** What {@code loadBefore(oid, tid)} returns; null means POSKeyError. */
  Optional<Revision> loadBefore(long oid, long tid) {
    List<Rev> revs = objects.get(oid);
    if (revs == null) {
      return null;
    }
    for (int i = revs.size() - 1; i >= 0; i--) {
      Rev r = revs.get(i);
      if (Long.compareUnsigned(r.tid(), tid) < 0) {
        if (r.data() == null) {
          return null;
        }
        long end = i + 1 < revs.size() ? revs.get(i + 1).tid() : Tid.NONE;
        return Optional.of(new Revision(r.data(), r.tid(), end));
      }
    }
    return Optional.empty();
  }

  /**
   * True if what {@code loadBefore(oid, tid)} returns is the storage's business: the object has
   * no kept revision before {@code tid} but pack dropped one, so the object was unreachable at
   * that snapshot (a storage may keep a revision a later undo points back to, as FileStorage does).
   */
  boolean loadBeforeIsUnspecified(long oid, long tid) {
    Long dropped = droppedUpTo.get(oid);
    return dropped != null && Long.compareUnsigned(dropped, tid) < 0
        && revisions(oid).stream().noneMatch(r -> Long.compareUnsigned(r.tid(), tid) < 0);
  }

  void commit(long tid, Map<Long, Write> writes) {
    Map<Long, byte[]> recorded = new LinkedHashMap<>();
    for (Map.Entry<Long, Write> w : writes.entrySet()) {
      long oid = w.getKey();
      long origin = w.getValue().origin() == Tid.NONE ? tid : w.getValue().origin();
      long prev = currentSerial(oid);
      objects.computeIfAbsent(oid, k -> new ArrayList<>()).add(new Rev(tid, w.getValue().data(), origin, prev));
      recorded.put(oid, w.getValue().data());
    }
    log.add(new Txn(tid, recorded));
    last = tid;
  }

  /** Whether undoing {@code undone} must succeed or fail, or is left to the storage. */
  UndoOutcome undoOutcome(long undone) {
    if (Long.compareUnsigned(undone, packedUpTo) <= 0) {
      return UndoOutcome.FAILS;
    }
    if (undoNeedsPackedRevision(undone)) {
      return UndoOutcome.UNSPECIFIED;
    }
    return planUndo(undone) == null ? UndoOutcome.FAILS : UndoOutcome.SUCCEEDS;
  }

  /** Undo needs a revision pack dropped: storages may refuse or treat it as a creation. */
  private boolean undoNeedsPackedRevision(long undone) {
    Txn t = log.stream().filter(x -> x.tid() == undone).findFirst().orElse(null);
    if (t == null) {
      return false;
    }
    for (long oid : t.writes().keySet()) {
      Rev undoneRev = find(oid, undone);
      if (undoneRev == null || (undoneRev.prevTid() != Tid.NONE && find(oid, undoneRev.prevTid()) == null)) {
        return true;
      }
    }
    return false;
  }

  /** The writes undoing {@code undone} needs, or null if the storage must raise UndoError. */
  Map<Long, Write> planUndo(long undone) {
    Txn t = log.stream().filter(x -> x.tid() == undone).findFirst().orElse(null);
    if (t == null || Long.compareUnsigned(undone, packedUpTo) <= 0) {
      return null;
    }
    Map<Long, Write> out = new LinkedHashMap<>();
    for (long oid : t.writes().keySet()) {
      Rev undoneRev = find(oid, undone);
      Rev cur = current(oid);
      // equal bytes count as unchanged, as in ZODB 5's FileStorage
      if (cur.tid() != undone && cur.origin() != undoneRev.origin()
          && !java.util.Arrays.equals(cur.data(), undoneRev.data())) {
        return null;
      }
      if (undoneRev.prevTid() == Tid.NONE) {
        out.put(oid, new Write(null, Tid.NONE));
      } else {
        Rev prev = find(oid, undoneRev.prevTid());
        out.put(oid, new Write(prev.data(), prev.data() == null ? Tid.NONE : prev.origin()));
      }
    }
    return out;
  }

  private Rev find(long oid, long tid) {
    return revisions(oid).stream().filter(r -> r.tid() == tid).findFirst().orElse(null);
  }

  /**
   * Packs at {@code packTid}: keeps revisions after it and, of older ones, each reachable
   * object's newest (reachable from the root at p or from any revision after p, through the
   * envelope's references).
   */
  void pack(long packTid) {
    long p = Long.compareUnsigned(packTid, last) < 0 ? packTid : last;
    ArrayDeque<Long> work = new ArrayDeque<>();
    work.push(Oid.ROOT);
    for (List<Rev> revs : objects.values()) {
      for (Rev r : revs) {
        if (Long.compareUnsigned(r.tid(), p) > 0 && r.data() != null) {
          for (long ref : RecordEnvelope.referencesOf(r.data())) {
            work.push(ref);
          }
        }
      }
    }
    Set<Long> reachable = new HashSet<>();
    while (!work.isEmpty()) {
      long oid = work.pop();
      if (!reachable.add(oid)) {
        continue;
      }
      Rev r = newestAtOrBefore(oid, p);
      if (r != null && r.data() != null) {
        for (long ref : RecordEnvelope.referencesOf(r.data())) {
          work.push(ref);
        }
      }
    }
    for (long oid : oids()) {
      Rev atP = newestAtOrBefore(oid, p);
      List<Rev> kept = new ArrayList<>();
      for (Rev r : objects.get(oid)) {
        boolean after = Long.compareUnsigned(r.tid(), p) > 0;
        if (after || (r == atP && r.data() != null && reachable.contains(oid))) {
          kept.add(r);
        } else {
          droppedUpTo.merge(oid, r.tid(), (a, b) -> Long.compareUnsigned(a, b) >= 0 ? a : b);
        }
      }
      if (kept.isEmpty()) {
        objects.remove(oid);
      } else {
        objects.put(oid, kept);
      }
    }
    log.replaceAll(t -> {
      if (Long.compareUnsigned(t.tid(), p) > 0) {
        return t;
      }
      Map<Long, byte[]> writes = new LinkedHashMap<>();
      t.writes().forEach((oid, data) -> {
        if (find(oid, t.tid()) != null) {
          writes.put(oid, data);
        }
      });
      return new Txn(t.tid(), writes);
    });
    log.removeIf(t -> t.writes().isEmpty() && Long.compareUnsigned(t.tid(), p) <= 0);
    if (Long.compareUnsigned(p, packedUpTo) > 0) {
      packedUpTo = p;
    }
  }

  private Rev newestAtOrBefore(long oid, long p) {
    Rev best = null;
    for (Rev r : revisions(oid)) {
      if (Long.compareUnsigned(r.tid(), p) <= 0) {
        best = r;
      }
    }
    return best;
  }
}
