package io.zeo.core;

import static io.zeo.core.ProcessFaultTest.num;
import static org.assertj.core.api.Assertions.assertThat;

import io.zeo.spi.Tid;
import io.zeo.testkit.FaultProxy;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issue 6: a call made while the client reconnects and verifies waits for it instead of failing. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WaitDuringReconnectTest {
  @Test
  void aCacheMissDuringTheHandshakeWaitsForItAndIsAnswered() throws Exception {
    try (ServerFixture fx = new ServerFixture("tcp://127.0.0.1:0", b -> {});
        FaultProxy proxy = FaultProxy.start(fx.server.address());
        ClientStorage a = fx.client();
        ClientStorage b = ReconnectTest.fastClient(proxy.address()).waitTimeout(Duration.ofSeconds(30)).open()) {
      long oid = a.newOid();
      long t1 = ServerFixture.commit(a, oid, Tid.NONE, num(5));
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> b.lastTransaction() == t1);
      // every chunk now waits 300 ms: the handshake after the cut takes over a second
      proxy.delay(Duration.ofMillis(300));
      int accepted = proxy.acceptedCount();
      proxy.cutAll();
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> proxy.acceptedCount() > accepted);
      assertThat(b.isConnected()).as("still handshaking").isFalse();
      assertThat(num(b.load(oid).data())).as("the miss waited for the reconnection").isEqualTo(5);
      assertThat(b.isConnected()).isTrue();
    }
  }
}
