package io.zeo.core;

import static io.zeo.core.ServerFixture.commit;
import static org.assertj.core.api.Assertions.assertThat;

import io.zeo.spi.Storage;
import io.zeo.spi.StorageInfo;
import io.zeo.spi.StorageListener;
import io.zeo.spi.Tid;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Invalidations reach other clients before any later reply, once each, never the committer. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InvalidationOrderingTest {
  static byte[] value(long v) {
    return ByteBuffer.allocate(8).putLong(v).array();
  }

  static long value(byte[] b) {
    return ByteBuffer.wrap(b).getLong();
  }

  /** Records every invalidation and checks it arrives before lastTransaction moves to it. */
  static final class Recorder implements StorageListener {
    final Storage storage;
    final List<Long> tids = new CopyOnWriteArrayList<>();
    final List<String> problems = new CopyOnWriteArrayList<>();
    final AtomicLong infos = new AtomicLong();

    Recorder(Storage storage) {
      this.storage = storage;
      storage.addListener(this);
    }

    @Override
    public void invalidate(long tid, Set<Long> oids) {
      if (Long.compareUnsigned(storage.lastTransaction(), tid) >= 0) {
        problems.add("lastTransaction " + Tid.toHex(storage.lastTransaction()) + " already at " + Tid.toHex(tid));
      }
      if (!tids.isEmpty() && Long.compareUnsigned(tids.get(tids.size() - 1), tid) >= 0) {
        problems.add("out of order: " + Tid.toHex(tid) + " after " + Tid.toHex(tids.get(tids.size() - 1)));
      }
      tids.add(tid);
    }

    @Override
    public void infoChanged(StorageInfo info) {
      infos.incrementAndGet();
    }
  }

  @Test
  void commitByOneClientInvalidatesOthersBeforeTheirNextReply() throws Exception {
    try (ServerFixture fx = new ServerFixture()) {
      ClientStorage a = fx.client();
      ClientStorage b = fx.client();
      ClientStorage c = fx.client();
      Recorder ra = new Recorder(a);
      Recorder rb = new Recorder(b);
      Recorder rc = new Recorder(c);
      long oid = a.newOid();
      long serial = commit(a, oid, Tid.NONE, value(0));
      List<Long> committed = new ArrayList<>(List.of(serial));
      for (int i = 1; i <= 200; i++) {
        // b and c have the object cached as current
        b.load(oid);
        c.load(oid);
        serial = commit(a, oid, serial, value(i));
        committed.add(serial);
        // any round trip of b's must come after the invalidation of a's commit
        b.history(oid, 1);
        assertThat(b.lastTransaction()).isEqualTo(serial);
        assertThat(value(b.load(oid).data())).isEqualTo(i);
        c.loadSerial(oid, serial);
        assertThat(value(c.load(oid).data())).isEqualTo(i);
      }
      assertThat(ra.tids).as("committer hears its own commits once each").isEqualTo(committed);
      assertThat(rb.tids).as("b hears each commit once").isEqualTo(committed);
      assertThat(rc.tids).isEqualTo(committed);
      assertThat(ra.problems).isEmpty();
      assertThat(rb.problems).isEmpty();
      assertThat(rc.problems).isEmpty();
    }
  }

  @Test
  void commitsFromManyClientsArriveInTidOrderEverywhere() throws Exception {
    try (ServerFixture fx = new ServerFixture()) {
      int clients = 4;
      int commits = 50;
      List<ClientStorage> cs = new ArrayList<>();
      List<Recorder> recs = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        ClientStorage c = fx.client();
        cs.add(c);
        recs.add(new Recorder(c));
      }
      List<Long> all = Collections.synchronizedList(new ArrayList<>());
      CountDownLatch done = new CountDownLatch(clients);
      List<Thread> threads = new ArrayList<>();
      for (ClientStorage c : cs) {
        Thread t = new Thread(() -> {
          try {
            for (int i = 0; i < commits; i++) {
              all.add(commit(c, c.newOid(), Tid.NONE, value(i)));
            }
          } finally {
            done.countDown();
          }
        });
        threads.add(t);
        t.start();
      }
      assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
      long last = Collections.max(all, Long::compareUnsigned);
      for (ClientStorage c : cs) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> c.lastTransaction() == last);
      }
      List<Long> sorted = new ArrayList<>(all);
      sorted.sort(Long::compareUnsigned);
      for (Recorder r : recs) {
        assertThat(r.problems).isEmpty();
        assertThat(r.tids).isEqualTo(sorted);
      }
    }
  }

  @Test
  void loadCrossingAnInvalidationIsNotCachedAsCurrent() throws Exception {
    MemoryStorage mem = MemoryStorage.create();
    CountDownLatch loadRead = new CountDownLatch(1);
    CountDownLatch releaseLoad = new CountDownLatch(1);
    long[] slowOid = {-1};
    Storage slow = InterceptedStorage.wrap(mem, (m, args, delegate) -> {
      if (m.equals("load") && (long) args[0] == slowOid[0]) {
        Object r = delegate.apply(args); // reads the old revision ...
        loadRead.countDown();
        try {
          releaseLoad.await(20, TimeUnit.SECONDS); // ... and answers only after a commit
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return r;
      }
      return InterceptedStorage.PASS;
    });
    ZeoServer server = ZeoServer.builder().storage("main", slow).listen("inproc:race-" + System.nanoTime()).start();
    try (ClientStorage a = ClientStorage.builder().address(server.address()).storage("main").open();
        ClientStorage b = ClientStorage.builder().address(server.address()).storage("main").open()) {
      long oid = a.newOid();
      long t1 = commit(a, oid, Tid.NONE, value(1));
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> b.lastTransaction() == t1);
      slowOid[0] = oid;
      Thread loader = new Thread(() -> b.load(oid));
      loader.start();
      assertThat(loadRead.await(10, TimeUnit.SECONDS)).isTrue();
      long t2 = commit(a, oid, t1, value(2));
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> b.lastTransaction() == t2);
      slowOid[0] = -1;
      releaseLoad.countDown();
      loader.join(10_000);
      assertThat(value(b.load(oid).data())).as("stale load must not be cached as current").isEqualTo(2);
    } finally {
      server.close();
    }
  }
}
