package io.zeo.testkit;

import static io.zeo.testkit.TckOps.bytes;
import static io.zeo.testkit.TckOps.commit;
import static io.zeo.testkit.TckOps.create;
import static io.zeo.testkit.TckOps.text;
import static io.zeo.testkit.TckOps.undo;
import static io.zeo.testkit.TckOps.undoLogTid;
import static io.zeo.testkit.TckOps.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.zeo.spi.DataRecord;
import io.zeo.spi.HistoryEntry;
import io.zeo.spi.LoadResult;
import io.zeo.spi.POSKeyError;
import io.zeo.spi.Revision;
import io.zeo.spi.Storage;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import io.zeo.spi.TransactionRecord;
import io.zeo.spi.UndoError;
import io.zeo.spi.UndoLogEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Undo as ZODB's own storage tests exercise it (TransactionalUndoStorage, RevisionStorage,
 * IteratorStorage): chains of undo and redo counted through the undo log, undos of several
 * transactions at once, loadBefore across undos, and the back-pointers iteration shows.
 */
public interface UndoParityScenarios extends StorageScenarios {

  private Storage undoable() {
    tck().assumeUndo();
    return storage();
  }

  private static String current(Storage s, long oid) {
    return text(s.load(oid).data());
  }

  /** ZODB checkSimpleTransactionalUndo: undo by undo-log position, down to the creation and back. */
  @Test
  default void undoByUndoLogPositionWalksBackToTheCreationAndRedoesIt() {
    Storage s = undoable();
    long oid = s.newOid();
    create(s, oid, bytes("23"));
    update(s, oid, bytes("24"));
    update(s, oid, bytes("25"));
    undo(s, undoLogTid(s, 0));
    assertThat(current(s, oid)).isEqualTo("24");
    // log: undo1, 25, 24, 23 -- undoing "24" is allowed: the current data is the same revision
    undo(s, undoLogTid(s, 2));
    assertThat(current(s, oid)).isEqualTo("23");
    // log: undo2, undo1, 25, 24, 23
    undo(s, undoLogTid(s, 4));
    assertThatThrownBy(() -> s.load(oid)).isInstanceOf(POSKeyError.class);
    undo(s, undoLogTid(s, 0));
    assertThat(current(s, oid)).isEqualTo("23");
  }

  /** ZODB checkUndoCreationBranch1: undo an update, then the creation. */
  @Test
  default void undoOfTheCreationAfterUndoingTheUpdate() {
    Storage s = undoable();
    long oid = s.newOid();
    create(s, oid, bytes("11"));
    update(s, oid, bytes("12"));
    undo(s, undoLogTid(s, 0));
    assertThat(current(s, oid)).isEqualTo("11");
    long gone = undo(s, undoLogTid(s, 2));
    assertThatThrownBy(() -> s.load(oid)).isInstanceOf(POSKeyError.class);
    // as ZODB's FileStorage, whose loadBefore follows back-pointer 0 into POSKeyError
    assertThatThrownBy(() -> s.loadBefore(oid, -1L)).isInstanceOf(POSKeyError.class);
    assertThat(s.loadBefore(oid, gone)).hasValueSatisfying(r -> assertThat(text(r.data())).isEqualTo("11"));
  }

  /**
   * ZODB's FileStorage.history reports a record's own data length: 0 for the back-pointer an undo
   * writes and for an undone creation.
   */
  @Test
  default void historySizeOfAnUndoRecordIsItsOwnDataLength() {
    Storage s = undoable();
    tck().assumeHistory();
    long oid = s.newOid();
    long t1 = create(s, oid, bytes("111"));
    long t2 = update(s, oid, bytes("22"));
    long tu = undo(s, t2);
    long tc = undo(s, t1);
    assertThat(s.history(oid, 10)).extracting(HistoryEntry::tid, HistoryEntry::size)
        .containsExactly(tuple(tc, 0), tuple(tu, 0), tuple(t2, 2), tuple(t1, 3));
  }

  /** ZODB checkUndoCreationBranch2: undo an update, then redo it. */
  @Test
  default void redoOfAnUndoneUpdate() {
    Storage s = undoable();
    long oid = s.newOid();
    create(s, oid, bytes("11"));
    update(s, oid, bytes("12"));
    undo(s, undoLogTid(s, 0));
    assertThat(current(s, oid)).isEqualTo("11");
    undo(s, undoLogTid(s, 0));
    assertThat(current(s, oid)).isEqualTo("12");
  }

  /** ZODB checkLoadBeforeUndo: repeatedly undoing the newest transaction alternates the value. */
  @Test
  default void loadBeforeSeesEveryUndoAsARevision() {
    Storage s = undoable();
    long oid = s.newOid();
    create(s, oid, bytes("0"));
    for (int i = 1; i < 5; i++) {
      update(s, oid, bytes(Integer.toString(i)));
    }
    List<LoadResult> revs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      undo(s, undoLogTid(s, 0));
      revs.add(s.load(oid));
    }
    assertThat(revs).extracting(r -> text(r.data())).containsExactly("3", "4", "3", "4");
    for (int i = 0; i < revs.size(); i++) {
      LoadResult r = revs.get(i);
      long end = i < 3 ? revs.get(i + 1).serial() : Tid.NONE;
      assertThat(s.loadBefore(oid, r.serial() + 1)).contains(new Revision(r.data(), r.serial(), end));
    }
  }

  /** ZODB checkTwoObjectUndoAtOnce: one transaction undoes the two newest updates of two objects. */
  @Test
  default void oneTransactionUndoesTwoConsecutiveUpdatesOfTheSameObjects() {
    Storage s = undoable();
    long a = s.newOid();
    long b = s.newOid();
    long t0 = commit(s, t -> {
      s.store(a, Tid.NONE, bytes("30"), t);
      s.store(b, Tid.NONE, bytes("50"), t);
    });
    long t1 = commit(s, t -> {
      s.store(a, t0, bytes("31"), t);
      s.store(b, t0, bytes("51"), t);
    });
    long t2 = commit(s, t -> {
      s.store(a, t1, bytes("32"), t);
      s.store(b, t1, bytes("52"), t);
    });
    TransactionMetadata u = TransactionMetadata.empty();
    s.tpcBegin(u);
    Set<Long> first = s.undo(t2, u);
    Set<Long> second = s.undo(t1, u);
    s.tpcVote(u);
    s.tpcFinish(u);
    assertThat(first).containsExactlyInAnyOrder(a, b);
    assertThat(second).containsExactlyInAnyOrder(a, b);
    assertThat(current(s, a)).isEqualTo("30");
    assertThat(current(s, b)).isEqualTo("50");
    undo(s, undoLogTid(s, 0));
    assertThat(current(s, a)).isEqualTo("32");
    assertThat(current(s, b)).isEqualTo("52");
  }

  /** ZODB checkTwoObjectUndoAgain: an undo changes only the objects its transaction wrote. */
  @Test
  default void undoOfAOneObjectTransactionAmongTwoObjectOnes() {
    Storage s = undoable();
    long a = s.newOid();
    long b = s.newOid();
    long ra = create(s, a, bytes("31"));
    long rb = create(s, b, bytes("51"));
    commit(s, t -> {
      s.store(a, ra, bytes("32"), t);
      s.store(b, rb, bytes("52"), t);
    });
    undo(s, undoLogTid(s, 0));
    assertThat(current(s, a)).isEqualTo("31");
    assertThat(current(s, b)).isEqualTo("51");
    update(s, a, bytes("33"));
    update(s, b, bytes("53"));
    update(s, a, bytes("34"));
    update(s, b, bytes("54"));
    // log: b54, a34, b53, a33, ...: undo a34
    TransactionMetadata u = TransactionMetadata.empty();
    s.tpcBegin(u);
    Set<Long> changed = s.undo(undoLogTid(s, 1), u);
    s.tpcVote(u);
    s.tpcFinish(u);
    assertThat(changed).containsExactly(a);
    assertThat(current(s, a)).isEqualTo("33");
    assertThat(current(s, b)).isEqualTo("54");
  }

  /** ZODB checkNotUndoable: one object of the undone transaction changed later fails all of it. */
  @Test
  default void undoFailsWholeWhenOneOfItsObjectsChangedLater() {
    Storage s = undoable();
    long a = s.newOid();
    long b = s.newOid();
    long ta = create(s, a, bytes("80"));
    commit(s, t -> {
      s.store(a, ta, bytes("81"), t);
      s.store(b, Tid.NONE, bytes("91"), t);
    });
    long later = update(s, a, bytes("82"));
    long before = s.lastTransaction();
    long target = undoLogTid(s, 1);
    TransactionMetadata u = TransactionMetadata.empty();
    s.tpcBegin(u);
    assertThatThrownBy(() -> {
      s.undo(target, u);
      s.tpcVote(u);
    }).isInstanceOf(UndoError.class);
    s.tpcAbort(u);
    assertThat(s.lastTransaction()).isEqualTo(before).isEqualTo(later);
    assertThat(current(s, a)).isEqualTo("82");
    assertThat(current(s, b)).isEqualTo("91");
  }

  /** ZODB checkIndicesInUndoLog: paging with first/last, negative last, the default of 20. */
  @Test
  default void undoLogIndicesFollowZodb() {
    Storage s = undoable();
    long oid = s.newOid();
    create(s, oid, bytes("0"));
    for (int i = 1; i < 27; i++) {
      update(s, oid, bytes(Integer.toString(i)));
    }
    List<UndoLogEntry> all = s.undoLog(0, 100_000, null);
    assertThat(all).hasSize(27);
    assertThat(s.undoLog(0, -1_000_000, null)).isEqualTo(all);
    assertThat(s.undoLog(0, -20, null)).isEqualTo(all.subList(0, 20));
    assertThat(s.undoLog(0, 1, null)).isEqualTo(all.subList(0, 1));
    assertThat(s.undoLog(0, -1, null)).isEqualTo(all.subList(0, 1));
    assertThat(s.undoLog(11, 17, null)).isEqualTo(all.subList(11, 17));
    assertThat(s.undoLog(11, -6, null)).isEqualTo(all.subList(11, 17));
    assertThat(s.undoLog(5, 3, null)).isEmpty();
    assertThat(s.undoLog(26, 100, null)).isEqualTo(all.subList(26, 27));
  }

  /** ZODB checkUndoZombie: iteration shows the undone creation as a record without data. */
  @Test
  default void iterationShowsAnUndoneCreationAsARecordWithoutData() {
    Storage s = undoable();
    long oid = s.newOid();
    long t1 = create(s, oid, bytes("94"));
    long tu = undo(s, t1);
    List<TransactionRecord> all = TckOps.transactions(s);
    TransactionRecord last = all.get(all.size() - 1);
    assertThat(last.tid()).isEqualTo(tu);
    // as ZODB's FileStorage, which writes a transaction holding an undo as a normal one
    assertThat(last.status()).isEqualTo(' ');
    assertThat(last.records()).singleElement().satisfies(r -> {
      assertThat(r.oid()).isEqualTo(oid);
      assertThat(r.tid()).isEqualTo(tu);
      assertThat(r.data()).isNull();
    });
  }

  /**
   * ZODB checkTransactionalUndoIterator: transactions begun with small explicit tids, updated one
   * object at a time, then undone batch by batch; iteration shows which data each record reuses.
   */
  @Test
  default void undoRecordsPointBackToTheRevisionTheyRestore() {
    Storage s = undoable();
    tck().assumeRestore();
    int batches = 3;
    int objects = 3;
    List<long[]> orig = new ArrayList<>();
    for (int i = 0; i < batches; i++) {
      TransactionMetadata t = TransactionMetadata.of("tck", "batch " + i);
      long tid = i + 1;
      s.tpcBegin(t, tid, ' ');
      for (int j = 0; j < objects; j++) {
        long oid = s.newOid();
        s.store(oid, Tid.NONE, bytes("v" + (i * objects + j)), t);
        orig.add(new long[] {tid, oid});
      }
      s.tpcVote(t);
      assertThat(s.tpcFinish(t)).isEqualTo(tid);
    }
    for (long[] o : orig) {
      update(s, o[1], bytes("updated " + o[1]));
    }
    for (int i = 0; i < batches; i++) {
      // the updates of batch i's objects sit at undo-log positions i*objects+i ... (newest first)
      List<UndoLogEntry> log = s.undoLog(0, 1000, null);
      int base = i * objects + i;
      commit(s, t -> {
        for (int j = 0; j < objects; j++) {
          s.undo(log.get(base + j).tid(), t);
        }
      });
    }
    List<TransactionRecord> all = TckOps.transactions(s);
    assertThat(all).hasSize(batches + batches * objects + batches);
    for (int i = 0; i < batches; i++) {
      assertThat(all.get(i).tid()).isEqualTo(i + 1);
      assertThat(all.get(i).records()).allSatisfy(r -> assertThat(r.dataTid()).isEqualTo(Tid.NONE));
    }
    for (int i = batches + batches * objects; i < all.size(); i++) {
      long undoneBatch = batches - (i - batches - batches * objects);
      List<Long> expectedOids = orig.stream().filter(o -> o[0] == undoneBatch).map(o -> o[1]).toList();
      assertThat(all.get(i).records()).extracting(DataRecord::oid).containsExactlyInAnyOrderElementsOf(expectedOids);
      assertThat(all.get(i).records()).allSatisfy(r -> {
        assertThat(r.dataTid()).isEqualTo(undoneBatch);
        assertThat(r.data()).isEqualTo(s.loadSerial(r.oid(), undoneBatch));
      });
    }
  }

  /** ZODB checkLoadBeforeConsecutiveTids: revisions one tid apart. */
  @Test
  default void loadBeforeWithConsecutiveExplicitTids() {
    tck().assumeRestore();
    Storage s = storage();
    long oid = s.newOid();
    long serial = Tid.NONE;
    for (long tid = 1; tid <= 3; tid++) {
      TransactionMetadata t = TransactionMetadata.empty();
      s.tpcBegin(t, tid, ' ');
      s.store(oid, serial, bytes(Long.toString(tid)), t);
      s.tpcVote(t);
      serial = s.tpcFinish(t);
      assertThat(serial).isEqualTo(tid);
    }
    assertThat(s.loadBefore(oid, 2)).contains(new Revision(bytes("1"), 1, 2));
    assertThat(s.loadBefore(oid, 1)).isEmpty();
    assertThat(s.loadBefore(oid, 4)).contains(new Revision(bytes("3"), 3, Tid.NONE));
  }

  /** ZODB's FileStorage lists empty transactions in the undo log; undoing one changes nothing. */
  @Test
  default void anEmptyTransactionIsListedAndUndoesToNothing() {
    Storage s = undoable();
    long oid = s.newOid();
    create(s, oid, bytes("1"));
    long empty = commit(s, t -> {});
    assertThat(undoLogTid(s, 0)).isEqualTo(empty);
    TransactionMetadata u = TransactionMetadata.empty();
    s.tpcBegin(u);
    assertThat(s.undo(empty, u)).isEmpty();
    s.tpcVote(u);
    s.tpcFinish(u);
    assertThat(current(s, oid)).isEqualTo("1");
  }

  /** ZODB RecoveryStorage.checkRestoreWithMultipleObjectsInUndoRedo: copy after undo and redo. */
  @Test
  default void aCopyAfterUndoAndRedoOfATwoObjectTransactionIteratesIdentically() {
    Storage s = undoable();
    tck().assumeRestore();
    long a = s.newOid();
    long b = s.newOid();
    long t1 = commit(s, t -> {
      s.store(a, Tid.NONE, bytes("a"), t);
      s.store(b, Tid.NONE, bytes("b"), t);
    });
    commit(s, t -> {
      s.store(a, t1, bytes("a x1"), t);
      s.store(b, t1, bytes("b x2"), t);
    });
    undo(s, undoLogTid(s, 0));
    assertThat(current(s, a)).isEqualTo("a");
    undo(s, undoLogTid(s, 0));
    assertThat(current(s, a)).isEqualTo("a x1");
    assertThat(current(s, b)).isEqualTo("b x2");
    Storage copy = tck().freshStorage();
    io.zeo.spi.TransactionCopier.copyAll(s, copy);
    CopyScenarios.assertSameTransactions(TckOps.transactions(s), TckOps.transactions(copy));
    assertThat(copy.load(b)).isEqualTo(s.load(b));
  }

  /** ZODB checkLoadBeforeEdges: an unknown object raises even at tid 0; a known one is empty there. */
  @Test
  default void loadBeforeEdgesAtTidZero() {
    Storage s = storage();
    long oid = s.newOid();
    assertThatThrownBy(() -> s.loadBefore(oid, Tid.NONE)).isInstanceOf(POSKeyError.class);
    long t1 = create(s, oid, bytes("1"));
    assertThat(s.loadBefore(oid, Tid.NONE)).isEmpty();
    assertThat(s.loadBefore(oid, t1)).isEmpty();
    assertThat(s.loadBefore(oid, t1 + 1)).contains(new Revision(bytes("1"), t1, Tid.NONE));
    long t2 = update(s, oid, bytes("2"));
    assertThat(s.loadBefore(oid, t1 + 1)).contains(new Revision(bytes("1"), t1, t2));
  }

  /** ZODB checkUndoMultipleConflictResolution: two conflicting undos in one transaction, both orders. */
  @Test
  default void twoConflictingUndosInOneTransactionAreMergedInEitherOrder() {
    for (boolean reverse : new boolean[] {false, true}) {
      Storage s = reverse ? tck().freshStorage() : undoable();
      s.setConflictResolver(ConflictScenarios.COUNTER_RESOLVER);
      long oid = s.newOid();
      create(s, oid, TckOps.counter(0));
      for (int i = 1; i <= 4; i++) {
        update(s, oid, TckOps.counter(i));
      }
      List<Long> tids = new ArrayList<>(List.of(undoLogTid(s, 1), undoLogTid(s, 2)));
      if (reverse) {
        java.util.Collections.reverse(tids);
      }
      commit(s, t -> tids.forEach(tid -> s.undo(tid, t)));
      assertThat(TckOps.counterValue(s.load(oid).data())).as("reverse=%s", reverse).isEqualTo(2);
    }
  }

  /** ZODB 5's FileStorage compares data: a later revision with the undone bytes does not block undo. */
  @Test
  default void aLaterRevisionWithTheSameBytesDoesNotBlockUndo() {
    Storage s = undoable();
    long oid = s.newOid();
    create(s, oid, bytes("1"));
    long t2 = update(s, oid, bytes("2"));
    update(s, oid, bytes("2"));
    undo(s, t2);
    assertThat(current(s, oid)).isEqualTo("1");
  }
}
