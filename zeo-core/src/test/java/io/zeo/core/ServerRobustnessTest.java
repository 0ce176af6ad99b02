package io.zeo.core;

import static io.zeo.core.ServerFixture.commit;
import static org.assertj.core.api.Assertions.assertThat;

import io.zeo.core.internal.client.ClientConnection;
import io.zeo.core.internal.client.ClientTxn;
import io.zeo.core.internal.client.ConnectOptions;
import io.zeo.core.internal.wire.MessageReader;
import io.zeo.core.internal.wire.Wire;
import io.zeo.spi.StorageInfo;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import io.zeo.spi.TransportChannel;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Clients that stall, vanish or dawdle while holding the commit lock never stop the others. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerRobustnessTest {
  static final ClientConnection.Events IGNORE = new ClientConnection.Events() {
    @Override
    public void invalidate(long tid, List<Long> oids) {}

    @Override
    public void info(StorageInfo info) {}

    @Override
    public void packed(StorageInfo info) {}

    @Override
    public void disconnected(ClientConnection connection, Throwable cause) {}
  };

  static ConnectOptions options() {
    return new ConnectOptions("main", false, List.of(), null, null, 1 << 20, Duration.ofSeconds(5), "test", 0);
  }

  /** Votes a one-object transaction through a bare connection and returns holding the lock. */
  static ClientConnection voteAndHold(String address, long oid) throws Exception {
    ClientConnection c = ClientConnection.connect(address, options(), IGNORE);
    c.start();
    ClientTxn t = new ClientTxn(1, TransactionMetadata.of("holder", ""));
    t.begin();
    t.store(oid, Tid.NONE, new byte[] {9});
    c.call(Wire.VOTE, t::drainInto, MessageReader::longs);
    return c;
  }

  @Test
  void clientThatStopsReadingIsDisconnectedAndDelaysNoOne() throws Exception {
    try (ServerFixture fx = new ServerFixture("inproc:slow-" + System.nanoTime(), b -> b.outboundLimit(64 * 1024))) {
      // a client that shakes hands and then never reads a byte
      TransportChannel stalled = io.zeo.core.ProviderRegistry.transports().get("inproc")
          .connect(fx.server.address(), Duration.ofSeconds(5));
      var hello = RawClient.hello(Wire.MAGIC, Wire.VERSION, "main").seal();
      stalled.writeFully(ByteBuffer.wrap(hello.array(), 0, hello.end()));
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> fx.server.connectionCount() == 1);
      ClientStorage a = fx.client();
      // each commit of 500 new objects sends the stalled client a ~4 KB invalidation
      for (int i = 0; i < 200 && fx.server.connectionCount() > 1; i++) {
        TransactionMetadata t = TransactionMetadata.of("bulk", "");
        a.tpcBegin(t);
        for (int j = 0; j < 500; j++) {
          a.store(a.newOid(), Tid.NONE, new byte[] {1}, t);
        }
        a.tpcVote(t);
        a.tpcFinish(t);
      }
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> fx.server.connectionCount() == 1);
      long oid = a.newOid();
      assertThat(commit(a, oid, Tid.NONE, new byte[] {2})).isNotEqualTo(Tid.NONE);
      stalled.close();
    }
  }

  @Test
  void disconnectWhileHoldingTheCommitLockReleasesIt() throws Exception {
    try (ServerFixture fx = new ServerFixture()) {
      ClientStorage a = fx.client();
      long held = a.newOid();
      ClientConnection holder = voteAndHold(fx.server.address(), held);
      holder.close(); // gone without finish or abort
      long oid = a.newOid();
      long tid = commit(a, oid, Tid.NONE, new byte[] {1}); // would wait forever if the lock leaked
      assertThat(a.load(oid).serial()).isEqualTo(tid);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> fx.storage.load(held))
          .as("the aborted transaction left no trace").isInstanceOf(io.zeo.spi.POSKeyError.class);
    }
  }

  @Test
  void votesQueueBehindTheHolderAndLoadsGoOn() throws Exception {
    try (ServerFixture fx = new ServerFixture()) {
      ClientStorage a = fx.client();
      long oid = a.newOid();
      long t1 = commit(a, oid, Tid.NONE, new byte[] {1});
      ClientConnection holder = voteAndHold(fx.server.address(), a.newOid());
      ClientStorage b = fx.client();
      Thread committer = new Thread(() -> commit(b, b.newOid(), Tid.NONE, new byte[] {3}));
      committer.start();
      // b's vote waits for the lock; b's loads do not
      assertThat(b.load(oid).serial()).isEqualTo(t1);
      assertThat(b.history(oid, 5)).hasSize(1);
      assertThat(committer.isAlive()).isTrue();
      holder.close();
      committer.join(10_000);
      assertThat(committer.isAlive()).isFalse();
    }
  }

  @Test
  void transactionTimeoutAbortsAndDisconnectsTheHolder() throws Exception {
    try (ServerFixture fx = new ServerFixture("inproc:timeout-" + System.nanoTime(),
        b -> b.transactionTimeout(Duration.ofMillis(200)))) {
      ClientStorage a = fx.client();
      ClientConnection holder = voteAndHold(fx.server.address(), a.newOid());
      long oid = a.newOid();
      commit(a, oid, Tid.NONE, new byte[] {1});
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(holder::isClosed);
    }
  }
}
