package io.zeo.testkit;

import static io.zeo.testkit.TckOps.bytes;
import static io.zeo.testkit.TckOps.commit;
import static io.zeo.testkit.TckOps.create;
import static io.zeo.testkit.TckOps.object;
import static io.zeo.testkit.TckOps.transactions;
import static io.zeo.testkit.TckOps.update;
import static org.assertj.core.api.Assertions.assertThat;

import io.zeo.spi.DataRecord;
import io.zeo.spi.HistoryEntry;
import io.zeo.spi.Oid;
import io.zeo.spi.POSKeyError;
import io.zeo.spi.RecordEnvelope;
import io.zeo.spi.Storage;
import io.zeo.spi.StorageIterator;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionCopier;
import io.zeo.spi.TransactionMetadata;
import io.zeo.spi.TransactionRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Iterating transactions, and copying them between storages with restore. */
public interface CopyScenarios extends StorageScenarios {

  /** A storage with a bit of everything: metadata, several objects, and undo if supported. */
  private List<Long> populate(Storage s) {
    List<Long> oids = new ArrayList<>();
    long a = s.newOid();
    long b = s.newOid();
    oids.add(Oid.ROOT);
    oids.add(a);
    oids.add(b);
    long t1 = commit(s, new TransactionMetadata("alice", "create", Map.of("app", "tck", "n", "1")), t -> {
      s.store(Oid.ROOT, Tid.NONE, object("root", a, b), t);
      s.store(a, Tid.NONE, object("a1"), t);
      s.store(b, Tid.NONE, object("b1"), t);
    });
    long t2 = commit(s, TransactionMetadata.of("bob", "edit a"), t -> s.store(a, t1, object("a2"), t));
    update(s, b, object("b2"));
    if (tck().capabilities().undo()) {
      commit(s, TransactionMetadata.of("carol", "undo edit a"), t -> s.undo(t2, t));
      long c = s.newOid();
      oids.add(c);
      long tc = create(s, c, object("c"));
      commit(s, TransactionMetadata.of("carol", "undo create c"), t -> s.undo(tc, t));
    }
    commit(s, t -> {});
    return oids;
  }

  /** Asserts two iterations are identical: tids, statuses, metadata, records. */
  static void assertSameTransactions(List<TransactionRecord> expected, List<TransactionRecord> actual) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      TransactionRecord e = expected.get(i);
      TransactionRecord a = actual.get(i);
      assertThat(a.tid()).as("tid of transaction %d", i).isEqualTo(e.tid());
      assertThat(a.status()).as("status of %s", Tid.toHex(e.tid())).isEqualTo(e.status());
      assertThat(a.metadata().sameContent(e.metadata())).as("metadata of %s: %s vs %s",
          Tid.toHex(e.tid()), a.metadata(), e.metadata()).isTrue();
      assertThat(a.records()).as("records of %s", Tid.toHex(e.tid())).isEqualTo(e.records());
    }
  }

  @Test
  default void iteratorYieldsTransactionsInOrderWithMetadataAndRecords() {
    Storage s = storage();
    long a = s.newOid();
    long t1 = commit(s, new TransactionMetadata("alice", "one", Map.of("k", "v")),
        t -> s.store(a, Tid.NONE, bytes("a1"), t));
    long t2 = commit(s, TransactionMetadata.of("bob", "two"), t -> s.store(a, t1, bytes("a2"), t));
    List<TransactionRecord> all = transactions(s);
    assertThat(all).extracting(TransactionRecord::tid).containsExactly(t1, t2);
    assertThat(all.get(0).status()).isEqualTo(' ');
    assertThat(all.get(0).metadata().sameContent(new TransactionMetadata("alice", "one", Map.of("k", "v")))).isTrue();
    assertThat(all.get(0).records()).containsExactly(new DataRecord(a, t1, bytes("a1"), Tid.NONE));
    assertThat(all.get(1).records()).containsExactly(new DataRecord(a, t2, bytes("a2"), Tid.NONE));
  }

  @Test
  default void iteratorRangeIsInclusiveAtBothEnds() {
    Storage s = storage();
    List<Long> tids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      tids.add(create(s, s.newOid(), bytes("v" + i)));
    }
    assertThat(transactions(s, tids.get(1), tids.get(3))).extracting(TransactionRecord::tid)
        .containsExactlyElementsOf(tids.subList(1, 4));
    assertThat(transactions(s, tids.get(1) + 1, tids.get(3) - 1)).extracting(TransactionRecord::tid)
        .containsExactly(tids.get(2));
    assertThat(transactions(s, tids.get(4), -1L)).extracting(TransactionRecord::tid).containsExactly(tids.get(4));
    assertThat(transactions(s, Tid.NONE, tids.get(0))).extracting(TransactionRecord::tid).containsExactly(tids.get(0));
  }

  @Test
  default void iteratorOfAnEmptyRangeOrStorageIsEmpty() {
    Storage s = storage();
    assertThat(transactions(s)).isEmpty();
    long t1 = create(s, s.newOid(), bytes("x"));
    assertThat(transactions(s, t1 + 1, -1L)).isEmpty();
    assertThat(transactions(s, t1, t1 - 1)).isEmpty();
  }

  @Test
  default void iteratingIsRepeatableAndSurvivesConcurrentCommits() {
    Storage s = storage();
    populate(s);
    List<TransactionRecord> first = transactions(s);
    try (StorageIterator it = s.iterator(Tid.NONE, -1L)) {
      assertThat(it.hasNext()).isTrue();
      it.next();
      create(s, s.newOid(), bytes("committed while iterating"));
      int rest = 0;
      while (it.hasNext()) {
        it.next();
        rest++;
      }
      assertThat(rest).isBetween(first.size() - 1, first.size());
    }
    assertSameTransactions(first, transactions(s).subList(0, first.size()));
  }

  @Test
  default void copyingGivesAnIdenticalIteration() {
    tck().assumeRestore();
    Storage source = storage();
    populate(source);
    Storage copy = tck().freshStorage();
    long copied = TransactionCopier.copyAll(source, copy);
    List<TransactionRecord> expected = transactions(source);
    assertThat(copied).isEqualTo(expected.size());
    assertSameTransactions(expected, transactions(copy));
    assertThat(copy.lastTransaction()).isEqualTo(source.lastTransaction());
  }

  @Test
  default void aCopyReadsLikeTheOriginal() {
    tck().assumeRestore();
    Storage source = storage();
    List<Long> oids = populate(source);
    Storage copy = tck().freshStorage();
    TransactionCopier.copyAll(source, copy);
    TreeSet<Long> tids = new TreeSet<>(Long::compareUnsigned);
    transactions(source).forEach(t -> tids.add(t.tid()));
    for (long oid : oids) {
      for (long tid : tids) {
        assertThat(loadBeforeOutcome(copy, oid, tid + 1))
            .as("loadBefore(%s, %s)", Oid.toString(oid), Tid.toHex(tid + 1))
            .isEqualTo(loadBeforeOutcome(source, oid, tid + 1));
      }
      if (tck().capabilities().history()) {
        assertThat(copy.history(oid, 100)).extracting(HistoryEntry::tid)
            .containsExactlyElementsOf(source.history(oid, 100).stream().map(HistoryEntry::tid).toList());
      }
    }
    assertThat(copy.load(Oid.ROOT)).isEqualTo(source.load(Oid.ROOT));
  }

  @Test
  default void aCopyResumesAfterTheDestinationsLastTid() {
    tck().assumeRestore();
    Storage source = storage();
    populate(source);
    Storage copy = tck().freshStorage();
    TransactionCopier.copyAll(source, copy);
    long more = update(source, Oid.ROOT, object("root again"));
    List<TransactionRecord> progress = new ArrayList<>();
    long copied = TransactionCopier.copy(source, copy, copy.lastTransaction(), progress::add);
    assertThat(copied).isEqualTo(1);
    assertThat(progress).extracting(TransactionRecord::tid).containsExactly(more);
    assertSameTransactions(transactions(source), transactions(copy));
  }

  @Test
  default void commitsAfterARestoreGetLaterTids() {
    tck().assumeRestore();
    Storage source = storage();
    populate(source);
    Storage copy = tck().freshStorage();
    TransactionCopier.copyAll(source, copy);
    long next = update(copy, Oid.ROOT, object("new root"));
    assertThat(Tid.compare(next, source.lastTransaction())).isPositive();
    long oid = copy.newOid();
    assertThat(source.lastTransaction()).isNotEqualTo(Tid.NONE);
    // oids already in use in the copy are never handed out again
    for (TransactionRecord t : transactions(copy)) {
      for (DataRecord r : t.records()) {
        assertThat(oid).isNotEqualTo(r.oid());
      }
    }
  }

  @Test
  default void aPackedStorageCopiesIdentically() {
    tck().assumeRestore();
    tck().assumePack();
    Storage source = storage();
    populate(source);
    long p = source.lastTransaction();
    update(source, Oid.ROOT, object("after pack"));
    source.pack(p, RecordEnvelope.REFERENCES);
    Storage copy = tck().freshStorage();
    TransactionCopier.copyAll(source, copy);
    assertSameTransactions(transactions(source), transactions(copy));
    assertThat(copy.load(Oid.ROOT)).isEqualTo(source.load(Oid.ROOT));
  }

  /** What loadBefore returns, or POSKeyError's class if it raises that (an undone creation). */
  private static Object loadBeforeOutcome(Storage s, long oid, long tid) {
    try {
      return s.loadBefore(oid, tid);
    } catch (POSKeyError e) {
      return POSKeyError.class;
    }
  }
}
