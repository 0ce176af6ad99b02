package io.zeo.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class TransactionCopierTest {

  /** A storage that only iterates (source) and records restore calls (destination). */
  static final class RecordingStorage implements Storage {
    final List<TransactionRecord> log = new ArrayList<>();
    final List<String> calls = new ArrayList<>();
    long failOnRestoreOf = -1;
    boolean iteratorClosed;

    @Override
    public StorageIterator iterator(long start, long stop) {
      Iterator<TransactionRecord> it = log.stream()
          .filter(t -> Long.compareUnsigned(t.tid(), start) >= 0 && Long.compareUnsigned(t.tid(), stop) <= 0)
          .iterator();
      return new StorageIterator() {
        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public TransactionRecord next() {
          return it.next();
        }

        @Override
        public void close() {
          iteratorClosed = true;
        }
      };
    }

    @Override
    public void tpcBegin(TransactionMetadata txn, long tid, char status) {
      calls.add("begin " + Tid.toHex(tid) + " '" + status + "' " + txn.user() + "/" + txn.description()
          + " " + txn.extension());
    }

    @Override
    public void restore(long oid, long serial, byte[] data, long dataTid, TransactionMetadata txn) {
      if (oid == failOnRestoreOf) {
        throw new StorageError("restore failed on purpose");
      }
      calls.add("restore " + Oid.toString(oid) + " " + Tid.toHex(serial) + " "
          + (data == null ? "null" : new String(data, java.nio.charset.StandardCharsets.UTF_8))
          + " " + Tid.toHex(dataTid));
    }

    @Override
    public Set<Long> tpcVote(TransactionMetadata txn) {
      calls.add("vote");
      return Set.of();
    }

    @Override
    public long tpcFinish(TransactionMetadata txn) {
      calls.add("finish");
      return 0;
    }

    @Override
    public void tpcAbort(TransactionMetadata txn) {
      calls.add("abort");
    }

    // ------------------------------------------------ not used by the copier
    @Override
    public String getName() {
      return "recording";
    }

    @Override
    public LoadResult load(long oid) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Revision> loadBefore(long oid, long tid) {
      throw new UnsupportedOperationException();
    }

    @Override
    public byte[] loadSerial(long oid, long serial) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long lastTransaction() {
      return log.isEmpty() ? Tid.NONE : log.get(log.size() - 1).tid();
    }

    @Override
    public List<HistoryEntry> history(long oid, int size) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long size() {
      return 0;
    }

    @Override
    public StorageInfo info() {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean isReadOnly() {
      return false;
    }

    @Override
    public long newOid() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void tpcBegin(TransactionMetadata txn) {
      throw new UnsupportedOperationException("the copier must begin with a tid");
    }

    @Override
    public void store(long oid, long serial, byte[] data, TransactionMetadata txn) {
      throw new UnsupportedOperationException("the copier must restore, not store");
    }

    @Override
    public void checkCurrentSerial(long oid, long serial, TransactionMetadata txn) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void pack(long packTid, ReferenceFinder references) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<UndoLogEntry> undoLog(int first, int last, Predicate<UndoLogEntry> filter) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Set<Long> undo(long undoneTid, TransactionMetadata txn) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void addListener(StorageListener listener) {}

    @Override
    public void removeListener(StorageListener listener) {}

    @Override
    public void setConflictResolver(ConflictResolver resolver) {}

    @Override
    public void close() {}
  }

  private static byte[] b(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static RecordingStorage source() {
    RecordingStorage s = new RecordingStorage();
    s.log.add(new TransactionRecord(0x10, ' ', new TransactionMetadata("alice", "one", Map.of("k", "v")),
        List.of(new DataRecord(0, 0x10, b("root"), Tid.NONE), new DataRecord(1, 0x10, b("a"), Tid.NONE))));
    s.log.add(new TransactionRecord(0x20, 'p', TransactionMetadata.of("bob", "packed"),
        List.of(new DataRecord(1, 0x20, b("a2"), Tid.NONE))));
    s.log.add(new TransactionRecord(0x30, 'u', TransactionMetadata.of("carol", "undo"),
        List.of(new DataRecord(1, 0x30, b("a"), 0x10), new DataRecord(2, 0x30, null, Tid.NONE))));
    return s;
  }

  @Test
  void copiesEveryTransactionWithTidStatusMetadataAndRecords() {
    RecordingStorage src = source();
    RecordingStorage dst = new RecordingStorage();
    assertThat(TransactionCopier.copyAll(src, dst)).isEqualTo(3);
    assertThat(dst.calls).containsExactly(
        "begin 0000000000000010 ' ' alice/one {k=v}",
        "restore 0x00 0000000000000010 root 0000000000000000",
        "restore 0x01 0000000000000010 a 0000000000000000",
        "vote", "finish",
        "begin 0000000000000020 'p' bob/packed {}",
        "restore 0x01 0000000000000020 a2 0000000000000000",
        "vote", "finish",
        "begin 0000000000000030 'u' carol/undo {}",
        "restore 0x01 0000000000000030 a 0000000000000010",
        "restore 0x02 0000000000000030 null 0000000000000000",
        "vote", "finish");
    assertThat(src.iteratorClosed).isTrue();
  }

  @Test
  void resumesAfterAGivenTidAndReportsProgress() {
    RecordingStorage src = source();
    RecordingStorage dst = new RecordingStorage();
    List<Long> progress = new ArrayList<>();
    assertThat(TransactionCopier.copy(src, dst, 0x10, t -> progress.add(t.tid()))).isEqualTo(2);
    assertThat(progress).containsExactly(0x20L, 0x30L);
    assertThat(dst.calls.get(0)).startsWith("begin 0000000000000020");
  }

  @Test
  void aFailedRestoreAbortsThatTransactionAndStops() {
    RecordingStorage src = source();
    RecordingStorage dst = new RecordingStorage();
    dst.failOnRestoreOf = 2;
    assertThatThrownBy(() -> TransactionCopier.copyAll(src, dst)).isInstanceOf(StorageError.class)
        .hasMessageContaining("on purpose");
    assertThat(dst.calls).endsWith("begin 0000000000000030 'u' carol/undo {}",
        "restore 0x01 0000000000000030 a 0000000000000010", "abort");
    assertThat(src.iteratorClosed).isTrue();
  }

  @Test
  void anEmptySourceCopiesNothing() {
    RecordingStorage dst = new RecordingStorage();
    assertThat(TransactionCopier.copyAll(new RecordingStorage(), dst)).isZero();
    assertThat(dst.calls).isEmpty();
  }
}
