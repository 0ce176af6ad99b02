package io.zeo.testkit;

import static io.zeo.testkit.TckOps.bytes;
import static io.zeo.testkit.TckOps.commit;
import static io.zeo.testkit.TckOps.counter;
import static io.zeo.testkit.TckOps.counterValue;
import static io.zeo.testkit.TckOps.create;
import static io.zeo.testkit.TckOps.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeo.spi.POSKeyError;
import io.zeo.spi.Storage;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import io.zeo.spi.UndoError;
import io.zeo.spi.UndoLogEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Undo (ZODB's transactional undo) and the undo log. */
public interface UndoScenarios extends StorageScenarios {

  private Storage undoable() {
    tck().assumeUndo();
    return storage();
  }

  /** Undoes {@code tid} in a transaction of its own; returns the undo's tid. */
  private static long undo(Storage s, long tid) {
    return commit(s, TransactionMetadata.of("tck", "undo " + Tid.toHex(tid)), t -> s.undo(tid, t));
  }

  private static UndoError undoFails(Storage s, long tid) {
    long before = s.lastTransaction();
    TransactionMetadata t = TransactionMetadata.empty();
    s.tpcBegin(t);
    try {
      s.undo(tid, t);
      s.tpcVote(t);
    } catch (UndoError e) {
      s.tpcAbort(t);
      assertThat(s.lastTransaction()).isEqualTo(before);
      return e;
    }
    s.tpcAbort(t);
    throw new AssertionError("undo of " + Tid.toHex(tid) + " succeeded; expected UndoError");
  }

  @Test
  default void undoRestoresThePreviousRevision() {
    Storage s = undoable();
    long oid = s.newOid();
    create(s, oid, bytes("1"));
    long t2 = update(s, oid, bytes("2"));
    TransactionMetadata u = TransactionMetadata.of("tck", "undo");
    s.tpcBegin(u);
    Set<Long> changed = s.undo(t2, u);
    s.tpcVote(u);
    long tu = s.tpcFinish(u);
    assertThat(changed).containsExactly(oid);
    assertThat(s.load(oid).data()).isEqualTo(bytes("1"));
    assertThat(s.load(oid).serial()).isEqualTo(tu);
    assertThat(s.loadSerial(oid, t2)).isEqualTo(bytes("2"));
  }

  @Test
  default void undoOfACreationLeavesTheObjectMissing() {
    Storage s = undoable();
    long oid = s.newOid();
    long t1 = create(s, oid, bytes("created"));
    long tu = undo(s, t1);
    assertThatThrownBy(() -> s.load(oid)).isInstanceOf(POSKeyError.class);
    assertThatThrownBy(() -> s.loadBefore(oid, tu + 1)).isInstanceOf(POSKeyError.class);
    assertThat(s.loadBefore(oid, tu)).hasValueSatisfying(r -> assertThat(r.data()).isEqualTo(bytes("created")));
    assertThatThrownBy(() -> s.loadSerial(oid, tu)).isInstanceOf(POSKeyError.class);
  }

  @Test
  default void undoOfAnUndoRedoes() {
    Storage s = undoable();
    long oid = s.newOid();
    create(s, oid, bytes("1"));
    long t2 = update(s, oid, bytes("2"));
    long tu = undo(s, t2);
    assertThat(s.load(oid).data()).isEqualTo(bytes("1"));
    undo(s, tu);
    assertThat(s.load(oid).data()).isEqualTo(bytes("2"));
  }

  @Test
  default void undoOfAnUndoneCreationBringsTheObjectBack() {
    Storage s = undoable();
    long oid = s.newOid();
    long t1 = create(s, oid, bytes("created"));
    long tu = undo(s, t1);
    undo(s, tu);
    assertThat(s.load(oid).data()).isEqualTo(bytes("created"));
  }

  @Test
  default void undoOfATransactionWhoseObjectChangedLaterFails() {
    Storage s = undoable();
    long oid = s.newOid();
    create(s, oid, bytes("1"));
    long t2 = update(s, oid, bytes("2"));
    update(s, oid, bytes("3"));
    UndoError e = undoFails(s, t2);
    assertThat(e.oid()).isEqualTo(oid);
    assertThat(s.load(oid).data()).isEqualTo(bytes("3"));
  }

  @Test
  default void undoOfACreationChangedLaterFails() {
    Storage s = undoable();
    long oid = s.newOid();
    long t1 = create(s, oid, bytes("1"));
    update(s, oid, bytes("2"));
    assertThat(undoFails(s, t1).oid()).isEqualTo(oid);
  }

  @Test
  default void undoConflictIsMergedByTheResolver() {
    Storage s = undoable();
    s.setConflictResolver(ConflictScenarios.COUNTER_RESOLVER);
    long oid = s.newOid();
    create(s, oid, counter(10));
    long plus5 = update(s, oid, counter(15));
    update(s, oid, counter(17));
    undo(s, plus5);
    assertThat(counterValue(s.load(oid).data())).isEqualTo(12);
  }

  @Test
  default void undoOfAnUnknownTransactionFails() {
    Storage s = undoable();
    long t1 = create(s, s.newOid(), bytes("x"));
    assertThat(undoFails(s, t1 + 1).oid()).isEqualTo(-1);
    assertThat(undoFails(s, Tid.NONE)).isNotNull();
  }

  @Test
  default void undoOfATwoObjectTransactionRestoresBoth() {
    Storage s = undoable();
    long a = s.newOid();
    long b = s.newOid();
    long t1 = commit(s, t -> {
      s.store(a, Tid.NONE, bytes("a1"), t);
      s.store(b, Tid.NONE, bytes("b1"), t);
    });
    long t2 = commit(s, t -> {
      s.store(a, t1, bytes("a2"), t);
      s.store(b, t1, bytes("b2"), t);
    });
    TransactionMetadata u = TransactionMetadata.empty();
    s.tpcBegin(u);
    assertThat(s.undo(t2, u)).containsExactlyInAnyOrder(a, b);
    s.tpcVote(u);
    long tu = s.tpcFinish(u);
    assertThat(s.load(a)).satisfies(r -> assertThat(r.data()).isEqualTo(bytes("a1")));
    assertThat(s.load(b)).satisfies(r -> assertThat(r.serial()).isEqualTo(tu));
    assertThat(s.load(b).data()).isEqualTo(bytes("b1"));
  }

  @Test
  default void twoUndosInOneTransaction() {
    Storage s = undoable();
    long a = s.newOid();
    long b = s.newOid();
    create(s, a, bytes("a1"));
    create(s, b, bytes("b1"));
    long ta = update(s, a, bytes("a2"));
    long tb = update(s, b, bytes("b2"));
    commit(s, t -> {
      s.undo(tb, t);
      s.undo(ta, t);
    });
    assertThat(s.load(a).data()).isEqualTo(bytes("a1"));
    assertThat(s.load(b).data()).isEqualTo(bytes("b1"));
  }

  @Test
  default void laterChangesToOtherObjectsDoNotBlockUndo() {
    Storage s = undoable();
    long a = s.newOid();
    long b = s.newOid();
    create(s, a, bytes("a1"));
    long ta = update(s, a, bytes("a2"));
    create(s, b, bytes("b"));
    update(s, b, bytes("b2"));
    undo(s, ta);
    assertThat(s.load(a).data()).isEqualTo(bytes("a1"));
    assertThat(s.load(b).data()).isEqualTo(bytes("b2"));
  }

  @Test
  default void undoIsHeardByListenersWithTheChangedOids() {
    Storage s = undoable();
    long oid = s.newOid();
    create(s, oid, bytes("1"));
    long t2 = update(s, oid, bytes("2"));
    List<Set<Long>> heard = new CopyOnWriteArrayList<>();
    s.addListener((tid, oids) -> heard.add(oids));
    undo(s, t2);
    assertThat(heard).containsExactly(Set.of(oid));
  }

  @Test
  default void undoLogListsUndoableTransactionsNewestFirst() {
    Storage s = undoable();
    long oid = s.newOid();
    long t1 = commit(s, new TransactionMetadata("alice", "first", Map.of("note", "n1")),
        t -> s.store(oid, Tid.NONE, bytes("1"), t));
    long t2 = commit(s, TransactionMetadata.of("bob", "second"), t -> s.store(oid, t1, bytes("2"), t));
    List<UndoLogEntry> log = s.undoLog(0, 20, null);
    assertThat(log).extracting(UndoLogEntry::tid).containsExactly(t2, t1);
    assertThat(log.get(0).user()).isEqualTo("bob");
    assertThat(log.get(0).description()).isEqualTo("second");
    assertThat(log.get(1).extension()).isEqualTo(Map.of("note", "n1"));
    assertThat(log.get(1).time()).isEqualTo(Tid.toInstant(t1));
  }

  @Test
  default void undoLogPagesWithFirstAndLast() {
    Storage s = undoable();
    List<Long> tids = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      tids.add(0, create(s, s.newOid(), bytes("v" + i)));
    }
    assertThat(s.undoLog(0, 3, null)).extracting(UndoLogEntry::tid).containsExactlyElementsOf(tids.subList(0, 3));
    assertThat(s.undoLog(3, 6, null)).extracting(UndoLogEntry::tid).containsExactlyElementsOf(tids.subList(3, 6));
    assertThat(s.undoLog(2, -2, null)).extracting(UndoLogEntry::tid).containsExactlyElementsOf(tids.subList(2, 4));
    assertThat(s.undoLog(5, 100, null)).extracting(UndoLogEntry::tid).containsExactlyElementsOf(tids.subList(5, 7));
    assertThat(s.undoLog(10, 20, null)).isEmpty();
  }

  @Test
  default void undoLogFilterSelectsAndPagesOverTheSelection() {
    Storage s = undoable();
    List<Long> bobs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String user = i % 2 == 0 ? "bob" : "alice";
      long oid = s.newOid();
      long tid = commit(s, TransactionMetadata.of(user, "t" + i), t -> s.store(oid, Tid.NONE, bytes("x"), t));
      if (user.equals("bob")) {
        bobs.add(0, tid);
      }
    }
    assertThat(s.undoLog(0, 10, e -> e.user().equals("bob"))).extracting(UndoLogEntry::tid)
        .containsExactlyElementsOf(bobs);
    assertThat(s.undoLog(1, 2, e -> e.user().equals("bob"))).extracting(UndoLogEntry::tid)
        .containsExactly(bobs.get(1));
  }

  @Test
  default void undoTransactionsAppearInTheUndoLog() {
    Storage s = undoable();
    long oid = s.newOid();
    create(s, oid, bytes("1"));
    long t2 = update(s, oid, bytes("2"));
    long tu = undo(s, t2);
    assertThat(s.undoLog(0, 1, null)).extracting(UndoLogEntry::tid).containsExactly(tu);
  }
}
