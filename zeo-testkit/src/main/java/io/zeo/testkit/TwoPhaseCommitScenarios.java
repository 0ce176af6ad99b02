package io.zeo.testkit;

import static io.zeo.testkit.TckOps.bytes;
import static io.zeo.testkit.TckOps.commit;
import static io.zeo.testkit.TckOps.create;
import static io.zeo.testkit.TckOps.transactions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeo.spi.POSKeyError;
import io.zeo.spi.Storage;
import io.zeo.spi.StorageTransactionError;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Two-phase commit: every misuse, and abort at each stage. */
public interface TwoPhaseCommitScenarios extends StorageScenarios {

  @Test
  default void storeWithoutBeginIsRejected() {
    Storage s = storage();
    long oid = s.newOid();
    assertThatThrownBy(() -> s.store(oid, Tid.NONE, bytes("x"), TransactionMetadata.empty()))
        .isInstanceOf(StorageTransactionError.class);
    assertThat(s.lastTransaction()).isEqualTo(Tid.NONE);
  }

  @Test
  default void storeWithAnotherTransactionIsRejectedAndLeavesTheBegunOneIntact() {
    Storage s = storage();
    long oid = s.newOid();
    TransactionMetadata begun = TransactionMetadata.of("u", "begun");
    s.tpcBegin(begun);
    assertThatThrownBy(() -> s.store(oid, Tid.NONE, bytes("other"), TransactionMetadata.of("u", "begun")))
        .isInstanceOf(StorageTransactionError.class);
    s.store(oid, Tid.NONE, bytes("mine"), begun);
    s.tpcVote(begun);
    s.tpcFinish(begun);
    assertThat(s.load(oid).data()).isEqualTo(bytes("mine"));
  }

  @Test
  default void storeAfterVoteIsRejected() {
    Storage s = storage();
    long a = s.newOid();
    long b = s.newOid();
    TransactionMetadata t = TransactionMetadata.empty();
    s.tpcBegin(t);
    s.store(a, Tid.NONE, bytes("a"), t);
    s.tpcVote(t);
    assertThatThrownBy(() -> s.store(b, Tid.NONE, bytes("b"), t)).isInstanceOf(StorageTransactionError.class);
    s.tpcFinish(t);
    assertThatThrownBy(() -> s.load(b)).isInstanceOf(POSKeyError.class);
    assertThat(s.load(a).data()).isEqualTo(bytes("a"));
  }

  @Test
  default void checkCurrentSerialAfterVoteIsRejected() {
    Storage s = storage();
    long a = s.newOid();
    long ta = create(s, a, bytes("a"));
    TransactionMetadata t = TransactionMetadata.empty();
    s.tpcBegin(t);
    s.tpcVote(t);
    assertThatThrownBy(() -> s.checkCurrentSerial(a, ta, t)).isInstanceOf(StorageTransactionError.class);
    s.tpcAbort(t);
  }

  @Test
  default void checkCurrentSerialWithoutBeginIsRejected() {
    Storage s = storage();
    long a = s.newOid();
    long ta = create(s, a, bytes("a"));
    assertThatThrownBy(() -> s.checkCurrentSerial(a, ta, TransactionMetadata.empty()))
        .isInstanceOf(StorageTransactionError.class);
  }

  @Test
  default void finishWithoutVoteIsRejectedAndCommitsNothing() {
    Storage s = storage();
    long oid = s.newOid();
    TransactionMetadata t = TransactionMetadata.empty();
    s.tpcBegin(t);
    s.store(oid, Tid.NONE, bytes("x"), t);
    assertThatThrownBy(() -> s.tpcFinish(t)).isInstanceOf(StorageTransactionError.class);
    assertThat(s.lastTransaction()).isEqualTo(Tid.NONE);
    s.tpcVote(t);
    long tid = s.tpcFinish(t);
    assertThat(s.load(oid).serial()).isEqualTo(tid);
  }

  @Test
  default void finishOrVoteOfATransactionNotBegunIsRejected() {
    Storage s = storage();
    assertThatThrownBy(() -> s.tpcVote(TransactionMetadata.empty())).isInstanceOf(StorageTransactionError.class);
    assertThatThrownBy(() -> s.tpcFinish(TransactionMetadata.empty())).isInstanceOf(StorageTransactionError.class);
    assertThat(s.lastTransaction()).isEqualTo(Tid.NONE);
  }

  @Test
  default void secondBeginOfTheSameTransactionIsRejected() {
    Storage s = storage();
    long oid = s.newOid();
    TransactionMetadata t = TransactionMetadata.empty();
    s.tpcBegin(t);
    s.store(oid, Tid.NONE, bytes("x"), t);
    assertThatThrownBy(() -> s.tpcBegin(t)).isInstanceOf(StorageTransactionError.class);
    s.tpcVote(t);
    s.tpcFinish(t);
    assertThat(s.load(oid).data()).isEqualTo(bytes("x"));
  }

  @Test
  default void secondVoteIsRejected() {
    Storage s = storage();
    TransactionMetadata t = TransactionMetadata.empty();
    s.tpcBegin(t);
    s.store(s.newOid(), Tid.NONE, bytes("x"), t);
    s.tpcVote(t);
    assertThatThrownBy(() -> s.tpcVote(t)).isInstanceOf(StorageTransactionError.class);
    s.tpcFinish(t);
  }

  @Test
  default void storeAfterFinishIsRejected() {
    Storage s = storage();
    long oid = s.newOid();
    TransactionMetadata t = TransactionMetadata.empty();
    long tid = commit(s, t, tx -> s.store(oid, Tid.NONE, bytes("x"), tx));
    assertThatThrownBy(() -> s.store(oid, tid, bytes("y"), t)).isInstanceOf(StorageTransactionError.class);
    assertThatThrownBy(() -> s.tpcFinish(t)).isInstanceOf(StorageTransactionError.class);
    assertThat(s.load(oid).data()).isEqualTo(bytes("x"));
  }

  @Test
  default void negativeOidIsRejected() {
    Storage s = storage();
    TransactionMetadata t = TransactionMetadata.empty();
    s.tpcBegin(t);
    assertThatThrownBy(() -> s.store(-5L, Tid.NONE, bytes("x"), t)).isInstanceOf(IllegalArgumentException.class);
    s.tpcVote(t);
    long tid = s.tpcFinish(t);
    assertThat(transactions(s)).singleElement().satisfies(r -> {
      assertThat(r.tid()).isEqualTo(tid);
      assertThat(r.records()).isEmpty();
    });
  }

  @Test
  default void restoreOutsideACopyTransactionIsRejected() {
    tck().assumeRestore();
    Storage s = storage();
    long oid = s.newOid();
    TckOps.failsAtStoreOrVote(StorageTransactionError.class, s,
        t -> s.restore(oid, Tid.NONE, bytes("x"), Tid.NONE, t));
  }

  @Test
  default void beginWithATidNotLaterThanTheLastIsRejected() {
    tck().assumeRestore();
    Storage s = storage();
    long last = create(s, s.newOid(), bytes("x"));
    assertThatThrownBy(() -> s.tpcBegin(TransactionMetadata.empty(), last, ' '))
        .isInstanceOf(StorageTransactionError.class);
    assertThatThrownBy(() -> s.tpcBegin(TransactionMetadata.empty(), last - 1, ' '))
        .isInstanceOf(StorageTransactionError.class);
  }

  // ---------------------------------------------------------------- abort

  @Test
  default void abortBeforeVoteForgetsTheStores() {
    Storage s = storage();
    long oid = s.newOid();
    TransactionMetadata t = TransactionMetadata.empty();
    s.tpcBegin(t);
    s.store(oid, Tid.NONE, bytes("x"), t);
    s.tpcAbort(t);
    assertThatThrownBy(() -> s.load(oid)).isInstanceOf(POSKeyError.class);
    assertThat(s.lastTransaction()).isEqualTo(Tid.NONE);
    assertThat(transactions(s)).isEmpty();
  }

  @Test
  default void abortAfterVoteForgetsTheStoresAndLetsOthersCommit() {
    Storage s = storage();
    long oid = s.newOid();
    TransactionMetadata t = TransactionMetadata.empty();
    s.tpcBegin(t);
    s.store(oid, Tid.NONE, bytes("aborted"), t);
    s.tpcVote(t);
    s.tpcAbort(t);
    assertThatThrownBy(() -> s.load(oid)).isInstanceOf(POSKeyError.class);
    Storage other = tck().secondHandle();
    Future<Long> next = TckOps.async("commit-after-abort", () -> create(other, oid, bytes("committed")));
    long tid = TckOps.await(next);
    TckOps.awaitLastTransaction(s, tid);
    assertThat(transactions(s)).hasSize(1);
  }

  @Test
  default void abortOfATransactionNotInProgressDoesNothing() {
    Storage s = storage();
    TransactionMetadata never = TransactionMetadata.empty();
    s.tpcAbort(never);
    TransactionMetadata t = TransactionMetadata.empty();
    long tid = commit(s, t, tx -> s.store(s.newOid(), Tid.NONE, bytes("x"), tx));
    s.tpcAbort(t);
    s.tpcAbort(t);
    assertThat(s.lastTransaction()).isEqualTo(tid);
    assertThat(transactions(s)).hasSize(1);
  }

  @Test
  default void anAbortedTransactionObjectCanBeginAgain() {
    Storage s = storage();
    long oid = s.newOid();
    TransactionMetadata t = TransactionMetadata.of("u", "retry");
    s.tpcBegin(t);
    s.store(oid, Tid.NONE, bytes("first try"), t);
    s.tpcAbort(t);
    long tid = commit(s, t, tx -> s.store(oid, Tid.NONE, bytes("second try"), tx));
    assertThat(s.load(oid)).satisfies(r -> {
      assertThat(r.data()).isEqualTo(bytes("second try"));
      assertThat(r.serial()).isEqualTo(tid);
    });
  }

  @Test
  default void abortedTransactionsAreNotHeardByListeners() {
    Storage s = storage();
    List<Long> heard = new ArrayList<>();
    s.addListener((tid, oids) -> {
      synchronized (heard) {
        heard.add(tid);
      }
    });
    TransactionMetadata t = TransactionMetadata.empty();
    s.tpcBegin(t);
    s.store(s.newOid(), Tid.NONE, bytes("x"), t);
    s.tpcVote(t);
    s.tpcAbort(t);
    long tid = create(s, s.newOid(), bytes("y"));
    synchronized (heard) {
      assertThat(heard).containsExactly(tid);
    }
  }

  @Test
  default void manyTransactionsMayBeOpenAtOnce() {
    Storage s = storage();
    int n = 8;
    TransactionMetadata[] txns = new TransactionMetadata[n];
    long[] oids = new long[n];
    for (int i = 0; i < n; i++) {
      txns[i] = TransactionMetadata.of("u", "t" + i);
      oids[i] = s.newOid();
      s.tpcBegin(txns[i]);
    }
    for (int i = n - 1; i >= 0; i--) {
      s.store(oids[i], Tid.NONE, bytes("v" + i), txns[i]);
    }
    long previous = Tid.NONE;
    for (int i = 0; i < n; i++) {
      s.tpcVote(txns[i]);
      long tid = s.tpcFinish(txns[i]);
      assertThat(Tid.compare(tid, previous)).isPositive();
      previous = tid;
    }
    for (int i = 0; i < n; i++) {
      assertThat(s.load(oids[i]).data()).isEqualTo(bytes("v" + i));
    }
  }
}
