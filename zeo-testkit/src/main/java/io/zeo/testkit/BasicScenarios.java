package io.zeo.testkit;

import static io.zeo.testkit.TckOps.bytes;
import static io.zeo.testkit.TckOps.commit;
import static io.zeo.testkit.TckOps.create;
import static io.zeo.testkit.TckOps.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeo.spi.LoadResult;
import io.zeo.spi.Oid;
import io.zeo.spi.POSKeyError;
import io.zeo.spi.Storage;
import io.zeo.spi.StorageInfo;
import io.zeo.spi.Tid;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Basics, serials and revisions: store, load, loadSerial, new oids, tids, info. */
public interface BasicScenarios extends StorageScenarios {

  @Test
  default void emptyStorageHasNoTransactionAndNoRoot() {
    Storage s = storage();
    assertThat(s.lastTransaction()).isEqualTo(Tid.NONE);
    assertThatThrownBy(() -> s.load(Oid.ROOT)).isInstanceOf(POSKeyError.class);
    assertThat(TckOps.transactions(s)).isEmpty();
  }

  @Test
  default void newOidsAreUniqueAndNeverTheRoot() {
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      long oid = storage().newOid();
      assertThat(oid).isNotEqualTo(Oid.ROOT).isNotNegative();
      assertThat(seen.add(oid)).as("oid %s handed out twice", Oid.toString(oid)).isTrue();
    }
  }

  @Test
  default void storedDataLoadsBackWithTheCommitTidAsSerial() {
    Storage s = storage();
    long tid = create(s, Oid.ROOT, bytes("root"));
    LoadResult r = s.load(Oid.ROOT);
    assertThat(r.data()).isEqualTo(bytes("root"));
    assertThat(r.serial()).isEqualTo(tid);
    assertThat(s.lastTransaction()).isEqualTo(tid);
  }

  @Test
  default void loadOfUnknownObjectRaisesPOSKeyErrorNamingIt() {
    create(storage(), Oid.ROOT, bytes("root"));
    long oid = storage().newOid();
    POSKeyError e = org.junit.jupiter.api.Assertions.assertThrows(POSKeyError.class, () -> storage().load(oid));
    assertThat(e.oid()).isEqualTo(oid);
  }

  @Test
  default void twoObjectsInOneTransactionShareItsTid() {
    Storage s = storage();
    long a = s.newOid();
    long b = s.newOid();
    long tid = commit(s, t -> {
      s.store(a, Tid.NONE, bytes("a"), t);
      s.store(b, Tid.NONE, bytes("b"), t);
    });
    assertThat(s.load(a).serial()).isEqualTo(tid);
    assertThat(s.load(b).serial()).isEqualTo(tid);
    assertThat(TckOps.transactions(s)).singleElement()
        .satisfies(rec -> assertThat(rec.records()).extracting(r -> r.oid()).containsExactlyInAnyOrder(a, b));
  }

  @Test
  default void storingOneObjectTwiceInATransactionKeepsTheLastData() {
    Storage s = storage();
    long oid = s.newOid();
    commit(s, t -> {
      s.store(oid, Tid.NONE, bytes("first"), t);
      s.store(oid, Tid.NONE, bytes("second"), t);
    });
    assertThat(s.load(oid).data()).isEqualTo(bytes("second"));
    assertThat(TckOps.transactions(s).get(0).records()).hasSize(1);
  }

  @Test
  default void emptyTransactionsCommitWithIncreasingTids() {
    Storage s = storage();
    long t1 = commit(s, t -> {});
    long t2 = commit(s, t -> {});
    long t3 = commit(s, t -> {});
    assertThat(Tid.compare(t1, t2)).isNegative();
    assertThat(Tid.compare(t2, t3)).isNegative();
    assertThat(s.lastTransaction()).isEqualTo(t3);
  }

  @Test
  default void tidsEncodeTheCommitTime() {
    Instant before = Instant.now();
    long tid = create(storage(), Oid.ROOT, bytes("x"));
    Instant at = Tid.toInstant(tid);
    // generous bounds: this checks the layout (minutes since 1900, 31-day months), not timing
    assertThat(at).isBetween(before.minus(Duration.ofMinutes(10)), Instant.now().plus(Duration.ofMinutes(10)));
  }

  @Test
  default void binaryDataIsKeptByteForByte() {
    Storage s = storage();
    byte[] all = new byte[256];
    for (int i = 0; i < all.length; i++) {
      all[i] = (byte) i;
    }
    long a = s.newOid();
    long b = s.newOid();
    commit(s, t -> {
      s.store(a, Tid.NONE, all.clone(), t);
      s.store(b, Tid.NONE, new byte[0], t);
    });
    assertThat(s.load(a).data()).isEqualTo(all);
    assertThat(s.load(b).data()).isEmpty();
  }

  @Test
  default void largeRecordRoundTrips() {
    Storage s = storage();
    byte[] big = new byte[2 << 20];
    new java.util.Random(7).nextBytes(big);
    long oid = s.newOid();
    create(s, oid, big.clone());
    assertThat(s.load(oid).data()).isEqualTo(big);
    assertThat(s.size()).isGreaterThanOrEqualTo(0);
  }

  @Test
  default void infoAgreesWithTheStorage() {
    Storage s = storage();
    long tid = create(s, Oid.ROOT, bytes("root"));
    StorageInfo info = s.info();
    assertThat(info.lastTid()).isEqualTo(tid);
    assertThat(info.name()).isNotBlank();
    assertThat(info.readOnly()).isEqualTo(s.isReadOnly()).isFalse();
    assertThat(info.supportsUndo()).isEqualTo(s.supportsUndo());
    assertThat(info.supportsPack()).isEqualTo(s.supportsPack());
  }

  // ---------------------------------------------------------------- serials and revisions

  @Test
  default void eachUpdateGetsANewSerial() {
    Storage s = storage();
    long oid = s.newOid();
    long t1 = create(s, oid, bytes("1"));
    long t2 = update(s, oid, bytes("2"));
    long t3 = update(s, oid, bytes("3"));
    assertThat(Tid.compare(t1, t2)).isNegative();
    assertThat(Tid.compare(t2, t3)).isNegative();
    assertThat(s.load(oid)).isEqualTo(new LoadResult(bytes("3"), t3));
  }

  @Test
  default void loadSerialReturnsEveryRevision() {
    Storage s = storage();
    long oid = s.newOid();
    long t1 = create(s, oid, bytes("1"));
    long t2 = update(s, oid, bytes("2"));
    long t3 = update(s, oid, bytes("3"));
    assertThat(s.loadSerial(oid, t1)).isEqualTo(bytes("1"));
    assertThat(s.loadSerial(oid, t2)).isEqualTo(bytes("2"));
    assertThat(s.loadSerial(oid, t3)).isEqualTo(bytes("3"));
  }

  @Test
  default void loadSerialOfAnotherTransactionsTidRaisesPOSKeyError() {
    Storage s = storage();
    long a = s.newOid();
    long b = s.newOid();
    create(s, a, bytes("a"));
    long tb = create(s, b, bytes("b"));
    assertThatThrownBy(() -> s.loadSerial(a, tb)).isInstanceOf(POSKeyError.class);
    assertThatThrownBy(() -> s.loadSerial(s.newOid(), tb)).isInstanceOf(POSKeyError.class);
  }

  @Test
  default void untouchedObjectsKeepTheirSerial() {
    Storage s = storage();
    long a = s.newOid();
    long b = s.newOid();
    long ta = create(s, a, bytes("a"));
    long tb = create(s, b, bytes("b"));
    update(s, b, bytes("b2"));
    assertThat(s.load(a).serial()).isEqualTo(ta);
    assertThat(s.load(b).serial()).isNotEqualTo(tb);
  }
}
