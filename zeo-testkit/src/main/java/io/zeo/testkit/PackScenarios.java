package io.zeo.testkit;

import static io.zeo.testkit.TckOps.commit;
import static io.zeo.testkit.TckOps.create;
import static io.zeo.testkit.TckOps.object;
import static io.zeo.testkit.TckOps.pack;
import static io.zeo.testkit.TckOps.payload;
import static io.zeo.testkit.TckOps.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeo.spi.Oid;
import io.zeo.spi.POSKeyError;
import io.zeo.spi.RecordEnvelope;
import io.zeo.spi.Storage;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import io.zeo.spi.TransactionRecord;
import io.zeo.spi.UndoError;
import io.zeo.spi.UndoLogEntry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What survives a pack at tid p: revisions after p; of older ones the newest of each object
 * reachable (through {@link RecordEnvelope} references) from the root at p or from a revision
 * after p; nothing of unreachable objects; no undo information at or before p.
 */
public interface PackScenarios extends StorageScenarios {

  private Storage packable() {
    tck().assumePack();
    return storage();
  }

  @Test
  default void packKeepsOnlyTheCurrentRevisionOfReachableObjects() {
    Storage s = packable();
    long child = s.newOid();
    create(s, Oid.ROOT, object("root", child));
    long c1 = create(s, child, object("c1"));
    long c2 = update(s, child, object("c2"));
    long c3 = update(s, child, object("c3"));
    pack(s, c3);
    assertThat(payload(s.load(child).data())).isEqualTo("c3");
    assertThat(s.load(child).serial()).isEqualTo(c3);
    Storage fresh = tck().caughtUpClientOf(s, c3);
    assertThatThrownBy(() -> fresh.loadSerial(child, c1)).isInstanceOf(POSKeyError.class);
    assertThatThrownBy(() -> fresh.loadSerial(child, c2)).isInstanceOf(POSKeyError.class);
    if (tck().capabilities().history()) {
      assertThat(fresh.history(child, 10)).hasSize(1);
    }
  }

  @Test
  default void packRemovesObjectsNotReachableFromTheRoot() {
    Storage s = packable();
    long kept = s.newOid();
    long garbage = s.newOid();
    long last = commit(s, t -> {
      s.store(Oid.ROOT, Tid.NONE, object("root", kept), t);
      s.store(kept, Tid.NONE, object("kept"), t);
      s.store(garbage, Tid.NONE, object("garbage"), t);
    });
    pack(s, last);
    assertThat(payload(s.load(kept).data())).isEqualTo("kept");
    Storage fresh = tck().caughtUpClientOf(s, last);
    assertThatThrownBy(() -> fresh.load(garbage)).isInstanceOf(POSKeyError.class);
    assertThat(payload(s.load(Oid.ROOT).data())).isEqualTo("root");
  }

  @Test
  default void packFollowsReferencesTransitively() {
    Storage s = packable();
    long a = s.newOid();
    long b = s.newOid();
    long c = s.newOid();
    long d = s.newOid();
    long last = commit(s, t -> {
      s.store(Oid.ROOT, Tid.NONE, object("root", a), t);
      s.store(a, Tid.NONE, object("a", b), t);
      s.store(b, Tid.NONE, object("b", c, a), t);
      s.store(c, Tid.NONE, object("c"), t);
      s.store(d, Tid.NONE, object("d", c), t);
    });
    pack(s, last);
    assertThat(payload(s.load(c).data())).isEqualTo("c");
    assertThat(payload(s.load(b).data())).isEqualTo("b");
    Storage fresh = tck().caughtUpClientOf(s, last);
    assertThatThrownBy(() -> fresh.load(d)).isInstanceOf(POSKeyError.class);
  }

  @Test
  default void packKeepsTheRevisionASnapshotAtThePackTidReads() {
    Storage s = packable();
    long a = s.newOid();
    long other = s.newOid();
    create(s, Oid.ROOT, object("root", a, other));
    long a1 = create(s, a, object("a1"));
    long p = create(s, other, object("other"));
    long a3 = update(s, a, object("a3"));
    pack(s, p);
    assertThat(s.loadBefore(a, p + 1)).hasValueSatisfying(r -> {
      assertThat(payload(r.data())).isEqualTo("a1");
      assertThat(r.start()).isEqualTo(a1);
      assertThat(r.end()).isEqualTo(a3);
    });
    assertThat(payload(s.loadSerial(a, a3))).isEqualTo("a3");
  }

  @Test
  default void packKeepsEveryRevisionWrittenAfterThePackTid() {
    Storage s = packable();
    long a = s.newOid();
    long p = commit(s, t -> {
      s.store(Oid.ROOT, Tid.NONE, object("root", a), t);
      s.store(a, Tid.NONE, object("a0"), t);
    });
    long a1 = update(s, a, object("a1"));
    long a2 = update(s, a, object("a2"));
    long a3 = update(s, a, object("a3"));
    pack(s, p);
    assertThat(payload(s.loadSerial(a, a1))).isEqualTo("a1");
    assertThat(payload(s.loadSerial(a, a2))).isEqualTo("a2");
    assertThat(payload(s.loadSerial(a, a3))).isEqualTo("a3");
    assertThat(payload(s.loadBefore(a, a1).orElseThrow().data())).isEqualTo("a0");
  }

  @Test
  default void packKeepsObjectsCreatedAfterThePackTidEvenUnreferenced() {
    Storage s = packable();
    long p = create(s, Oid.ROOT, object("root"));
    long later = s.newOid();
    create(s, later, object("later"));
    pack(s, p);
    assertThat(payload(s.load(later).data())).isEqualTo("later");
  }

  @Test
  default void packDecidesReachabilityAsOfThePackTid() {
    Storage s = packable();
    long a = s.newOid();
    long t1 = commit(s, t -> {
      s.store(Oid.ROOT, Tid.NONE, object("root", a), t);
      s.store(a, Tid.NONE, object("a"), t);
    });
    long t2 = update(s, Oid.ROOT, object("root without a"));
    pack(s, t1);
    assertThat(s.loadBefore(a, t2)).hasValueSatisfying(r -> assertThat(payload(r.data())).isEqualTo("a"));
    pack(s, t2);
    Storage fresh = tck().caughtUpClientOf(s, t2);
    assertThatThrownBy(() -> fresh.load(a)).isInstanceOf(POSKeyError.class);
    assertThat(payload(s.load(Oid.ROOT).data())).isEqualTo("root without a");
  }

  @Test
  default void packKeepsAnUnreachableObjectThatALaterRevisionReferences() {
    Storage s = packable();
    long a = s.newOid();
    long b = s.newOid();
    long p = commit(s, t -> {
      s.store(Oid.ROOT, Tid.NONE, object("root"), t);
      s.store(a, Tid.NONE, object("a"), t);
      s.store(b, Tid.NONE, object("b"), t);
    });
    update(s, Oid.ROOT, object("root now refers to a", a));
    pack(s, p);
    assertThat(payload(s.load(a).data())).isEqualTo("a");
    Storage fresh = tck().caughtUpClientOf(s, s.lastTransaction());
    assertThatThrownBy(() -> fresh.load(b)).isInstanceOf(POSKeyError.class);
  }

  @Test
  default void packLeavesTheTransactionsAfterThePackTidAsTheyWere() {
    Storage s = packable();
    long a = s.newOid();
    create(s, Oid.ROOT, object("root", a));
    create(s, a, object("a1"));
    long p = update(s, a, object("a2"));
    update(s, a, object("a3"));
    commit(s, new TransactionMetadata("alice", "empty after the pack tid", Map.of("k", "v")), t -> {});
    update(s, Oid.ROOT, object("root again", a));
    List<TransactionRecord> after = TckOps.transactions(s, p + 1, -1L);
    pack(s, p);
    CopyScenarios.assertSameTransactions(after, TckOps.transactions(s, p + 1, -1L));
  }

  @Test
  default void packingTwiceIsHarmless() {
    Storage s = packable();
    long a = s.newOid();
    create(s, Oid.ROOT, object("root", a));
    create(s, a, object("a1"));
    long p = update(s, a, object("a2"));
    pack(s, p);
    pack(s, p);
    assertThat(payload(s.load(a).data())).isEqualTo("a2");
    long later = update(s, a, object("a3"));
    pack(s, later);
    assertThat(payload(s.load(a).data())).isEqualTo("a3");
    assertThat(payload(s.load(Oid.ROOT).data())).isEqualTo("root");
  }

  @Test
  default void packOfAnEmptyStorageOrAtAFutureTidIsFine() {
    Storage s = packable();
    pack(s, Tid.of(java.time.Instant.now()));
    long a = s.newOid();
    create(s, Oid.ROOT, object("root", a));
    create(s, a, object("a"));
    pack(s, Tid.of(java.time.Instant.now().plusSeconds(86_400)));
    assertThat(payload(s.load(a).data())).isEqualTo("a");
    long after = update(s, a, object("after"));
    assertThat(s.load(a).serial()).isEqualTo(after);
  }

  @Test
  default void packDropsTheUndoInformationUpToThePackTid() {
    tck().assumeUndo();
    Storage s = packable();
    long a = s.newOid();
    long t1 = commit(s, t -> {
      s.store(Oid.ROOT, Tid.NONE, object("root", a), t);
      s.store(a, Tid.NONE, object("a1"), t);
    });
    long t2 = update(s, a, object("a2"));
    long t3 = update(s, a, object("a3"));
    pack(s, t2);
    assertThat(s.undoLog(0, 100, null)).extracting(UndoLogEntry::tid).containsExactly(t3);
    TransactionMetadata u = TransactionMetadata.empty();
    s.tpcBegin(u);
    assertThatThrownBy(() -> s.undo(t1, u)).isInstanceOf(UndoError.class);
    s.tpcAbort(u);
  }

  @Test
  default void packKeepsAnObjectThatAnUndoAfterThePackTidBroughtBack() {
    tck().assumeUndo();
    Storage s = packable();
    long a = s.newOid();
    commit(s, t -> {
      s.store(Oid.ROOT, Tid.NONE, object("root", a), t);
      s.store(a, Tid.NONE, object("a"), t);
    });
    long unlink = update(s, Oid.ROOT, object("root without a"));
    commit(s, t -> s.undo(unlink, t));
    pack(s, unlink);
    assertThat(payload(s.load(Oid.ROOT).data())).isEqualTo("root");
    assertThat(payload(s.load(a).data())).isEqualTo("a");
  }

  @Test
  default void packInBackgroundCompletesAndCommitsGoOn() {
    Storage s = packable();
    Storage writer = tck().secondHandle();
    long counterOid = s.newOid();
    create(s, Oid.ROOT, object("root", counterOid));
    create(s, counterOid, object("0"));
    Future<Integer> commits = TckOps.async("pack-writer", () -> {
      for (int i = 1; i <= 50; i++) {
        update(writer, counterOid, object(Integer.toString(i)));
      }
      return 50;
    });
    for (int i = 0; i < 5; i++) {
      TckOps.await(s.packInBackground(s.lastTransaction(), RecordEnvelope.REFERENCES));
    }
    assertThat(TckOps.await(commits)).isEqualTo(50);
    TckOps.awaitLastTransaction(s, writer.lastTransaction());
    assertThat(payload(s.load(counterOid).data())).isEqualTo("50");
    assertThat(payload(s.load(Oid.ROOT).data())).isEqualTo("root");
  }
}
