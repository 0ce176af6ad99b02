package io.zeo.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeo.spi.ConflictError;
import io.zeo.spi.POSKeyError;
import io.zeo.spi.ReadOnlyError;
import io.zeo.spi.RecordEnvelope;
import io.zeo.spi.Storage;
import io.zeo.spi.StorageError;
import io.zeo.spi.StorageInfo;
import io.zeo.spi.StorageIterator;
import io.zeo.spi.StorageListener;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionCopier;
import io.zeo.spi.TransactionMetadata;
import io.zeo.spi.TransactionRecord;
import io.zeo.spi.UndoError;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** MemoryStorage specifics: the provider's options, handles, limits; the contract is in the TCK. */
class MemoryStorageBehaviourTest {

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  private static long commit(Storage s, long oid, long serial, byte[] data) {
    TransactionMetadata t = TransactionMetadata.of("u", "d");
    s.tpcBegin(t);
    s.store(oid, serial, data, t);
    s.tpcVote(t);
    return s.tpcFinish(t);
  }

  @Test
  void zeoOpenMemoryGivesAWorkingStorageWithTheNameOption() {
    try (Storage s = Zeo.open("memory:?name=scratch")) {
      assertThat(s).isInstanceOf(MemoryStorage.class);
      assertThat(s.getName()).isEqualTo("scratch");
      long tid = commit(s, 0, Tid.NONE, b("root"));
      assertThat(s.load(0).serial()).isEqualTo(tid);
    }
  }

  @Test
  void unknownOptionIsRejectedNamingIt() {
    assertThatThrownBy(() -> Zeo.open("memory:?max-recrod-size=1KB"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max-recrod-size");
  }

  @Test
  void readOnlyOptionRefusesWrites() {
    try (Storage s = Zeo.open("memory:?read-only=true")) {
      assertThat(s.isReadOnly()).isTrue();
      assertThatThrownBy(() -> s.tpcBegin(TransactionMetadata.empty())).isInstanceOf(ReadOnlyError.class);
      assertThatThrownBy(s::newOid).isInstanceOf(ReadOnlyError.class);
    }
  }

  @Test
  void recordOverTheMaximumIsRefusedNamingBothSizes() {
    try (Storage s = Zeo.open("memory:?max-record-size=1KB")) {
      TransactionMetadata t = TransactionMetadata.empty();
      s.tpcBegin(t);
      assertThatThrownBy(() -> s.store(1, Tid.NONE, new byte[1025], t))
          .isInstanceOf(StorageError.class)
          .hasMessageContaining("1025").hasMessageContaining("1024");
      s.store(1, Tid.NONE, new byte[1024], t);
      s.tpcVote(t);
      s.tpcFinish(t);
      assertThat(s.load(1).data()).hasSize(1024);
    }
  }

  @Test
  void secondHandleSeesCommitsAndItsListenerHearsThem() {
    MemoryStorage a = MemoryStorage.create();
    MemoryStorage b = a.newHandle();
    List<Long> heard = new ArrayList<>();
    b.addListener((tid, oids) -> heard.add(tid));
    long tid = commit(a, 0, Tid.NONE, b("x"));
    assertThat(heard).containsExactly(tid);
    assertThat(b.load(0).serial()).isEqualTo(tid);
    assertThatThrownBy(() -> commit(b, 0, Tid.NONE, b("y"))).isInstanceOf(ConflictError.class);
    a.close();
    assertThat(b.load(0).data()).isEqualTo(b("x"));
    b.close();
  }

  @Test
  void readOnlyViewSharesDataButRefusesWrites() {
    MemoryStorage a = MemoryStorage.create();
    commit(a, 0, Tid.NONE, b("x"));
    MemoryStorage ro = a.readOnlyView();
    assertThat(ro.load(0).data()).isEqualTo(b("x"));
    assertThatThrownBy(() -> ro.pack(a.lastTransaction(), RecordEnvelope.REFERENCES))
        .isInstanceOf(ReadOnlyError.class);
  }

  @Test
  void closedStorageRaisesStorageErrorButCloseIsIdempotent() {
    MemoryStorage s = MemoryStorage.create();
    TransactionMetadata t = TransactionMetadata.empty();
    s.tpcBegin(t);
    s.close();
    s.close();
    assertThatThrownBy(() -> s.load(0)).isInstanceOf(StorageError.class).hasMessageContaining("closed");
  }

  @Test
  void closingAVoterReleasesTheCommitLock() {
    MemoryStorage a = MemoryStorage.create();
    MemoryStorage b = a.newHandle();
    TransactionMetadata t = TransactionMetadata.empty();
    b.tpcBegin(t);
    b.store(0, Tid.NONE, b("b"), t);
    b.tpcVote(t);
    b.close();
    long tid = commit(a, 0, Tid.NONE, b("a"));
    assertThat(a.load(0).serial()).isEqualTo(tid);
  }

  @Test
  void undoPackAndCopyEndToEnd() {
    MemoryStorage s = MemoryStorage.create();
    long child = s.newOid();
    long t1 = commit(s, 0, Tid.NONE, RecordEnvelope.wrap(new long[] {child}, b("root1")));
    TransactionMetadata t = TransactionMetadata.empty();
    s.tpcBegin(t);
    s.store(child, Tid.NONE, b("child"), t);
    s.tpcVote(t);
    long t2 = s.tpcFinish(t);
    long t3 = commit(s, 0, t1, RecordEnvelope.wrap(new long[0], b("root2")));
    // undo t3: the root points at the child again
    TransactionMetadata u = TransactionMetadata.of("", "undo");
    s.tpcBegin(u);
    assertThat(s.undo(t3, u)).containsExactly(0L);
    s.tpcVote(u);
    long t4 = s.tpcFinish(u);
    assertThat(s.load(0)).satisfies(r -> assertThat(RecordEnvelope.payloadOf(r.data())).isEqualTo(b("root1")));
    s.pack(t3, RecordEnvelope.REFERENCES);
    assertThat(s.load(child).data()).isEqualTo(b("child"));
    assertThat(s.loadBefore(0, t4)).map(r -> RecordEnvelope.payloadOf(r.data())).contains(b("root2"));
    assertThatThrownBy(() -> s.loadSerial(0, t1)).isInstanceOf(POSKeyError.class);
    TransactionMetadata u2 = TransactionMetadata.empty();
    s.tpcBegin(u2);
    assertThatThrownBy(() -> s.undo(t2, u2)).isInstanceOf(UndoError.class);
    s.tpcAbort(u2);

    MemoryStorage copy = MemoryStorage.create();
    assertThat(TransactionCopier.copyAll(s, copy)).isEqualTo(records(s).size());
    assertThat(records(copy)).usingRecursiveFieldByFieldElementComparatorIgnoringFields("metadata")
        .isEqualTo(records(s));
    assertThat(copy.load(0)).isEqualTo(s.load(0));
    assertThat(copy.loadBefore(child, t4)).isEqualTo(Optional.of(s.loadBefore(child, t4).orElseThrow()));
  }

  @Test
  void tidsKeepIncreasingWhenTheClockGoesBackwards() {
    AtomicReference<Instant> now =
        new AtomicReference<>(Instant.parse("2026-11-25T12:00:00Z"));
    Clock clock = new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now.get();
      }
    };
    MemoryStorage s = MemoryStorage.builder().clock(clock).build();
    long t1 = commit(s, 0, Tid.NONE, b("1"));
    assertThat(t1).isEqualTo(Tid.of(now.get()));
    now.set(now.get().minusSeconds(3600));
    long t2 = commit(s, 0, t1, b("2"));
    long t3 = commit(s, 0, t2, b("3"));
    assertThat(Tid.compare(t1, t2)).isNegative();
    assertThat(Tid.compare(t2, t3)).isNegative();
  }

  @Test
  void sizeCountsTheDataHeldAndShrinksWhenPackDropsIt() {
    MemoryStorage s = MemoryStorage.create();
    long empty = s.size();
    long child = s.newOid();
    commit(s, 0, Tid.NONE, RecordEnvelope.wrap(new long[0], b("root")));
    long t = commit(s, child, Tid.NONE, new byte[100_000]);
    assertThat(s.size()).isGreaterThanOrEqualTo(empty + 100_000);
    assertThat(s.info().size()).isEqualTo(s.size());
    s.pack(t, RecordEnvelope.REFERENCES);
    assertThat(s.size()).isLessThan(100_000);
  }

  @Test
  void listenersHearInfoChangesAfterCommitAndPack() {
    MemoryStorage s = MemoryStorage.create();
    List<StorageInfo> infos = new CopyOnWriteArrayList<>();
    s.addListener(new StorageListener() {
      @Override
      public void invalidate(long tid, Set<Long> oids) {}

      @Override
      public void infoChanged(StorageInfo info) {
        infos.add(info);
      }
    });
    long tid = commit(s, 0, Tid.NONE, b("x"));
    assertThat(infos).hasSize(1);
    assertThat(infos.get(0).lastTid()).isEqualTo(tid);
    s.pack(tid, RecordEnvelope.REFERENCES);
    assertThat(infos).hasSize(2);
  }

  private static List<TransactionRecord> records(Storage s) {
    List<TransactionRecord> out = new ArrayList<>();
    try (StorageIterator it = s.iterator(Tid.NONE, -1L)) {
      it.forEachRemaining(out::add);
    }
    return out;
  }
}
