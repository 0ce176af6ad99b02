package io.zeo.core;

import static io.zeo.core.ProcessFaultTest.num;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.zeo.spi.ClientDisconnectedError;
import io.zeo.spi.StorageError;
import io.zeo.spi.StorageListener;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import io.zeo.testkit.FaultProxy;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 6: connections cut during each commit phase and during cache verification. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CommitCutTest {
  private static final Duration LONG = Duration.ofSeconds(20);

  /**
   * The server's storage cuts every proxied connection when the chosen phase reaches it:
   * {@code store} and {@code tpcVote} before doing it, {@code tpcFinish} after committing (the
   * reply is lost), {@code tpcFinish-fails} instead of committing.
   */
  @ParameterizedTest
  @ValueSource(strings = {"store", "tpcVote", "tpcFinish", "tpcFinish-fails"})
  void cutDuringACommitPhaseFailsCleanlyAndTheNextCommitWorks(String phase) throws Exception {
    MemoryStorage mem = MemoryStorage.create();
    AtomicBoolean armed = new AtomicBoolean();
    AtomicReference<FaultProxy> proxyRef = new AtomicReference<>();
    String method = phase.replace("-fails", "");
    var storage = InterceptedStorage.wrap(mem, (m, args, delegate) -> {
      if (!m.equals(method) || !armed.compareAndSet(true, false)) {
        return InterceptedStorage.PASS;
      }
      if (phase.equals("tpcFinish")) {
        Object tid = delegate.apply(args);
        proxyRef.get().cutAll();
        return tid;
      }
      proxyRef.get().cutAll();
      if (phase.equals("tpcFinish-fails")) {
        throw new StorageError("cut before the finish reached the storage");
      }
      return InterceptedStorage.PASS;
    });
    try (ZeoServer server = ZeoServer.builder().storage("main", storage).listen("tcp://127.0.0.1:0").start();
        FaultProxy proxy = FaultProxy.start(server.address());
        ClientStorage c = ReconnectTest.fastClient(proxy.address()).open()) {
      proxyRef.set(proxy);
      long oid = c.newOid();
      long t1 = ServerFixture.commit(c, oid, Tid.NONE, num(1));
      armed.set(true);
      TransactionMetadata t = TransactionMetadata.of("test", "cut at " + phase);
      Throwable failure = catchThrowable(() -> {
        c.tpcBegin(t);
        c.store(oid, t1, num(2), t);
        c.tpcVote(t);
        c.tpcFinish(t);
      });
      c.tpcAbort(t);
      assertThat(armed.get()).as("the fault fired").isFalse();
      assertThat(failure).isInstanceOf(ClientDisconnectedError.class);
      assertThat(c.awaitConnected(LONG)).isTrue();
      long current = mem.load(oid).serial();
      if (phase.equals("tpcFinish")) {
        assertThat(num(mem.load(oid).data())).isEqualTo(2);
        assertThat(failure).hasMessageContaining("it committed with tid " + Tid.toHex(current));
        c.sync();
        assertThat(num(c.load(oid).data())).as("the client's cache learned of it").isEqualTo(2);
      } else {
        assertThat(num(mem.load(oid).data())).as("nothing committed").isEqualTo(1);
        if (phase.equals("tpcFinish-fails")) {
          assertThat(failure).hasMessageContaining("it was not committed");
        }
        assertThat(num(c.load(oid).data())).isEqualTo(1);
      }
      long t3 = ServerFixture.commit(c, oid, current, num(3));
      assertThat(mem.load(oid).serial()).isEqualTo(t3);
      assertThat(num(c.load(oid).data())).isEqualTo(3);
    }
  }

  @Test
  void cutDuringVerificationIsRetriedAndVerifiesAgain() throws Exception {
    try (ServerFixture fx = new ServerFixture("tcp://127.0.0.1:0", b -> {});
        FaultProxy proxy = FaultProxy.start(fx.server.address());
        ClientStorage a = fx.client();
        ClientStorage b = ReconnectTest.fastClient(proxy.address()).open()) {
      long oid = a.newOid();
      long t1 = ServerFixture.commit(a, oid, Tid.NONE, num(1));
      Awaitility.await().atMost(LONG).until(() -> b.lastTransaction() == t1);
      assertThat(num(b.load(oid).data())).isEqualTo(1);
      CopyOnWriteArrayList<Long> heard = new CopyOnWriteArrayList<>();
      b.addListener((StorageListener) (tid, oids) -> heard.add(tid));
      proxy.retarget("127.0.0.1:1");
      proxy.cutAll();
      Awaitility.await().atMost(LONG).until(() -> !b.isConnected());
      long t2 = ServerFixture.commit(a, oid, t1, num(2)); // b misses it
      // the handshake and verification now crawl: every chunk waits, so the cut lands inside them
      proxy.delay(Duration.ofMillis(300));
      int accepted = proxy.acceptedCount();
      proxy.retarget(fx.server.address());
      Awaitility.await().atMost(LONG).until(() -> proxy.acceptedCount() > accepted);
      proxy.cutAll();
      assertThat(b.isConnected()).as("the cut came before verification ended").isFalse();
      assertThat(num(b.load(oid).data())).as("the unverified cache still answers as of t1").isEqualTo(1);
      proxy.delay(Duration.ZERO);
      Awaitility.await().atMost(LONG).until(() -> b.isConnected() && b.lastTransaction() == t2);
      assertThat(heard).contains(t2);
      assertThat(num(b.load(oid).data())).as("no stale read after verification").isEqualTo(2);
      ServerFixture.commit(b, oid, t2, num(3));
      assertThat(num(a.load(oid).data())).isIn(2L, 3L);
    }
  }
}
