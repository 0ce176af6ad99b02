package io.zeo.testkit;

import static io.zeo.testkit.TckOps.bytes;
import static io.zeo.testkit.TckOps.commit;
import static io.zeo.testkit.TckOps.counter;
import static io.zeo.testkit.TckOps.counterValue;
import static io.zeo.testkit.TckOps.create;
import static org.assertj.core.api.Assertions.assertThat;

import io.zeo.spi.ConflictError;
import io.zeo.spi.LoadResult;
import io.zeo.spi.POSKeyError;
import io.zeo.spi.Revision;
import io.zeo.spi.Storage;
import io.zeo.spi.StorageError;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import io.zeo.spi.TransactionRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Many threads and clients at once: no lost update, increasing tids, reads never blocked. */
public interface ConcurrencyScenarios extends StorageScenarios {

  /** Threads × transactions of the counter scenario; override for a heavier run. */
  default int concurrencyThreads() {
    return 4;
  }

  default int concurrencyTransactionsPerThread() {
    return 40;
  }

  @Test
  default void threadsIncrementingSharedCountersLoseNoUpdate() {
    Storage s = storage();
    int threads = concurrencyThreads();
    int perThread = concurrencyTransactionsPerThread();
    long[] counters = new long[3];
    commit(s, t -> {
      for (int i = 0; i < counters.length; i++) {
        counters[i] = s.newOid();
        s.store(counters[i], Tid.NONE, counter(0), t);
      }
    });
    List<Future<List<Long>>> futures = new ArrayList<>();
    for (int n = 0; n < threads; n++) {
      Storage client = n % 2 == 0 ? s : tck().secondHandle();
      Random random = new Random(n);
      futures.add(TckOps.async("counter-" + n, () -> {
        List<Long> tids = new ArrayList<>();
        for (int i = 0; i < perThread; i++) {
          long oid = counters[random.nextInt(counters.length)];
          for (int attempt = 0; ; attempt++) {
            if (attempt > 10_000) {
              throw new AssertionError("no progress after 10000 conflicts");
            }
            LoadResult current = client.load(oid);
            try {
              tids.add(commit(client, TransactionMetadata.of("tck", "increment"),
                  t -> client.store(oid, current.serial(), counter(counterValue(current.data()) + 1), t)));
              break;
            } catch (ConflictError e) {
              // someone else incremented first: retry on fresh data
            }
          }
        }
        return tids;
      }));
    }
    Set<Long> allTids = new HashSet<>();
    for (Future<List<Long>> f : futures) {
      List<Long> tids = TckOps.await(f);
      assertThat(tids).hasSize(perThread);
      for (int i = 1; i < tids.size(); i++) {
        assertThat(Tid.compare(tids.get(i - 1), tids.get(i))).as("tids of one thread increase").isNegative();
      }
      allTids.addAll(tids);
    }
    assertThat(allTids).as("every commit has its own tid").hasSize(threads * perThread);
    TckOps.awaitLastTransaction(s, allTids.stream().max(Long::compareUnsigned).orElseThrow());
    long total = 0;
    for (long oid : counters) {
      total += counterValue(s.load(oid).data());
    }
    assertThat(total).as("sum of all counters").isEqualTo((long) threads * perThread);
    List<TransactionRecord> log = TckOps.transactions(s);
    assertThat(log).hasSize(threads * perThread + 1);
    for (int i = 1; i < log.size(); i++) {
      assertThat(Tid.compare(log.get(i - 1).tid(), log.get(i).tid())).isNegative();
    }
  }

  @Test
  default void readsAreNotBlockedByAVotedTransaction() {
    Storage s = storage();
    Storage reader = tck().secondHandle();
    long oid = s.newOid();
    long t1 = create(s, oid, bytes("1"));
    TckOps.awaitLastTransaction(reader, t1);
    TransactionMetadata t = TransactionMetadata.empty();
    s.tpcBegin(t);
    s.store(oid, t1, bytes("2"), t);
    s.tpcVote(t);
    try {
      LoadResult r = TckOps.await(TckOps.async("reader", () -> reader.load(oid)));
      assertThat(r.data()).isEqualTo(bytes("1"));
      assertThat(TckOps.await(TckOps.async("reader", reader::lastTransaction))).isEqualTo(t1);
      assertThat(TckOps.await(TckOps.async("reader", () -> reader.loadBefore(oid, t1 + 1))))
          .contains(new Revision(bytes("1"), t1, Tid.NONE));
    } finally {
      s.tpcFinish(t);
    }
    assertThat(s.load(oid).data()).isEqualTo(bytes("2"));
  }

  @Test
  default void aVoteWaitsForTheVotedTransactionAndThenCommits() {
    Storage s = storage();
    Storage other = tck().secondHandle();
    long a = s.newOid();
    long b = s.newOid();
    TransactionMetadata first = TransactionMetadata.of("u", "first");
    s.tpcBegin(first);
    s.store(a, Tid.NONE, bytes("a"), first);
    s.tpcVote(first);
    Future<Long> second = TckOps.async("second-voter",
        () -> commit(other, TransactionMetadata.of("u", "second"), t -> other.store(b, Tid.NONE, bytes("b"), t)));
    long firstTid = s.tpcFinish(first);
    long secondTid = TckOps.await(second);
    assertThat(Tid.compare(firstTid, secondTid)).isNegative();
    TckOps.awaitLastTransaction(s, secondTid);
    assertThat(s.load(b).serial()).isEqualTo(secondTid);
  }

  @Test
  default void concurrentReadersSeeACommitEntirelyOrNotAtAll() {
    Storage s = storage();
    Storage writerHandle = tck().secondHandle();
    long a = s.newOid();
    long b = s.newOid();
    commit(s, t -> {
      s.store(a, Tid.NONE, counter(0), t);
      s.store(b, Tid.NONE, counter(0), t);
    });
    AtomicBoolean done = new AtomicBoolean();
    Future<Integer> writer = TckOps.async("pair-writer", () -> {
      try {
        for (int i = 1; i <= 200; i++) {
          long value = i;
          long sa = writerHandle.load(a).serial();
          long sb = writerHandle.load(b).serial();
          commit(writerHandle, t -> {
            writerHandle.store(a, sa, counter(value), t);
            writerHandle.store(b, sb, counter(value), t);
          });
        }
        return 200;
      } finally {
        done.set(true);
      }
    });
    Future<Integer> reader = TckOps.async("pair-reader", () -> {
      int reads = 0;
      while (!done.get() || reads == 0) {
        long snapshot = s.lastTransaction();
        long va = counterValue(s.loadBefore(a, snapshot + 1).orElseThrow().data());
        long vb = counterValue(s.loadBefore(b, snapshot + 1).orElseThrow().data());
        assertThat(va).as("a and b at snapshot %s", Tid.toHex(snapshot)).isEqualTo(vb);
        LoadResult la = s.load(a);
        assertThat(Tid.compare(la.serial(), snapshot)).isGreaterThanOrEqualTo(0);
        reads++;
      }
      return reads;
    });
    assertThat(TckOps.await(writer)).isEqualTo(200);
    assertThat(TckOps.await(reader)).isPositive();
  }

  @Test
  default void abortingATransactionWhoseVoteWaitsLeavesNoTrace() {
    Storage s = storage();
    Storage other = tck().secondHandle();
    long a = s.newOid();
    long b = s.newOid();
    TransactionMetadata holder = TransactionMetadata.of("u", "holds the lock");
    s.tpcBegin(holder);
    s.store(a, Tid.NONE, bytes("a"), holder);
    s.tpcVote(holder);
    TransactionMetadata waiter = TransactionMetadata.of("u", "waits");
    other.tpcBegin(waiter);
    other.store(b, Tid.NONE, bytes("b"), waiter);
    Future<Object> vote = TckOps.async("waiting-voter", () -> {
      try {
        return other.tpcVote(waiter);
      } catch (StorageError e) {
        return e;
      }
    });
    // a client may run the abort only after its vote returned: do not wait for it before finishing
    Future<Object> abort = TckOps.async("aborter", () -> {
      other.tpcAbort(waiter);
      return "aborted";
    });
    long tid = s.tpcFinish(holder);
    assertThat(TckOps.await(abort)).isEqualTo("aborted");
    TckOps.await(vote);
    org.junit.jupiter.api.Assertions.assertThrows(POSKeyError.class, () -> s.load(b));
    assertThat(s.lastTransaction()).isEqualTo(tid);
    long next = create(s, s.newOid(), bytes("the lock is free"));
    assertThat(Tid.compare(next, tid)).isPositive();
  }
}
