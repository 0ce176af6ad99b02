package io.zeo.testkit;

import static io.zeo.testkit.TckOps.commit;
import static io.zeo.testkit.TckOps.create;
import static io.zeo.testkit.TckOps.object;
import static io.zeo.testkit.TckOps.pack;
import static io.zeo.testkit.TckOps.payload;
import static io.zeo.testkit.TckOps.undo;
import static io.zeo.testkit.TckOps.undoLogTid;
import static io.zeo.testkit.TckOps.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeo.spi.DataRecord;
import io.zeo.spi.Oid;
import io.zeo.spi.POSKeyError;
import io.zeo.spi.RecordEnvelope;
import io.zeo.spi.Storage;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionCopier;
import io.zeo.spi.TransactionMetadata;
import io.zeo.spi.TransactionRecord;
import io.zeo.spi.UndoLogEntry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pack as ZODB's own storage tests exercise it (PackableStorage, TransactionalUndoStorage,
 * RecoveryStorage): packs at tids between revisions, before everything, repeated packs over undo
 * back-pointers, cycles, and copying into a storage that was packed.
 */
public interface PackParityScenarios extends StorageScenarios {

  private Storage packable() {
    tck().assumePack();
    return storage();
  }

  /** ZODB checkPackYesterday: a pack before the first transaction removes nothing. */
  @Test
  default void packBeforeTheFirstTransactionRemovesNothing() {
    Storage s = packable();
    long a = s.newOid();
    long garbage = s.newOid();
    long t1 = commit(s, t -> {
      s.store(Oid.ROOT, Tid.NONE, object("root", a), t);
      s.store(a, Tid.NONE, object("a1"), t);
      s.store(garbage, Tid.NONE, object("garbage"), t);
    });
    long t2 = update(s, a, object("a2"));
    List<TransactionRecord> before = TckOps.transactions(s);
    pack(s, t1 - 1);
    assertThat(payload(s.loadSerial(a, t1))).isEqualTo("a1");
    assertThat(payload(s.loadSerial(a, t2))).isEqualTo("a2");
    assertThat(payload(s.load(garbage).data())).isEqualTo("garbage");
    CopyScenarios.assertSameTransactions(before, TckOps.transactions(s));
  }

  /** ZODB checkPackJustOldRevisions / checkPackOnlyOneObject, with the pack tid between revisions. */
  @Test
  default void packBetweenRevisionsKeepsThePackTimeRevisionAndLaterOnes() {
    Storage s = packable();
    long a = s.newOid();
    long b = s.newOid();
    long t0 = create(s, Oid.ROOT, object("root", a, b));
    long a1 = create(s, a, object("a1"));
    long a2 = update(s, a, object("a2"));
    long b1 = create(s, b, object("b1"));
    long a3 = update(s, a, object("a3"));
    pack(s, b1);
    Storage fresh = tck().caughtUpClientOf(s, a3);
    assertThatThrownBy(() -> fresh.loadSerial(a, a1)).isInstanceOf(POSKeyError.class);
    assertThat(payload(fresh.loadSerial(a, a2))).isEqualTo("a2");
    assertThat(payload(fresh.loadSerial(a, a3))).isEqualTo("a3");
    assertThat(payload(fresh.loadSerial(b, b1))).isEqualTo("b1");
    assertThat(payload(fresh.loadSerial(Oid.ROOT, t0))).isEqualTo("root");
    assertThat(fresh.loadBefore(a, a2)).isEmpty();
    assertThat(fresh.loadBefore(a, b1 + 1)).hasValueSatisfying(r -> {
      assertThat(r.start()).isEqualTo(a2);
      assertThat(r.end()).isEqualTo(a3);
    });
    if (tck().capabilities().history()) {
      assertThat(fresh.history(a, 10)).extracting(h -> h.tid()).containsExactly(a3, a2);
    }
  }

  /** Unreachable cycles are garbage; a cycle hanging off the root is kept. */
  @Test
  default void packCollectsUnreachableCyclesAndKeepsReachableOnes() {
    Storage s = packable();
    long a = s.newOid();
    long b = s.newOid();
    long c = s.newOid();
    long d = s.newOid();
    long last = commit(s, t -> {
      s.store(Oid.ROOT, Tid.NONE, object("root", a), t);
      s.store(a, Tid.NONE, object("a", b), t);
      s.store(b, Tid.NONE, object("b", a), t);
      s.store(c, Tid.NONE, object("c", d), t);
      s.store(d, Tid.NONE, object("d", c), t);
    });
    pack(s, last);
    Storage fresh = tck().caughtUpClientOf(s, last);
    assertThat(payload(fresh.load(a).data())).isEqualTo("a");
    assertThat(payload(fresh.load(b).data())).isEqualTo("b");
    assertThatThrownBy(() -> fresh.load(c)).isInstanceOf(POSKeyError.class);
    assertThatThrownBy(() -> fresh.load(d)).isInstanceOf(POSKeyError.class);
  }

  /**
   * ZODB checkPackAfterUndoDeletion: a key deleted and brought back by undo survives packs at
   * every point, including between the deletion and the undo (only the undo's record, a
   * back-pointer to the old root, refers to it then).
   */
  @Test
  default void packAfterUndoOfADeletionKeepsTheObjectAtEveryPackTime() {
    tck().assumeUndo();
    Storage s = packable();
    long[] keys = {s.newOid(), s.newOid(), s.newOid()};
    List<Long> packTids = new ArrayList<>();
    packTids.add(commit(s, t -> {
      s.store(Oid.ROOT, Tid.NONE, object("root", keys), t);
      for (int i = 0; i < keys.length; i++) {
        s.store(keys[i], Tid.NONE, object("key" + i), t);
      }
    }));
    long deletion = update(s, Oid.ROOT, object("root", keys[0], keys[2]));
    packTids.add(deletion);
    packTids.add(undo(s, deletion));
    for (long p : packTids) {
      pack(s, p);
      Storage fresh = tck().caughtUpClientOf(s, s.lastTransaction());
      assertThat(RecordEnvelope.referencesOf(fresh.load(Oid.ROOT).data())).containsExactly(keys);
      for (int i = 0; i < keys.length; i++) {
        assertThat(payload(fresh.load(keys[i]).data())).as("key%d after pack at %s", i, Tid.toHex(p))
            .isEqualTo("key" + i);
      }
    }
  }

  /** ZODB checkPackAfterUndoManyTimes: undo the newest ten times, then pack at each undo. */
  @Test
  default void packAfterManyUndosKeepsTheCurrentState() {
    tck().assumeUndo();
    Storage s = packable();
    long one = s.newOid();
    long two = s.newOid();
    long three = s.newOid();
    commit(s, t -> {
      s.store(Oid.ROOT, Tid.NONE, object("root", one), t);
      s.store(one, Tid.NONE, object("1"), t);
    });
    commit(s, t -> {
      s.store(Oid.ROOT, s.load(Oid.ROOT).serial(), object("root", one, two), t);
      s.store(two, Tid.NONE, object("2"), t);
    });
    commit(s, t -> {
      s.store(Oid.ROOT, s.load(Oid.ROOT).serial(), object("root", three, two), t);
      s.store(three, Tid.NONE, object("3"), t);
    });
    List<Long> packTids = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      packTids.add(undo(s, undoLogTid(s, 0)));
      long first = RecordEnvelope.referencesOf(s.load(Oid.ROOT).data())[0];
      assertThat(payload(s.load(first).data())).isEqualTo(i % 2 == 1 ? "3" : "1");
    }
    for (long p : packTids) {
      pack(s, p);
      long[] refs = RecordEnvelope.referencesOf(s.load(Oid.ROOT).data());
      assertThat(refs).containsExactly(three, two);
      assertThat(payload(s.load(three).data())).isEqualTo("3");
      assertThat(payload(s.load(two).data())).isEqualTo("2");
    }
  }

  /** ZODB checkTransactionalUndoAfterPack: undo still works on what the pack kept. */
  @Test
  default void undoAfterPackUsesTheKeptRevision() {
    tck().assumeUndo();
    Storage s = packable();
    create(s, Oid.ROOT, object("50"));
    long p = update(s, Oid.ROOT, object("51"));
    update(s, Oid.ROOT, object("52"));
    long t53 = update(s, Oid.ROOT, object("53"));
    assertThat(s.undoLog(0, 100, null)).hasSize(4);
    pack(s, p);
    assertThat(s.undoLog(0, 100, null)).hasSize(2);
    undo(s, t53);
    assertThat(payload(s.load(Oid.ROOT).data())).isEqualTo("52");
  }

  /** ZODB checkTransactionalUndoAfterPackWithObjectUnlinkFromRoot. */
  @Test
  default void undoAfterPackRelinksAnObjectCreatedAfterThePackTid() {
    tck().assumeUndo();
    Storage s = packable();
    long o1 = s.newOid();
    long o2 = s.newOid();
    long o3 = s.newOid();
    long p = commit(s, TransactionMetadata.of("tck", "o1 -> o2"), t -> {
      s.store(Oid.ROOT, Tid.NONE, object("root", o1), t);
      s.store(o1, Tid.NONE, object("o1", o2), t);
      s.store(o2, Tid.NONE, object("o2"), t);
    });
    commit(s, TransactionMetadata.of("tck", "o1 -> o2 -> o3"), t -> {
      s.store(o2, s.load(o2).serial(), object("o2", o3), t);
      s.store(o3, Tid.NONE, object("o3"), t);
    });
    long relink = commit(s, TransactionMetadata.of("tck", "o1 -> o3"),
        t -> s.store(o1, s.load(o1).serial(), object("o1", o3), t));
    pack(s, p);
    assertThat(s.undoLog(0, 100, null)).extracting(UndoLogEntry::description)
        .containsExactly("o1 -> o3", "o1 -> o2 -> o3");
    undo(s, relink);
    assertThat(RecordEnvelope.referencesOf(s.load(o1).data())).containsExactly(o2);
    assertThat(RecordEnvelope.referencesOf(s.load(o2).data())).containsExactly(o3);
    assertThat(payload(s.load(o3).data())).isEqualTo("o3");
  }

  /** ZODB checkPackWithGCOnDestinationAfterRestore: a copy packs like the original would. */
  @Test
  default void packOfACopyCollectsWhatTheRootNoLongerReaches() {
    tck().assumeRestore();
    Storage s = packable();
    long o1 = s.newOid();
    long o2 = s.newOid();
    commit(s, t -> {
      s.store(Oid.ROOT, Tid.NONE, object("root", o1), t);
      s.store(o1, Tid.NONE, object("o1"), t);
    });
    commit(s, t -> {
      s.store(o1, s.load(o1).serial(), object("o1", o2), t);
      s.store(o2, Tid.NONE, object("o2"), t);
    });
    update(s, Oid.ROOT, object("root"));
    Storage copy = tck().freshStorage();
    TransactionCopier.copyAll(s, copy);
    pack(copy, copy.lastTransaction());
    assertThat(copy.load(Oid.ROOT)).isEqualTo(s.load(Oid.ROOT));
    assertThatThrownBy(() -> copy.load(o1)).isInstanceOf(POSKeyError.class);
    assertThatThrownBy(() -> copy.load(o2)).isInstanceOf(POSKeyError.class);
  }

  /**
   * ZODB checkRestoreAcrossPack: restoring an undo whose back-pointer names a revision the
   * destination has packed away still works (the data comes with the record).
   */
  @Test
  default void restoreOfAnUndoWhoseBackPointerTheDestinationPackedAway() {
    tck().assumeRestore();
    tck().assumeUndo();
    Storage s = packable();
    long o1 = s.newOid();
    long o2 = s.newOid();
    commit(s, t -> {
      s.store(Oid.ROOT, Tid.NONE, object("root", o1), t);
      s.store(o1, Tid.NONE, object("o1"), t);
    });
    commit(s, t -> {
      s.store(Oid.ROOT, s.load(Oid.ROOT).serial(), object("root", o1, o2), t);
      s.store(o2, Tid.NONE, object("o2"), t);
    });
    Storage copy = tck().freshStorage();
    TransactionCopier.copyAll(s, copy);
    pack(copy, copy.lastTransaction());
    undo(s, undoLogTid(s, 0));
    List<TransactionRecord> all = TckOps.transactions(s);
    TransactionRecord last = all.get(all.size() - 1);
    TransactionMetadata txn = TransactionMetadata.of("tck", "restore across pack");
    copy.tpcBegin(txn, last.tid(), last.status());
    for (DataRecord r : last.records()) {
      copy.restore(r.oid(), last.tid(), r.data(), r.dataTid(), txn);
    }
    copy.tpcVote(txn);
    assertThat(copy.tpcFinish(txn)).isEqualTo(last.tid());
    assertThat(copy.load(Oid.ROOT)).isEqualTo(s.load(Oid.ROOT));
    assertThatThrownBy(() -> copy.load(o2)).isInstanceOf(POSKeyError.class);
  }

  /** ZODB's undo search stops at packed transactions: a restored 'p' transaction is not undoable. */
  @Test
  default void aRestoredPackedTransactionIsNotUndoable() {
    tck().assumeRestore();
    tck().assumeUndo();
    Storage s = storage();
    TransactionMetadata packed = TransactionMetadata.of("tck", "packed");
    long tid = Tid.of(java.time.Instant.now().minusSeconds(3600));
    s.tpcBegin(packed, tid, 'p');
    s.restore(Oid.ROOT, tid, object("root"), Tid.NONE, packed);
    s.tpcVote(packed);
    s.tpcFinish(packed);
    long later = update(s, Oid.ROOT, object("root 2"));
    assertThat(s.undoLog(0, 100, null)).extracting(UndoLogEntry::tid).containsExactly(later);
    TransactionMetadata u = TransactionMetadata.empty();
    s.tpcBegin(u);
    assertThatThrownBy(() -> {
      s.undo(tid, u);
      s.tpcVote(u);
    }).isInstanceOf(io.zeo.spi.UndoError.class);
    s.tpcAbort(u);
    assertThat(TckOps.transactions(s).get(0).status()).isEqualTo('p');
  }

  /**
   * An object unreachable at the pack tid loses its revision from then; undoing its later change
   * finds no revision before it and undoes its creation, as ZODB's FileStorage does after a pack.
   */
  @Test
  default void undoOfAChangeWhosePreviousRevisionPackDroppedUndoesTheCreation() {
    tck().assumeUndo();
    Storage s = packable();
    long x = s.newOid();
    commit(s, t -> {
      s.store(Oid.ROOT, Tid.NONE, object("root"), t);
      s.store(x, Tid.NONE, object("x1"), t);
    });
    long p = commit(s, t -> {});
    long tx = update(s, x, object("x2"));
    pack(s, p);
    assertThat(s.loadBefore(x, tx)).isEmpty();
    long tu = undo(s, tx);
    assertThatThrownBy(() -> s.load(x)).isInstanceOf(POSKeyError.class);
    assertThat(s.loadBefore(x, tu)).hasValueSatisfying(r -> assertThat(payload(r.data())).isEqualTo("x2"));
  }

  /** An object whose creation was undone is garbage for pack: afterwards no revision of it is left. */
  @Test
  default void packRemovesAnObjectWhoseCreationWasUndone() {
    tck().assumeUndo();
    Storage s = packable();
    create(s, Oid.ROOT, object("root"));
    long zombie = s.newOid();
    long created = create(s, zombie, object("zombie"));
    long undone = undo(s, created);
    pack(s, undone);
    Storage fresh = tck().caughtUpClientOf(s, undone);
    assertThatThrownBy(() -> fresh.load(zombie)).isInstanceOf(POSKeyError.class);
    assertThatThrownBy(() -> fresh.loadSerial(zombie, created)).isInstanceOf(POSKeyError.class);
    assertThatThrownBy(() -> fresh.loadBefore(zombie, -1L)).isInstanceOf(POSKeyError.class);
    if (tck().capabilities().history()) {
      assertThatThrownBy(() -> fresh.history(zombie, 5)).isInstanceOf(POSKeyError.class);
    }
    assertThat(payload(fresh.load(Oid.ROOT).data())).isEqualTo("root");
  }
}
