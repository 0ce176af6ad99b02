package io.zeo.testkit;

import static io.zeo.testkit.TckOps.bytes;
import static io.zeo.testkit.TckOps.commit;
import static io.zeo.testkit.TckOps.create;
import static io.zeo.testkit.TckOps.text;
import static io.zeo.testkit.TckOps.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeo.spi.Oid;
import io.zeo.spi.ReadOnlyError;
import io.zeo.spi.Revision;
import io.zeo.spi.Storage;
import io.zeo.spi.StorageError;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import io.zeo.spi.TransactionRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Scenarios of ZODB's BasicStorage, Synchronization, ReadOnlyStorage, RevisionStorage and
 * IteratorStorage tests that the grouped scenarios do not already cover.
 */
public interface BasicParityScenarios extends StorageScenarios {

  /** ZODB checkStoreBumpsOid: storing an oid beyond the last handed out moves newOid past it. */
  @Test
  default void storingALargerOidMovesNewOidPastIt() {
    Storage s = storage();
    long giant = s.newOid() + 1_000;
    long tid = create(s, giant, bytes("giant"));
    assertThat(Long.compareUnsigned(tck().caughtUpClientOf(s, tid).newOid(), giant)).isPositive();
  }

  /** ZODB checkRestoreBumpsOid: the same for restore, which copies use. */
  @Test
  default void restoringALargerOidMovesNewOidPastIt() {
    tck().assumeRestore();
    Storage s = storage();
    long giant = s.newOid() + 1_000;
    TransactionMetadata t = TransactionMetadata.empty();
    long tid = Tid.of(java.time.Instant.now().minusSeconds(60));
    s.tpcBegin(t, tid, ' ');
    s.restore(giant, tid, bytes("giant"), Tid.NONE, t);
    s.tpcVote(t);
    s.tpcFinish(t);
    assertThat(Long.compareUnsigned(tck().caughtUpClientOf(s, tid).newOid(), giant)).isPositive();
  }

  /** ZODB checkAbortWrongTrans: aborting another transaction leaves the begun one intact. */
  @Test
  default void abortingAnotherTransactionLeavesTheBegunOneIntact() {
    Storage s = storage();
    long oid = s.newOid();
    TransactionMetadata t = TransactionMetadata.empty();
    s.tpcBegin(t);
    s.store(oid, Tid.NONE, bytes("kept"), t);
    s.tpcAbort(TransactionMetadata.empty());
    s.tpcVote(t);
    long tid = s.tpcFinish(t);
    assertThat(s.load(oid).serial()).isEqualTo(tid);
  }

  /** ZODB checkWriteAfterAbort / checkAbortAfterVote: the last tid is unchanged by aborts. */
  @Test
  default void abortsLeaveTheLastTransactionAndAllowAFreshCommit() {
    Storage s = storage();
    long oid = s.newOid();
    long t1 = create(s, oid, bytes("1"));
    TransactionMetadata t = TransactionMetadata.empty();
    s.tpcBegin(t);
    s.store(oid, t1, bytes("aborted"), t);
    s.tpcVote(t);
    s.tpcAbort(t);
    assertThat(s.lastTransaction()).isEqualTo(t1);
    assertThat(s.load(oid).serial()).isEqualTo(t1);
    long t2 = update(s, oid, bytes("2"));
    assertThat(Tid.compare(t2, t1)).isPositive();
    assertThat(text(s.load(oid).data())).isEqualTo("2");
  }

  /** ZODB checkIterationIntraTransaction: iterating while a transaction has voted. */
  @Test
  default void iterationDuringAVotedTransactionShowsOnlyCommittedOnes() {
    Storage s = storage();
    long t1 = create(s, s.newOid(), bytes("committed"));
    TransactionMetadata t = TransactionMetadata.empty();
    s.tpcBegin(t);
    s.store(s.newOid(), Tid.NONE, bytes("voted"), t);
    s.tpcVote(t);
    try {
      assertThat(TckOps.transactions(s)).extracting(TransactionRecord::tid).containsExactly(t1);
    } finally {
      long t2 = s.tpcFinish(t);
      assertThat(TckOps.transactions(s)).extracting(TransactionRecord::tid).containsExactly(t1, t2);
    }
  }

  /** ZODB checkExtendedIteration: bounds between transactions and reversed bounds. */
  @Test
  default void iteratorBoundsBetweenTransactions() {
    Storage s = storage();
    long oid = s.newOid();
    List<Long> tids = new ArrayList<>();
    tids.add(create(s, oid, bytes("0")));
    for (int i = 1; i < 5; i++) {
      tids.add(update(s, oid, bytes(Integer.toString(i))));
    }
    assertThat(TckOps.transactions(s, tids.get(0) + 1, -1L)).extracting(TransactionRecord::tid)
        .containsExactlyElementsOf(tids.subList(1, 5));
    assertThat(TckOps.transactions(s, Tid.NONE, tids.get(3) - 1)).extracting(TransactionRecord::tid)
        .containsExactlyElementsOf(tids.subList(0, 3));
    assertThat(TckOps.transactions(s, tids.get(1), tids.get(3))).extracting(TransactionRecord::tid)
        .containsExactlyElementsOf(tids.subList(1, 4));
    assertThat(TckOps.transactions(s, tids.get(3), tids.get(1))).isEmpty();
    assertThat(TckOps.transactions(s, tids.get(4) + 1, -1L)).isEmpty();
  }

  /** ZODB checkLoadBeforeOld: a revision far back in a long history. */
  @Test
  default void loadBeforeFindsAnOldRevisionInALongHistory() {
    Storage s = storage();
    long oid = s.newOid();
    List<Long> revs = new ArrayList<>();
    revs.add(create(s, oid, bytes("0")));
    for (int i = 1; i < 50; i++) {
      revs.add(update(s, oid, bytes(Integer.toString(i))));
    }
    assertThat(s.loadBefore(oid, revs.get(12))).contains(new Revision(bytes("11"), revs.get(11), revs.get(12)));
  }

  /** ZODB checkMultipleEmptyTransactions: empty transactions are iterated and move lastTransaction. */
  @Test
  default void emptyTransactionsAreIteratedWithTheirMetadata() {
    Storage s = storage();
    long t1 = commit(s, TransactionMetadata.of("alice", "nothing"), t -> {});
    long t2 = commit(s, TransactionMetadata.of("bob", "nothing either"), t -> {});
    assertThat(s.lastTransaction()).isEqualTo(t2);
    assertThat(TckOps.transactions(s)).satisfiesExactly(
        a -> {
          assertThat(a.tid()).isEqualTo(t1);
          assertThat(a.metadata().user()).isEqualTo("alice");
          assertThat(a.records()).isEmpty();
        },
        b -> assertThat(b.metadata().description()).isEqualTo("nothing either"));
  }

  /** ZODB ReadOnlyStorage.checkWriteMethods: store and undo on a read-only storage. */
  @Test
  default void aReadOnlyHandleRefusesStoreAndUndoEvenOutsideATransaction() {
    Storage s = storage();
    long last = create(s, Oid.ROOT, bytes("root"));
    Storage ro = tck().readOnlyHandle();
    TransactionMetadata t = TransactionMetadata.empty();
    assertThatThrownBy(() -> ro.store(Oid.ROOT, last, bytes("x"), t)).isInstanceOf(ReadOnlyError.class);
    if (tck().capabilities().undo()) {
      assertThatThrownBy(() -> ro.undo(last, t)).isInstanceOf(ReadOnlyError.class);
    }
    assertThatThrownBy(() -> ro.checkCurrentSerial(Oid.ROOT, last, t)).isInstanceOf(StorageError.class);
    assertThat(s.lastTransaction()).isEqualTo(last);
  }

  /** After a vote failed with a conflict the transaction cannot finish; abort then cleans up. */
  @Test
  default void finishAfterAFailedVoteIsRejectedAndAbortCleansUp() {
    Storage s = storage();
    long oid = s.newOid();
    long t1 = create(s, oid, bytes("1"));
    long t2 = update(s, oid, bytes("2"));
    TransactionMetadata t = TransactionMetadata.empty();
    s.tpcBegin(t);
    assertThatThrownBy(() -> {
      s.store(oid, t1, bytes("stale"), t);
      s.tpcVote(t);
    }).isInstanceOf(io.zeo.spi.ConflictError.class);
    assertThatThrownBy(() -> s.tpcFinish(t)).isInstanceOf(io.zeo.spi.StorageTransactionError.class);
    s.tpcAbort(t);
    assertThat(s.lastTransaction()).isEqualTo(t2);
    assertThat(text(s.load(oid).data())).isEqualTo("2");
    update(s, oid, bytes("3"));
    assertThat(text(s.load(oid).data())).isEqualTo("3");
  }
}
