package io.zeo.testkit;

import static io.zeo.testkit.TckOps.bytes;
import static io.zeo.testkit.TckOps.commit;
import static io.zeo.testkit.TckOps.create;
import static io.zeo.testkit.TckOps.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeo.spi.HistoryEntry;
import io.zeo.spi.POSKeyError;
import io.zeo.spi.Revision;
import io.zeo.spi.Storage;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MVCC reads with loadBefore, and object history. */
public interface MvccScenarios extends StorageScenarios {

  @Test
  default void loadBeforeTheFirstRevisionIsEmpty() {
    Storage s = storage();
    long oid = s.newOid();
    long t1 = create(s, oid, bytes("1"));
    assertThat(s.loadBefore(oid, t1)).isEmpty();
  }

  @Test
  default void loadBeforeGivesTheRevisionAndWhereItEnds() {
    Storage s = storage();
    long oid = s.newOid();
    long t1 = create(s, oid, bytes("1"));
    long t2 = update(s, oid, bytes("2"));
    long t3 = update(s, oid, bytes("3"));
    assertThat(s.loadBefore(oid, t2)).contains(new Revision(bytes("1"), t1, t2));
    assertThat(s.loadBefore(oid, t3)).contains(new Revision(bytes("2"), t2, t3));
    // any tid strictly inside (t1, t2] reads the first revision
    assertThat(s.loadBefore(oid, t1 + 1)).contains(new Revision(bytes("1"), t1, t2));
  }

  @Test
  default void loadBeforeAfterTheLastRevisionIsCurrent() {
    Storage s = storage();
    long oid = s.newOid();
    create(s, oid, bytes("1"));
    long t2 = update(s, oid, bytes("2"));
    Revision r = s.loadBefore(oid, t2 + 1).orElseThrow();
    assertThat(r.isCurrent()).isTrue();
    assertThat(r).isEqualTo(new Revision(bytes("2"), t2, Tid.NONE));
    assertThat(s.loadBefore(oid, -1L)).contains(r);
  }

  @Test
  default void loadBeforeOfUnknownObjectRaisesPOSKeyError() {
    Storage s = storage();
    long tid = create(s, s.newOid(), bytes("x"));
    long unknown = s.newOid();
    assertThatThrownBy(() -> s.loadBefore(unknown, tid + 1)).isInstanceOf(POSKeyError.class);
  }

  @Test
  default void snapshotReadsAreConsistentAcrossObjects() {
    Storage s = storage();
    long a = s.newOid();
    long b = s.newOid();
    long t1 = commit(s, t -> {
      s.store(a, Tid.NONE, bytes("a1"), t);
      s.store(b, Tid.NONE, bytes("b1"), t);
    });
    long t2 = update(s, a, bytes("a2"));
    long t3 = update(s, b, bytes("b3"));
    long[] snapshots = {t1, t2, t3};
    String[][] expected = {{"a1", "b1"}, {"a2", "b1"}, {"a2", "b3"}};
    for (int i = 0; i < snapshots.length; i++) {
      long snap = snapshots[i];
      assertThat(TckOps.text(s.loadBefore(a, snap + 1).orElseThrow().data())).isEqualTo(expected[i][0]);
      assertThat(TckOps.text(s.loadBefore(b, snap + 1).orElseThrow().data())).isEqualTo(expected[i][1]);
    }
  }

  @Test
  default void loadBeforeSkipsOtherObjectsTransactions() {
    Storage s = storage();
    long a = s.newOid();
    long b = s.newOid();
    long ta = create(s, a, bytes("a"));
    long tb = create(s, b, bytes("b"));
    long ta2 = update(s, a, bytes("a2"));
    assertThat(s.loadBefore(a, tb + 1)).contains(new Revision(bytes("a"), ta, ta2));
    assertThat(s.loadBefore(b, ta + 1)).isEmpty();
  }

  @Test
  default void loadBeforeOfNoneTidIsEmpty() {
    Storage s = storage();
    long oid = s.newOid();
    create(s, oid, bytes("x"));
    assertThat(s.loadBefore(oid, Tid.NONE)).isEmpty();
  }

  // ---------------------------------------------------------------- history

  @Test
  default void historyIsNewestFirstWithMetadataAndSizes() {
    tck().assumeHistory();
    Storage s = storage();
    long oid = s.newOid();
    long t1 = commit(s, new TransactionMetadata("alice", "create", Map.of("k", "v")),
        t -> s.store(oid, Tid.NONE, bytes("1"), t));
    long t2 = commit(s, TransactionMetadata.of("bob", "grow"),
        t -> s.store(oid, t1, bytes("22"), t));
    List<HistoryEntry> h = s.history(oid, 10);
    assertThat(h).extracting(HistoryEntry::tid).containsExactly(t2, t1);
    assertThat(h.get(0).user()).isEqualTo("bob");
    assertThat(h.get(0).description()).isEqualTo("grow");
    assertThat(h.get(0).size()).isEqualTo(2);
    assertThat(h.get(1).user()).isEqualTo("alice");
    assertThat(h.get(1).extension()).isEqualTo(Map.of("k", "v"));
    assertThat(h.get(1).size()).isEqualTo(1);
    assertThat(h.get(1).time()).isEqualTo(Tid.toInstant(t1));
  }

  @Test
  default void historyIsLimitedToTheRequestedSize() {
    tck().assumeHistory();
    Storage s = storage();
    long oid = s.newOid();
    create(s, oid, bytes("0"));
    long last = 0;
    for (int i = 1; i < 6; i++) {
      last = update(s, oid, bytes(Integer.toString(i)));
    }
    assertThat(s.history(oid, 3)).hasSize(3).first().extracting(HistoryEntry::tid).isEqualTo(last);
    assertThat(s.history(oid, 1)).hasSize(1);
    assertThat(s.history(oid, 100)).hasSize(6);
  }

  @Test
  default void historyOfUnknownObjectRaisesPOSKeyError() {
    tck().assumeHistory();
    Storage s = storage();
    create(s, s.newOid(), bytes("x"));
    long unknown = s.newOid();
    assertThatThrownBy(() -> s.history(unknown, 5)).isInstanceOf(POSKeyError.class);
  }

  @Test
  default void historyWithSizeBelowOneIsRejected() {
    tck().assumeHistory();
    Storage s = storage();
    long oid = s.newOid();
    create(s, oid, bytes("x"));
    assertThatThrownBy(() -> s.history(oid, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
