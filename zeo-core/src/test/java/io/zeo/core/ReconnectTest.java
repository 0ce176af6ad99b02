package io.zeo.core;

import static io.zeo.core.ServerFixture.commit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeo.spi.ClientDisconnectedError;
import io.zeo.spi.StorageListener;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import io.zeo.testkit.FaultProxy;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issue 6's first part: reconnect with backoff, verify the cache, serve reads while away. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReconnectTest {
  static ClientStorage.Builder fastClient(String address) {
    return ClientStorage.builder().address(address).storage("main")
        .minDisconnectPoll(Duration.ofMillis(20)).maxDisconnectPoll(Duration.ofMillis(200))
        .heartbeat(Duration.ofMillis(500));
  }

  @Test
  void cutConnectionIsVerifiedFromTheInvalidationQueue() throws Exception {
    try (ServerFixture fx = new ServerFixture("tcp://127.0.0.1:0", b -> {});
        FaultProxy proxy = FaultProxy.start(fx.server.address());
        ClientStorage a = fx.client();
        ClientStorage b = fastClient(proxy.address()).open()) {
      long oid = a.newOid();
      long t1 = commit(a, oid, Tid.NONE, new byte[] {1});
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> b.lastTransaction() == t1);
      assertThat(b.load(oid).data()).containsExactly(1);
      CopyOnWriteArrayList<Long> heard = new CopyOnWriteArrayList<>();
      b.addListener((StorageListener) (tid, oids) -> heard.add(tid));
      proxy.retarget("127.0.0.1:1"); // reconnection attempts fail until retargeted back
      proxy.cutAll();
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !b.isConnected());
      assertThat(b.load(oid).data()).as("read from the cache while away").containsExactly(1);
      long t2 = commit(a, oid, t1, new byte[] {2}); // committed while b is away
      proxy.retarget(fx.server.address());
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> b.isConnected() && b.lastTransaction() == t2);
      assertThat(heard).as("the missed transaction reaches b's listeners").contains(t2);
      assertThat(b.load(oid).data()).as("no stale read after verification").containsExactly(2);
      long t3 = commit(b, oid, t2, new byte[] {3});
      assertThat(a.load(oid).serial()).isIn(t2, t3);
    }
  }

  @Test
  void whileTheServerIsDownReadsComeFromTheCacheAndWritesFailFast() throws Exception {
    MemoryStorage mem = MemoryStorage.create();
    ZeoServer first = ZeoServer.builder().storage("main", mem.newHandle()).listen("tcp://127.0.0.1:0").start();
    String address = first.address();
    AtomicLong invalidateAll = new AtomicLong();
    try (ClientStorage c = fastClient(address).open()) {
      c.addListener(new StorageListener() {
        @Override
        public void invalidate(long tid, Set<Long> oids) {}

        @Override
        public void invalidateAll(long tid) {
          invalidateAll.incrementAndGet();
        }
      });
      long cached = c.newOid();
      long uncached = c.newOid();
      TransactionMetadata t = TransactionMetadata.of("x", "");
      c.tpcBegin(t);
      c.store(cached, Tid.NONE, new byte[] {1}, t);
      c.store(uncached, Tid.NONE, new byte[] {2}, t);
      c.tpcVote(t);
      long t1 = c.tpcFinish(t);
      TransactionMetadata interrupted = TransactionMetadata.of("x", "begun before the disconnect");
      c.tpcBegin(interrupted);
      c.store(cached, t1, new byte[] {9}, interrupted);
      first.close();
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !c.isConnected());
      assertThat(c.load(cached).data()).as("served from the cache").containsExactly(1);
      assertThatThrownBy(() -> c.tpcBegin(TransactionMetadata.empty())).isInstanceOf(ClientDisconnectedError.class);
      assertThatThrownBy(() -> c.history(cached, 1)).isInstanceOf(ClientDisconnectedError.class);
      // a restored server: someone committed directly meanwhile; its queue cannot vouch for the cache
      long t2 = commit(mem, cached, t1, new byte[] {5});
      ZeoServer second = ZeoServer.builder().storage("main", mem.newHandle()).listen(address).start();
      try {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(c::isConnected);
        assertThatThrownBy(() -> c.tpcVote(interrupted)).as("never commits after the reconnect")
            .isInstanceOf(ClientDisconnectedError.class);
        c.tpcAbort(interrupted);
        assertThat(c.lastTransaction()).isEqualTo(t2);
        assertThat(invalidateAll.get()).as("listeners told everything may have changed").isPositive();
        assertThat(c.load(cached).data()).containsExactly(5);
        assertThat(c.load(uncached).data()).containsExactly(2);
        commit(c, cached, t2, new byte[] {6});
        assertThat(mem.load(cached).data()).containsExactly(6);
      } finally {
        second.close();
      }
    }
  }

  @Test
  void openWithoutWaitingConnectsInTheBackground() throws Exception {
    MemoryStorage mem = MemoryStorage.create();
    ZeoServer probe = ZeoServer.builder().storage("main", mem.newHandle()).listen("tcp://127.0.0.1:0").start();
    String address = probe.address();
    probe.close();
    try (ClientStorage c = fastClient(address).waitForServer(false).open()) {
      assertThat(c.isConnected()).isFalse();
      assertThatThrownBy(() -> c.load(0)).isInstanceOf(ClientDisconnectedError.class);
      ZeoServer server = ZeoServer.builder().storage("main", mem.newHandle()).listen(address).start();
      try {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(c::isConnected);
        commit(c, 0, Tid.NONE, new byte[] {1});
      } finally {
        server.close();
      }
    }
  }
}
