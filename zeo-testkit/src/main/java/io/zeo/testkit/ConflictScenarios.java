package io.zeo.testkit;

import static io.zeo.testkit.TckOps.bytes;
import static io.zeo.testkit.TckOps.commit;
import static io.zeo.testkit.TckOps.counter;
import static io.zeo.testkit.TckOps.counterValue;
import static io.zeo.testkit.TckOps.create;
import static io.zeo.testkit.TckOps.failsAtStoreOrVote;
import static io.zeo.testkit.TckOps.update;
import static org.assertj.core.api.Assertions.assertThat;

import io.zeo.spi.ConflictError;
import io.zeo.spi.ConflictResolver;
import io.zeo.spi.POSKeyError;
import io.zeo.spi.ReadConflictError;
import io.zeo.spi.Storage;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** Write conflicts, checkCurrentSerial read conflicts, and conflict resolution at vote. */
public interface ConflictScenarios extends StorageScenarios {

  /** Adds both changes to an 8-byte counter: committed + (mine - original). */
  ConflictResolver COUNTER_RESOLVER = (oid, original, committed, mine) -> Optional.of(counter(
      counterValue(committed) + counterValue(mine) - (original == null ? 0 : counterValue(original))));

  @Test
  default void staleSerialConflictsNamingTheOidAndBothSerials() {
    Storage s = storage();
    long oid = s.newOid();
    long t1 = create(s, oid, bytes("1"));
    long t2 = update(s, oid, bytes("2"));
    ConflictError e = failsAtStoreOrVote(ConflictError.class, s, t -> s.store(oid, t1, bytes("stale"), t));
    assertThat(e).isNotInstanceOf(ReadConflictError.class);
    assertThat(e.oid()).isEqualTo(oid);
    assertThat(e.oldSerial()).isEqualTo(t1);
    assertThat(e.committedSerial()).isEqualTo(t2);
    assertThat(e.getMessage()).contains(Tid.toHex(t1)).contains(Tid.toHex(t2));
    assertThat(s.load(oid).data()).isEqualTo(bytes("2"));
  }

  @Test
  default void creatingAnObjectThatExistsConflicts() {
    Storage s = storage();
    long oid = s.newOid();
    long t1 = create(s, oid, bytes("1"));
    ConflictError e = failsAtStoreOrVote(ConflictError.class, s, t -> s.store(oid, Tid.NONE, bytes("again"), t));
    assertThat(e.oldSerial()).isEqualTo(Tid.NONE);
    assertThat(e.committedSerial()).isEqualTo(t1);
  }

  @Test
  default void aConflictCommitsNoneOfTheTransaction() {
    Storage s = storage();
    long a = s.newOid();
    long b = s.newOid();
    long ta = create(s, a, bytes("a"));
    update(s, a, bytes("a2"));
    failsAtStoreOrVote(ConflictError.class, s, t -> {
      s.store(b, Tid.NONE, bytes("b"), t);
      s.store(a, ta, bytes("stale"), t);
    });
    Assertions.assertThrows(POSKeyError.class, () -> s.load(b));
    assertThat(s.load(a).data()).isEqualTo(bytes("a2"));
  }

  @Test
  default void concurrentWritersOfOneObjectTheSecondConflicts() {
    Storage s = storage();
    Storage other = tck().secondHandle();
    long oid = s.newOid();
    long t0 = create(s, oid, bytes("0"));
    TransactionMetadata first = TransactionMetadata.of("u", "first");
    s.tpcBegin(first);
    s.store(oid, t0, bytes("first"), first);
    ConflictError e = failsAtStoreOrVote(ConflictError.class, other, t -> {
      other.store(oid, t0, bytes("second"), t);
      s.tpcVote(first);
      long t1 = s.tpcFinish(first);
      assertThat(t1).isNotEqualTo(t0);
    });
    assertThat(e.oldSerial()).isEqualTo(t0);
    assertThat(s.load(oid).data()).isEqualTo(bytes("first"));
  }

  @Test
  default void concurrentWritersOfDifferentObjectsBothCommit() {
    Storage s = storage();
    long a = s.newOid();
    long b = s.newOid();
    TransactionMetadata ta = TransactionMetadata.of("u", "a");
    TransactionMetadata tb = TransactionMetadata.of("u", "b");
    s.tpcBegin(ta);
    s.tpcBegin(tb);
    s.store(a, Tid.NONE, bytes("a"), ta);
    s.store(b, Tid.NONE, bytes("b"), tb);
    s.tpcVote(tb);
    long tidB = s.tpcFinish(tb);
    s.tpcVote(ta);
    long tidA = s.tpcFinish(ta);
    assertThat(Tid.compare(tidB, tidA)).isNegative();
    assertThat(s.load(a).serial()).isEqualTo(tidA);
    assertThat(s.load(b).serial()).isEqualTo(tidB);
  }

  @Test
  default void afterAConflictARetryOnTheCurrentSerialCommits() {
    Storage s = storage();
    long oid = s.newOid();
    long t1 = create(s, oid, counter(1));
    update(s, oid, counter(2));
    failsAtStoreOrVote(ConflictError.class, s, t -> s.store(oid, t1, counter(10), t));
    long serial = s.load(oid).serial();
    long t3 = TckOps.store(s, oid, serial, counter(counterValue(s.load(oid).data()) + 1));
    assertThat(s.load(oid).serial()).isEqualTo(t3);
    assertThat(counterValue(s.load(oid).data())).isEqualTo(3);
  }

  @Test
  default void checkCurrentSerialPassesWhenTheObjectIsUnchanged() {
    Storage s = storage();
    long a = s.newOid();
    long b = s.newOid();
    long ta = create(s, a, bytes("a"));
    long tid = commit(s, t -> {
      s.checkCurrentSerial(a, ta, t);
      s.store(b, Tid.NONE, bytes("b"), t);
    });
    assertThat(s.load(b).serial()).isEqualTo(tid);
    assertThat(s.load(a).serial()).isEqualTo(ta);
  }

  @Test
  default void checkCurrentSerialRaisesReadConflictWhenTheObjectChanged() {
    Storage s = storage();
    long a = s.newOid();
    long b = s.newOid();
    long ta = create(s, a, bytes("a"));
    long ta2 = update(s, a, bytes("a2"));
    ReadConflictError e = failsAtStoreOrVote(ReadConflictError.class, s, t -> {
      s.checkCurrentSerial(a, ta, t);
      s.store(b, Tid.NONE, bytes("b"), t);
    });
    assertThat(e.oid()).isEqualTo(a);
    assertThat(e.oldSerial()).isEqualTo(ta);
    assertThat(e.committedSerial()).isEqualTo(ta2);
    Assertions.assertThrows(POSKeyError.class, () -> s.load(b));
  }

  @Test
  default void checkCurrentSerialSeesAChangeCommittedAfterTheCheckWasMade() {
    Storage s = storage();
    Storage other = tck().secondHandle();
    long a = s.newOid();
    long b = s.newOid();
    long ta = create(s, a, bytes("a"));
    failsAtStoreOrVote(ReadConflictError.class, s, t -> {
      s.checkCurrentSerial(a, ta, t);
      s.store(b, Tid.NONE, bytes("b"), t);
      update(other, a, bytes("changed meanwhile"));
    });
  }

  @Test
  default void readConflictsAreNeverResolved() {
    Storage s = storage();
    s.setConflictResolver(COUNTER_RESOLVER);
    long a = s.newOid();
    long ta = create(s, a, counter(1));
    update(s, a, counter(2));
    failsAtStoreOrVote(ReadConflictError.class, s, t -> s.checkCurrentSerial(a, ta, t));
  }

  // ---------------------------------------------------------------- conflict resolution

  @Test
  default void theResolverMergesAndVoteReportsTheOid() {
    Storage s = storage();
    long oid = s.newOid();
    long t0 = create(s, oid, counter(10));
    update(s, oid, counter(15));
    s.setConflictResolver(COUNTER_RESOLVER);
    TransactionMetadata t = TransactionMetadata.empty();
    s.tpcBegin(t);
    s.store(oid, t0, counter(11), t);
    Set<Long> resolved = s.tpcVote(t);
    long tid = s.tpcFinish(t);
    assertThat(resolved).containsExactly(oid);
    assertThat(s.load(oid).serial()).isEqualTo(tid);
    assertThat(counterValue(s.load(oid).data())).isEqualTo(16);
  }

  @Test
  default void theResolverIsGivenOriginalCommittedAndMine() {
    Storage s = storage();
    long oid = s.newOid();
    long t0 = create(s, oid, bytes("original"));
    update(s, oid, bytes("committed"));
    List<String> seen = new ArrayList<>();
    s.setConflictResolver((o, original, committed, mine) -> {
      synchronized (seen) {
        seen.add(o + ":" + TckOps.text(original) + "/" + TckOps.text(committed) + "/" + TckOps.text(mine));
      }
      return Optional.of(bytes("merged"));
    });
    TckOps.store(s, oid, t0, bytes("mine"));
    synchronized (seen) {
      assertThat(seen).containsExactly(oid + ":original/committed/mine");
    }
    assertThat(s.load(oid).data()).isEqualTo(bytes("merged"));
  }

  @Test
  default void aResolverThatGivesUpLeavesAConflict() {
    Storage s = storage();
    long oid = s.newOid();
    long t0 = create(s, oid, counter(1));
    long t1 = update(s, oid, counter(2));
    s.setConflictResolver(ConflictResolver.NONE);
    ConflictError e = failsAtStoreOrVote(ConflictError.class, s, t -> s.store(oid, t0, counter(5), t));
    assertThat(e.committedSerial()).isEqualTo(t1);
  }

  @Test
  default void aResolverThatThrowsCountsAsGivingUp() {
    Storage s = storage();
    long oid = s.newOid();
    long t0 = create(s, oid, counter(1));
    update(s, oid, counter(2));
    s.setConflictResolver((o, original, committed, mine) -> {
      throw new IllegalStateException("cannot merge these");
    });
    failsAtStoreOrVote(ConflictError.class, s, t -> s.store(oid, t0, counter(5), t));
    assertThat(counterValue(s.load(oid).data())).isEqualTo(2);
  }

  @Test
  default void noConflictMeansNothingResolved() {
    Storage s = storage();
    s.setConflictResolver(COUNTER_RESOLVER);
    long oid = s.newOid();
    TransactionMetadata t = TransactionMetadata.empty();
    s.tpcBegin(t);
    s.store(oid, Tid.NONE, counter(1), t);
    assertThat(s.tpcVote(t)).isEmpty();
    s.tpcFinish(t);
  }

  @Test
  default void oneUnresolvableObjectFailsTheWholeTransaction() {
    Storage s = storage();
    long counterOid = s.newOid();
    long textOid = s.newOid();
    long tc = create(s, counterOid, counter(1));
    long tt = create(s, textOid, bytes("text"));
    update(s, counterOid, counter(2));
    update(s, textOid, bytes("text2"));
    s.setConflictResolver((oid, original, committed, mine) ->
        oid == counterOid ? COUNTER_RESOLVER.resolve(oid, original, committed, mine) : Optional.empty());
    ConflictError e = failsAtStoreOrVote(ConflictError.class, s, t -> {
      s.store(counterOid, tc, counter(5), t);
      s.store(textOid, tt, bytes("mine"), t);
    });
    assertThat(e.oid()).isEqualTo(textOid);
    assertThat(counterValue(s.load(counterOid).data())).isEqualTo(2);
  }
}
