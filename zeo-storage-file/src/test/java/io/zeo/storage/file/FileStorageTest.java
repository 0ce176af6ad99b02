package io.zeo.storage.file;

import static io.zeo.storage.file.Commits.bytes;
import static io.zeo.storage.file.Commits.store;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeo.spi.ConflictError;
import io.zeo.spi.DataRecord;
import io.zeo.spi.HistoryEntry;
import io.zeo.spi.POSKeyError;
import io.zeo.spi.ReadConflictError;
import io.zeo.spi.ReadOnlyError;
import io.zeo.spi.Revision;
import io.zeo.spi.StorageError;
import io.zeo.spi.StorageIterator;
import io.zeo.spi.StorageListener;
import io.zeo.spi.StorageTransactionError;
import io.zeo.spi.StorageUri;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import io.zeo.spi.TransactionRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStorageTest {
  @TempDir
  Path dir;

  private Path fs() {
    return dir.resolve("data.fs");
  }

  @Test
  void storesLoadsAndSurvivesReopenWithAndWithoutIndex() {
    long t1;
    long t2;
    long oid;
    try (FileStorage s = FileStorage.open(fs())) {
      oid = s.newOid();
      t1 = store(s, oid, Tid.NONE, "one");
      t2 = store(s, oid, t1, "two");
      assertThat(s.load(oid).serial()).isEqualTo(t2);
      assertThat(s.lastTransaction()).isEqualTo(t2);
    }
    assertThat(dir.resolve("data.fs.index")).exists();
    try (FileStorage s = FileStorage.open(fs())) {
      assertThat(new String(s.load(oid).data())).isEqualTo("two");
      assertThat(s.lastTransaction()).isEqualTo(t2);
      assertThat(s.newOid()).isGreaterThan(oid);
    }
    try {
      Files.delete(dir.resolve("data.fs.index"));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    try (FileStorage s = FileStorage.open(fs())) {
      assertThat(new String(s.loadSerial(oid, t1))).isEqualTo("one");
      assertThat(s.lastTransaction()).isEqualTo(t2);
    }
  }

  @Test
  void loadBeforeAndHistoryFollowPreviousRevisions() {
    try (FileStorage s = FileStorage.open(fs())) {
      long oid = s.newOid();
      long t1 = store(s, oid, Tid.NONE, "a");
      long t2 = store(s, oid, t1, "bb");
      long t3 = store(s, oid, t2, "ccc");
      assertThat(s.loadBefore(oid, t1)).isEmpty();
      Revision r = s.loadBefore(oid, t2).orElseThrow();
      assertThat(r.start()).isEqualTo(t1);
      assertThat(r.end()).isEqualTo(t2);
      assertThat(s.loadBefore(oid, t3 + 1).orElseThrow().isCurrent()).isTrue();
      List<HistoryEntry> h = s.history(oid, 10);
      assertThat(h).extracting(HistoryEntry::tid).containsExactly(t3, t2, t1);
      assertThat(h).extracting(HistoryEntry::size).containsExactly(3, 2, 1);
      assertThat(s.history(oid, 2)).hasSize(2);
      assertThatThrownBy(() -> s.load(999)).isInstanceOf(POSKeyError.class);
      assertThatThrownBy(() -> s.loadBefore(999, t3)).isInstanceOf(POSKeyError.class);
      assertThatThrownBy(() -> s.loadSerial(oid, t3 + 1)).isInstanceOf(POSKeyError.class);
    }
  }

  @Test
  void conflictsAreDetectedAtVoteAndResolverMerges() {
    try (FileStorage s = FileStorage.open(fs())) {
      long oid = s.newOid();
      long t1 = store(s, oid, Tid.NONE, "1");
      store(s, oid, t1, "2");
      TransactionMetadata txn = TransactionMetadata.empty();
      s.tpcBegin(txn);
      s.store(oid, t1, bytes("3"), txn);
      assertThatThrownBy(() -> s.tpcVote(txn)).isInstanceOf(ConflictError.class);
      s.tpcAbort(txn);

      s.setConflictResolver((o, original, committed, mine) ->
          Optional.of(bytes(new String(original) + new String(committed) + new String(mine))));
      TransactionMetadata txn2 = TransactionMetadata.empty();
      s.tpcBegin(txn2);
      s.store(oid, t1, bytes("3"), txn2);
      assertThat(s.tpcVote(txn2)).containsExactly(oid);
      s.tpcFinish(txn2);
      assertThat(new String(s.load(oid).data())).isEqualTo("123");
    }
  }

  @Test
  void readConflictAndMisuse() {
    try (FileStorage s = FileStorage.open(fs())) {
      long a = s.newOid();
      long b = s.newOid();
      long ta = store(s, a, Tid.NONE, "a");
      TransactionMetadata txn = TransactionMetadata.empty();
      s.tpcBegin(txn);
      s.checkCurrentSerial(a, ta, txn);
      s.store(b, Tid.NONE, bytes("b"), txn);
      store(s, a, ta, "a2");
      assertThatThrownBy(() -> s.tpcVote(txn)).isInstanceOf(ReadConflictError.class);
      s.tpcAbort(txn);
      assertThatThrownBy(() -> s.load(b)).isInstanceOf(POSKeyError.class);
      assertThatThrownBy(() -> s.tpcFinish(txn)).isInstanceOf(StorageTransactionError.class);
      TransactionMetadata t2 = TransactionMetadata.empty();
      s.tpcBegin(t2);
      assertThatThrownBy(() -> s.tpcBegin(t2)).isInstanceOf(StorageTransactionError.class);
      assertThatThrownBy(() -> s.tpcFinish(t2)).isInstanceOf(StorageTransactionError.class);
      s.tpcVote(t2);
      assertThatThrownBy(() -> s.store(a, 0, bytes("x"), t2)).isInstanceOf(StorageTransactionError.class);
      s.tpcFinish(t2);
    }
  }

  @Test
  void listenersHearOfACommitBeforeLastTransactionShowsIt() {
    try (FileStorage s = FileStorage.open(fs())) {
      long oid = s.newOid();
      List<String> seen = new ArrayList<>();
      s.addListener(new StorageListener() {
        @Override
        public void invalidate(long tid, Set<Long> oids) {
          seen.add(Tid.toHex(tid) + oids + (s.lastTransaction() == tid ? " visible" : " not yet"));
        }
      });
      long t = store(s, oid, Tid.NONE, "x");
      assertThat(seen).containsExactly(Tid.toHex(t) + "[" + oid + "] not yet");
    }
  }

  @Test
  void iteratorAndCopyRoundTripIdentically() {
    Path copy = dir.resolve("copy.fs");
    Path back = dir.resolve("back.fs");
    try (FileStorage s = FileStorage.open(fs())) {
      long a = s.newOid();
      long t1 = store(s, a, Tid.NONE, "v1");
      long t2 = store(s, a, t1, "v2");
      Commits.undo(s, t2);
      try (FileStorage c = FileStorage.open(copy)) {
        assertThat(io.zeo.spi.TransactionCopier.copyAll(s, c)).isEqualTo(3);
        try (FileStorage b = FileStorage.open(back)) {
          io.zeo.spi.TransactionCopier.copyAll(c, b);
          assertThat(all(b)).usingRecursiveFieldByFieldElementComparatorIgnoringFields("metadata")
              .isEqualTo(all(s));
          assertThat(all(b).get(2).records().get(0).dataTid()).isEqualTo(t1);
          assertThat(Files.size(back)).isEqualTo(Files.size(fs()));
        }
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
    }
  }

  private static List<TransactionRecord> all(FileStorage s) {
    List<TransactionRecord> out = new ArrayList<>();
    try (StorageIterator it = s.iterator(Tid.NONE, -1L)) {
      it.forEachRemaining(out::add);
    }
    return out;
  }

  @Test
  void undoRestoresPreviousRevisionAndCreationUndoDeletes() {
    try (FileStorage s = FileStorage.open(fs())) {
      long a = s.newOid();
      long t1 = store(s, a, Tid.NONE, "v1");
      long t2 = store(s, a, t1, "v2");
      assertThat(s.undoLog(0, -10, null)).extracting(e -> e.tid()).containsExactly(t2, t1);
      long t3 = Commits.undo(s, t2);
      assertThat(new String(s.load(a).data())).isEqualTo("v1");
      assertThat(s.load(a).serial()).isEqualTo(t3);
      // undo of a change later overwritten fails without a resolver
      assertThatThrownBy(() -> Commits.undo(s, t2)).isInstanceOf(io.zeo.spi.UndoError.class);
      // undoing the undo brings v2 back
      Commits.undo(s, t3);
      assertThat(new String(s.load(a).data())).isEqualTo("v2");
      long b = s.newOid();
      long tb = store(s, b, Tid.NONE, "b");
      Commits.undo(s, tb);
      assertThatThrownBy(() -> s.load(b)).isInstanceOf(POSKeyError.class);
      assertThat(s.loadBefore(b, tb + 1)).isPresent();
      assertThat(s.undoLog(1, 3, null)).hasSize(2);
      assertThat(s.undoLog(0, -100, e -> e.description().equals("undo"))).hasSize(3);
    }
  }

  @Test
  void packDropsUnreachableAndOldRevisionsAndKeepsLaterOnes() {
    try (FileStorage s = FileStorage.open(fs())) {
      long child = s.newOid();
      long garbage = s.newOid();
      long t0 = Commits.storeAll(s, Map.of(0L, io.zeo.spi.RecordEnvelope.wrap(new long[] {child}, bytes("root")),
          child, bytes("c1"), garbage, bytes("g")));
      long t1 = store(s, child, t0, "c2");
      long t2 = store(s, child, t1, "c3");
      s.pack(t1, io.zeo.spi.RecordEnvelope.REFERENCES);
      assertThat(new String(s.load(child).data())).isEqualTo("c3");
      assertThat(new String(s.loadSerial(child, t1))).isEqualTo("c2");
      assertThatThrownBy(() -> s.loadSerial(child, t0)).isInstanceOf(POSKeyError.class);
      assertThatThrownBy(() -> s.load(garbage)).isInstanceOf(POSKeyError.class);
      assertThat(s.load(0).serial()).isEqualTo(t0);
      assertThat(dir.resolve("data.fs.old")).exists();
      List<TransactionRecord> txns = all(s);
      assertThat(txns).extracting(TransactionRecord::status).containsExactly('p', 'p', ' ');
      assertThat(s.undoLog(0, -10, null)).extracting(e -> e.tid()).containsExactly(t2);
      assertThatThrownBy(() -> Commits.undo(s, t1)).isInstanceOf(io.zeo.spi.UndoError.class);
      long t3 = store(s, child, t2, "c4");
      assertThat(s.lastTransaction()).isEqualTo(t3);
    }
    try (FileStorage s = FileStorage.open(fs())) {
      assertThat(new String(s.load(1).data())).isEqualTo("c4");
    }
  }

  @Test
  void packKeepsRevisionsAnUndoAfterThePackTimeBroughtBack() {
    try (FileStorage s = FileStorage.open(fs())) {
      long a = s.newOid();
      long t0 = store(s, 0, Tid.NONE, io.zeo.spi.RecordEnvelope.wrap(new long[] {a}, bytes("root")));
      long t1 = store(s, a, Tid.NONE, "a1");
      long t2 = store(s, a, t1, "a2");
      long t3 = Commits.undo(s, t2); // back pointer to a1
      assertThat(t3).isGreaterThan(t0);
      s.pack(t2, io.zeo.spi.RecordEnvelope.REFERENCES);
      assertThat(new String(s.load(a).data())).isEqualTo("a1");
      assertThat(new String(s.loadSerial(a, t3))).isEqualTo("a1");
    }
  }

  @Test
  void providerReadsOptionsAndRejectsUnknownOnes() {
    FileStorageProvider p = new FileStorageProvider();
    assertThatThrownBy(() -> p.open(StorageUri.parse("file:" + fs() + "?bogus=1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bogus");
    assertThatThrownBy(() -> p.open(StorageUri.parse("file:" + fs() + "?create=false")))
        .isInstanceOf(StorageError.class).hasMessageContaining("does not exist");
    try (var s = p.open(StorageUri.parse("file:" + fs() + "?max-record-size=1KB&pack-keep-old=false"))) {
      long oid = s.newOid();
      assertThatThrownBy(() -> store(s, oid, Tid.NONE, new byte[2000])).hasMessageContaining("max-record-size");
      store(s, oid, Tid.NONE, new byte[1000]);
    }
    try (var s = p.open(StorageUri.parse("file:" + fs() + "?read-only=true"))) {
      assertThat(s.isReadOnly()).isTrue();
      assertThat(s.load(1).data()).hasSize(1000);
      assertThatThrownBy(s::newOid).isInstanceOf(ReadOnlyError.class);
      assertThatThrownBy(() -> s.tpcBegin(TransactionMetadata.empty())).isInstanceOf(ReadOnlyError.class);
    }
  }

  @Test
  void restoreKeepsBackPointersAndRecordsDeletion() {
    try (FileStorage s = FileStorage.open(fs())) {
      TransactionMetadata txn = TransactionMetadata.empty();
      long tid = Tid.of(2020, 1, 1, 0, 0, 0);
      s.tpcBegin(txn, tid, ' ');
      s.restore(5, tid, bytes("x"), Tid.NONE, txn);
      s.tpcVote(txn);
      s.tpcFinish(txn);
      TransactionMetadata txn2 = TransactionMetadata.empty();
      s.tpcBegin(txn2, tid + 1, 'u');
      s.restore(5, tid + 1, null, Tid.NONE, txn2);
      s.tpcVote(txn2);
      s.tpcFinish(txn2);
      assertThatThrownBy(() -> s.load(5)).isInstanceOf(POSKeyError.class);
      assertThat(s.newOid()).isGreaterThan(5);
      List<TransactionRecord> txns = all(s);
      assertThat(txns.get(1).records()).containsExactly(new DataRecord(5, tid + 1, null, Tid.NONE));
      assertThatThrownBy(() -> s.tpcBegin(TransactionMetadata.empty(), tid, ' '))
          .isInstanceOf(StorageTransactionError.class);
    }
  }

  @Test
  void oidsHandedOutButNeverCommittedAreNotReusedAfterRestart() {
    long handedOut;
    try (FileStorage s = FileStorage.open(fs())) {
      for (int i = 0; i < 5000; i++) {
        s.newOid();
      }
      handedOut = s.newOid();
    }
    try (FileStorage s = FileStorage.open(fs())) {
      assertThat(s.newOid()).isGreaterThan(handedOut);
    }
  }

  /** ZODB testFileStorage checkStoreBumpsOid and checkRestoreBumpsOid, across a reopen. */
  @Test
  void storedAndRestoredOidsBeyondTheLastHandedOutAreNeverHandedOutAfterReopen() {
    long stored;
    long restored;
    try (FileStorage s = FileStorage.open(fs())) {
      stored = s.newOid() + 10_000;
      store(s, stored, Tid.NONE, "stored");
      restored = stored + 10_000;
      TransactionMetadata t = TransactionMetadata.empty();
      long tid = Tid.laterThan(Tid.of(java.time.Instant.now()), s.lastTransaction());
      s.tpcBegin(t, tid, ' ');
      s.restore(restored, tid, bytes("restored"), Tid.NONE, t);
      s.tpcVote(t);
      s.tpcFinish(t);
      assertThat(s.newOid()).isGreaterThan(restored);
    }
    try (FileStorage s = FileStorage.open(fs())) {
      assertThat(s.newOid()).isGreaterThan(restored);
    }
    Path index = dir.resolve("data.fs.index");
    try {
      Files.deleteIfExists(index);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    try (FileStorage s = FileStorage.open(fs())) {
      assertThat(s.newOid()).isGreaterThan(restored);
    }
  }

  /** ZODB testFileStorage checkTimeTravelOnOpen: a last tid in the future still orders new commits after it. */
  @Test
  void aLastTidInTheFutureKeepsNewTidsIncreasingAfterReopen() {
    long future = Tid.of(java.time.Instant.now().plusSeconds(86_400));
    try (FileStorage s = FileStorage.open(fs())) {
      TransactionMetadata t = TransactionMetadata.empty();
      s.tpcBegin(t, future, ' ');
      s.store(0L, Tid.NONE, bytes("from the future"), t);
      s.tpcVote(t);
      s.tpcFinish(t);
    }
    try (FileStorage s = FileStorage.open(fs())) {
      assertThat(s.lastTransaction()).isEqualTo(future);
      long next = store(s, 0L, future, "now");
      assertThat(Tid.compare(next, future)).isPositive();
    }
  }

  @Test
  void undoOfAChangedObjectUsesTheResolver() {
    try (FileStorage s = FileStorage.open(fs())) {
      long a = s.newOid();
      long t1 = store(s, a, Tid.NONE, "1");
      long t2 = store(s, a, t1, "2");
      long t3 = store(s, a, t2, "3");
      assertThatThrownBy(() -> Commits.undo(s, t2)).isInstanceOf(io.zeo.spi.UndoError.class)
          .hasMessageContaining("modified by a later transaction");
      s.setConflictResolver((oid, original, committed, mine) -> {
        // undo: original = the undone revision, committed = current, mine = the one before the undone one
        assertThat(new String(original)).isEqualTo("2");
        assertThat(new String(committed)).isEqualTo("3");
        assertThat(new String(mine)).isEqualTo("1");
        return Optional.of(bytes("merged"));
      });
      long t4 = Commits.undo(s, t2);
      assertThat(new String(s.load(a).data())).isEqualTo("merged");
      assertThat(s.load(a).serial()).isEqualTo(t4).isGreaterThan(t3);
      assertThat(all(s).get(3).status()).isEqualTo(' ');
    }
  }

  @Test
  void providerIsFoundThroughServiceLoader() {
    assertThat(java.util.ServiceLoader.load(io.zeo.spi.StorageProvider.class).stream()
        .map(p -> p.get().scheme())).contains("file");
    try (var s = new FileStorageProvider().open(StorageUri.parse("file://" + fs()))) {
      assertThat(((FileStorage) s).path()).isEqualTo(fs());
    }
  }
}
