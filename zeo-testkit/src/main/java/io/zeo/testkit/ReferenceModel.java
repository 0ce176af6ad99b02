package io.zeo.testkit;

import io.zeo.spi.Revision;
import io.zeo.spi.Tid;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simplest possible model of a storage's committed state, for the randomized scenario: every
 * revision of every object in a list, undo by the rule the {@code Storage} Javadoc states. It
 * predicts; the storage under test must agree.
 */
final class ReferenceModel {
  /** A revision: {@code origin} is the tid that first wrote the data (undo copies it). */
  record Rev(long tid, byte[] data, long origin, long prevTid) {}

  /** What a transaction writes for one object: data (null = creation undone) and its origin. */
  record Write(byte[] data, long origin) {}

  /** A committed transaction and the oids it wrote, in order. */
  record Txn(long tid, Map<Long, byte[]> writes) {}

  private final Map<Long, List<Rev>> objects = new HashMap<>();
  private final List<Txn> log = new ArrayList<>();
  private long last = Tid.NONE;

  long last() {
    return last;
  }

  List<Txn> log() {
    return log;
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
          return Optional.empty();
        }
        long end = i + 1 < revs.size() ? revs.get(i + 1).tid() : Tid.NONE;
        return Optional.of(new Revision(r.data(), r.tid(), end));
      }
    }
    return Optional.empty();
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

  /** The writes undoing {@code undone} needs, or null if the storage must raise UndoError. */
  Map<Long, Write> planUndo(long undone) {
    Txn t = log.stream().filter(x -> x.tid() == undone).findFirst().orElse(null);
    if (t == null) {
      return null;
    }
    Map<Long, Write> out = new LinkedHashMap<>();
    for (long oid : t.writes().keySet()) {
      Rev undoneRev = revisions(oid).stream().filter(r -> r.tid() == undone).findFirst().orElseThrow();
      Rev cur = current(oid);
      if (cur.tid() != undone && cur.origin() != undoneRev.origin()) {
        return null;
      }
      if (undoneRev.prevTid() == Tid.NONE) {
        out.put(oid, new Write(null, Tid.NONE));
      } else {
        Rev prev = revisions(oid).stream().filter(r -> r.tid() == undoneRev.prevTid()).findFirst().orElseThrow();
        out.put(oid, new Write(prev.data(), prev.data() == null ? Tid.NONE : prev.origin()));
      }
    }
    return out;
  }
}
