package io.zeo.core;

import static io.zeo.core.ProcessFaultTest.num;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeo.spi.ReadOnlyError;
import io.zeo.spi.Storage;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issue 6: writable server down, client works read-only, writable back, client writes again. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReadOnlyFallbackTest {
  private static final Duration LONG = Duration.ofSeconds(20);

  /** The same data, served read-only (as a replica or a read-only file would be). */
  private static Storage readOnlyView(MemoryStorage mem) {
    return InterceptedStorage.wrap(mem.newHandle(), (m, args, delegate) -> m.equals("isReadOnly") ? true
        : InterceptedStorage.PASS);
  }

  @Test
  void fallsBackToAReadOnlyServerAndReturnsToTheWritableOne() throws Exception {
    MemoryStorage mem = MemoryStorage.create();
    ZeoServer writable = ZeoServer.builder().storage("main", mem.newHandle()).listen("tcp://127.0.0.1:0").start();
    String writableAddress = writable.address();
    try (ZeoServer readOnly = ZeoServer.builder().storage("main", readOnlyView(mem)).listen("tcp://127.0.0.1:0")
        .start();
        ClientStorage c = ReconnectTest.fastClient(writableAddress).address(readOnly.address())
            .readOnlyFallback(true).open()) {
      assertThat(c.isReadOnly()).as("the writable server is preferred").isFalse();
      long oid = c.newOid();
      long t1 = ServerFixture.commit(c, oid, Tid.NONE, num(1));

      writable.close();
      Awaitility.await().atMost(LONG).until(() -> c.isConnected() && c.isReadOnly());
      assertThat(num(c.load(oid).data())).isEqualTo(1);
      assertThat(c.history(oid, 5)).as("the read-only server answers what the cache cannot").hasSize(1);
      assertThatThrownBy(() -> c.tpcBegin(TransactionMetadata.empty())).isInstanceOf(ReadOnlyError.class);

      writable = ZeoServer.builder().storage("main", mem.newHandle()).listen(writableAddress).start();
      Awaitility.await().atMost(LONG).until(() -> c.isConnected() && !c.isReadOnly());
      long t2 = ServerFixture.commit(c, oid, t1, num(2));
      assertThat(mem.load(oid).serial()).isEqualTo(t2);
      assertThat(num(c.load(oid).data())).isEqualTo(2);
    } finally {
      writable.close();
    }
  }

  @Test
  void withoutAWritableServerAtOpenTheFallbackServesAndTheWritableOneIsTakenLater() throws Exception {
    MemoryStorage mem = MemoryStorage.create();
    long t1 = ServerFixture.commit(mem, 0, Tid.NONE, num(7));
    ZeoServer probe = ZeoServer.builder().storage("main", mem.newHandle()).listen("tcp://127.0.0.1:0").start();
    String writableAddress = probe.address();
    probe.close();
    try (ZeoServer readOnly = ZeoServer.builder().storage("main", readOnlyView(mem)).listen("tcp://127.0.0.1:0")
        .start();
        ClientStorage c = ReconnectTest.fastClient(writableAddress).address(readOnly.address())
            .readOnlyFallback(true).open()) {
      assertThat(c.isReadOnly()).isTrue();
      assertThat(num(c.load(0).data())).isEqualTo(7);
      try (ZeoServer writable = ZeoServer.builder().storage("main", mem.newHandle()).listen(writableAddress)
          .start()) {
        Awaitility.await().atMost(LONG).until(() -> c.isConnected() && !c.isReadOnly());
        ServerFixture.commit(c, 0, t1, num(8));
        assertThat(num(mem.load(0).data())).isEqualTo(8);
      }
    }
  }
}
