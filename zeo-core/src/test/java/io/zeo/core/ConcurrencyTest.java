package io.zeo.core;

import static io.zeo.core.InvalidationOrderingTest.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.zeo.spi.ConflictError;
import io.zeo.spi.Revision;
import io.zeo.spi.Storage;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Many clients and threads at once: snapshots stay consistent, conflicts retry to the right sum. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConcurrencyTest {
  static final boolean SOAK = Boolean.getBoolean("zeo.soak");

  /** Loads counter {@code oid}, adds one, commits; retries on conflict. Returns the retries. */
  static int increment(Storage s, long oid) {
    for (int attempt = 0; ; attempt++) {
      TransactionMetadata t = TransactionMetadata.of("inc", "");
      var current = s.load(oid);
      s.tpcBegin(t);
      try {
        s.store(oid, current.serial(), value(value(current.data()) + 1), t);
        s.tpcVote(t);
        s.tpcFinish(t);
        return attempt;
      } catch (ConflictError e) {
        s.tpcAbort(t);
        if (attempt > 10_000) {
          throw e;
        }
      }
    }
  }

  @Test
  void eightClientsIncrementOneCounterWithConflictRetry() throws Exception {
    try (ServerFixture fx = new ServerFixture()) {
      ClientStorage first = fx.client();
      long oid = first.newOid();
      ServerFixture.commit(first, oid, Tid.NONE, value(0));
      int clients = 8;
      int each = SOAK ? 500 : 40;
      List<ClientStorage> cs = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        cs.add(fx.client());
      }
      AtomicInteger retries = new AtomicInteger();
      ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
      CountDownLatch done = new CountDownLatch(clients);
      for (ClientStorage c : cs) {
        new Thread(() -> {
          try {
            for (int i = 0; i < each; i++) {
              retries.addAndGet(increment(c, oid));
            }
          } catch (Throwable e) {
            errors.add(e);
          } finally {
            done.countDown();
          }
        }).start();
      }
      assertThat(done.await(90, TimeUnit.SECONDS)).as("no client hangs").isTrue();
      assertThat(errors).isEmpty();
      assertThat(value(fx.storage.load(oid).data())).isEqualTo(clients * each);
      ClientStorage reader = fx.client();
      assertThat(value(reader.load(oid).data())).isEqualTo(clients * each);
    }
  }

  @Test
  void conflictsResolvedOnTheClient() throws Exception {
    try (ServerFixture fx = new ServerFixture()) {
      ClientStorage first = fx.client();
      long oid = first.newOid();
      ServerFixture.commit(first, oid, Tid.NONE, value(0));
      int clients = 4;
      int each = 30;
      AtomicInteger resolvedReported = new AtomicInteger();
      ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
      CountDownLatch done = new CountDownLatch(clients);
      for (int n = 0; n < clients; n++) {
        ClientStorage c = fx.client();
        // a counter merges: committed + (mine - original)
        c.setConflictResolver((o, original, committed, mine) ->
            Optional.of(value(value(committed) + value(mine) - (original == null ? 0 : value(original)))));
        new Thread(() -> {
          try {
            for (int i = 0; i < each; i++) {
              TransactionMetadata t = TransactionMetadata.of("inc", "");
              var current = c.load(oid);
              c.tpcBegin(t);
              c.store(oid, current.serial(), value(value(current.data()) + 1), t);
              Set<Long> resolved = c.tpcVote(t);
              if (resolved.contains(oid)) {
                resolvedReported.incrementAndGet();
              }
              c.tpcFinish(t);
            }
          } catch (Throwable e) {
            errors.add(e);
          } finally {
            done.countDown();
          }
        }).start();
      }
      assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
      assertThat(errors).isEmpty();
      assertThat(value(fx.storage.load(oid).data())).isEqualTo(clients * each);
      ClientStorage check = fx.client();
      assertThat(value(check.load(oid).data())).isEqualTo(clients * each);
    }
  }

  /**
   * Writers keep K objects equal (each transaction writes the same new value to all); readers
   * pin a snapshot and must see K equal values, through cache and server alike.
   */
  @Test
  void snapshotReadsStayConsistentUnderConcurrentCommits() throws Exception {
    try (ServerFixture fx = new ServerFixture()) {
      int k = 8;
      ClientStorage setup = fx.client();
      long[] oids = new long[k];
      TransactionMetadata t0 = TransactionMetadata.of("setup", "");
      setup.tpcBegin(t0);
      for (int i = 0; i < k; i++) {
        oids[i] = setup.newOid();
        setup.store(oids[i], Tid.NONE, value(0), t0);
      }
      setup.tpcVote(t0);
      setup.tpcFinish(t0);
      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong counter = new AtomicLong();
      ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
      AtomicLong checks = new AtomicLong();
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        ClientStorage c = fx.client();
        threads.add(new Thread(() -> {
          while (!stop.get()) {
            TransactionMetadata t = TransactionMetadata.of("w", "");
            long v = counter.incrementAndGet();
            try {
              c.tpcBegin(t);
              for (long oid : oids) {
                c.store(oid, c.load(oid).serial(), value(v), t);
              }
              c.tpcVote(t);
              c.tpcFinish(t);
            } catch (ConflictError e) {
              c.tpcAbort(t);
            } catch (RuntimeException e) {
              c.tpcAbort(t);
              problems.add("writer: " + e);
              return;
            }
          }
        }));
      }
      for (int r = 0; r < 3; r++) {
        ClientStorage c = fx.client(b -> b.cacheSize(4096)); // a tiny cache: many misses, evictions
        ClientStorage shared = r == 0 ? c : fx.client();
        for (ClientStorage reader : new ClientStorage[] {c, shared}) {
          threads.add(new Thread(() -> {
            while (!stop.get()) {
              long snapshot = reader.lastTransaction();
              long seen = -1;
              for (long oid : oids) {
                Optional<Revision> rev = reader.loadBefore(oid, snapshot + 1);
                if (rev.isEmpty()) {
                  problems.add("no revision of " + oid + " before " + Tid.toHex(snapshot + 1));
                  return;
                }
                if (Long.compareUnsigned(rev.get().start(), snapshot) > 0) {
                  problems.add("revision from after the snapshot");
                }
                long v = value(rev.get().data());
                if (seen >= 0 && v != seen) {
                  StringBuilder sb = new StringBuilder();
                  for (long o : oids) {
                    Revision sr = fx.storage.loadBefore(o, snapshot + 1).get();
                    Revision cr = reader.loadBefore(o, snapshot + 1).get();
                    sb.append("\n oid ").append(o).append(" server ").append(value(sr.data())).append(" ")
                        .append(Tid.toHex(sr.start())).append("-").append(Tid.toHex(sr.end()))
                        .append(" client ").append(value(cr.data())).append(" ").append(Tid.toHex(cr.start()))
                        .append("-").append(Tid.toHex(cr.end()));
                  }
                  problems.add("snapshot " + Tid.toHex(snapshot) + " mixes " + seen + " and " + v + sb);
                  return;
                }
                seen = v;
              }
              checks.incrementAndGet();
            }
          }));
        }
      }
      threads.forEach(Thread::start);
      long seconds = SOAK ? 60 : 3;
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      // Run for the set time, or stop as soon as a reader reports a problem.
      org.awaitility.Awaitility.await().atMost(seconds + 5, TimeUnit.SECONDS)
          .until(() -> !problems.isEmpty() || System.nanoTime() >= until);
      stop.set(true);
      for (Thread t : threads) {
        t.join(20_000);
        assertThat(t.isAlive()).isFalse();
      }
      assertThat(problems).isEmpty();
      assertThat(checks.get()).isGreaterThan(0);
      assertThat(counter.get()).isGreaterThan(1);
    }
  }
}
