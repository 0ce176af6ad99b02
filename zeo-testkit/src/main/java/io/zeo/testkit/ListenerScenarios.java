package io.zeo.testkit;

import static io.zeo.testkit.TckOps.bytes;
import static io.zeo.testkit.TckOps.commit;
import static io.zeo.testkit.TckOps.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeo.spi.Oid;
import io.zeo.spi.ReadOnlyError;
import io.zeo.spi.RecordEnvelope;
import io.zeo.spi.Storage;
import io.zeo.spi.StorageListener;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Invalidation listeners, and read-only handles. */
public interface ListenerScenarios extends StorageScenarios {

  @Test
  default void aListenerHearsItsOwnStoragesCommitBeforeLastTransactionShowsIt() {
    Storage s = storage();
    long before = create(s, Oid.ROOT, bytes("root"));
    Map<Long, Long> lastSeenInside = new ConcurrentHashMap<>();
    s.addListener((tid, oids) -> lastSeenInside.put(tid, s.lastTransaction()));
    long tid = TckOps.update(s, Oid.ROOT, bytes("root 2"));
    assertThat(lastSeenInside).containsOnlyKeys(tid);
    assertThat(lastSeenInside.get(tid)).isEqualTo(before);
    assertThat(s.lastTransaction()).isEqualTo(tid);
  }

  @Test
  default void aSecondClientsListenerHearsTheCommit() {
    Storage s = storage();
    Storage other = tck().secondHandle();
    List<Long> heard = new CopyOnWriteArrayList<>();
    Map<Long, Set<Long>> oidsByTid = new ConcurrentHashMap<>();
    other.addListener((tid, oids) -> {
      heard.add(tid);
      oidsByTid.put(tid, oids);
    });
    long a = s.newOid();
    long tid = commit(s, t -> {
      s.store(Oid.ROOT, Tid.NONE, bytes("root"), t);
      s.store(a, Tid.NONE, bytes("a"), t);
    });
    Awaitility.await().atMost(TckOps.WAIT).until(() -> heard.contains(tid));
    assertThat(oidsByTid.get(tid)).containsExactlyInAnyOrder(Oid.ROOT, a);
    TckOps.awaitLastTransaction(other, tid);
  }

  @Test
  default void listenersHearEveryTidInOrder() {
    Storage s = storage();
    List<Long> heard = new CopyOnWriteArrayList<>();
    s.addListener((tid, oids) -> heard.add(tid));
    List<Long> tids = new ArrayList<>();
    long oid = s.newOid();
    tids.add(create(s, oid, bytes("0")));
    for (int i = 1; i < 6; i++) {
      tids.add(TckOps.update(s, oid, bytes(Integer.toString(i))));
    }
    tids.add(commit(s, t -> {}));
    assertThat(heard).containsExactlyElementsOf(tids);
  }

  @Test
  default void aRemovedListenerHearsNothingMore() {
    Storage s = storage();
    List<Long> heard = new CopyOnWriteArrayList<>();
    StorageListener l = (tid, oids) -> heard.add(tid);
    s.addListener(l);
    long first = create(s, s.newOid(), bytes("1"));
    s.removeListener(l);
    s.removeListener((tid, oids) -> {});
    create(s, s.newOid(), bytes("2"));
    assertThat(heard).containsExactly(first);
  }

  @Test
  default void aFailingListenerDoesNotUndoTheCommitNorSilenceOthers() {
    Storage s = storage();
    List<Long> heard = new CopyOnWriteArrayList<>();
    s.addListener((tid, oids) -> {
      throw new IllegalStateException("listener bug");
    });
    s.addListener((tid, oids) -> heard.add(tid));
    long oid = s.newOid();
    long tid = create(s, oid, bytes("x"));
    assertThat(s.load(oid).serial()).isEqualTo(tid);
    assertThat(heard).contains(tid);
  }

  @Test
  default void everyListenerHearsEveryCommit() {
    Storage s = storage();
    List<Long> one = new CopyOnWriteArrayList<>();
    List<Long> two = new CopyOnWriteArrayList<>();
    s.addListener((tid, oids) -> one.add(tid));
    s.addListener((tid, oids) -> two.add(tid));
    long t1 = create(s, s.newOid(), bytes("1"));
    long t2 = create(s, s.newOid(), bytes("2"));
    assertThat(one).containsExactly(t1, t2);
    assertThat(two).containsExactly(t1, t2);
  }

  // ---------------------------------------------------------------- read-only

  @Test
  default void aReadOnlyHandleReadsEverything() {
    Storage s = storage();
    long oid = s.newOid();
    long t1 = create(s, oid, bytes("1"));
    long t2 = TckOps.update(s, oid, bytes("2"));
    Storage ro = tck().readOnlyHandle();
    TckOps.awaitLastTransaction(ro, t2);
    assertThat(ro.load(oid).data()).isEqualTo(bytes("2"));
    assertThat(ro.loadBefore(oid, t2)).hasValueSatisfying(r -> assertThat(r.start()).isEqualTo(t1));
    assertThat(ro.loadSerial(oid, t1)).isEqualTo(bytes("1"));
    assertThat(TckOps.transactions(ro)).hasSize(2);
    if (tck().capabilities().history()) {
      assertThat(ro.history(oid, 5)).hasSize(2);
    }
  }

  @Test
  default void aReadOnlyHandleRefusesEveryWrite() {
    Storage s = storage();
    long last = create(s, Oid.ROOT, bytes("root"));
    Storage ro = tck().readOnlyHandle();
    assertThatThrownBy(() -> ro.tpcBegin(TransactionMetadata.empty())).isInstanceOf(ReadOnlyError.class);
    assertThatThrownBy(() -> ro.tpcBegin(TransactionMetadata.empty(), last + 1, ' '))
        .isInstanceOf(ReadOnlyError.class);
    assertThatThrownBy(ro::newOid).isInstanceOf(ReadOnlyError.class);
    if (tck().capabilities().pack()) {
      assertThatThrownBy(() -> ro.pack(last, RecordEnvelope.REFERENCES)).isInstanceOf(ReadOnlyError.class);
    }
    assertThat(s.lastTransaction()).isEqualTo(last);
    assertThat(s.load(Oid.ROOT).data()).isEqualTo(bytes("root"));
  }

  @Test
  default void aReadOnlyHandleSaysSo() {
    Storage ro = tck().readOnlyHandle();
    assertThat(ro.isReadOnly()).isTrue();
    assertThat(ro.info().readOnly()).isTrue();
    assertThat(storage().isReadOnly()).isFalse();
  }
}
