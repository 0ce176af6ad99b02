package io.zeo.core;

import static io.zeo.core.ServerFixture.commit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeo.spi.ConflictError;
import io.zeo.spi.POSKeyError;
import io.zeo.spi.Revision;
import io.zeo.spi.StorageError;
import io.zeo.spi.StorageInfo;
import io.zeo.spi.StorageListener;
import io.zeo.spi.StorageTransactionError;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientStorageBasicsTest {
  private final ServerFixture fx = new ServerFixture();

  @AfterEach
  void close() throws Exception {
    fx.close();
  }

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void commitThenLoadThroughServer() {
    ClientStorage c = fx.client();
    long oid = c.newOid();
    long tid = commit(c, oid, Tid.NONE, b("hello"));
    assertThat(c.lastTransaction()).isEqualTo(tid);
    assertThat(c.load(oid).data()).isEqualTo(b("hello"));
    assertThat(c.load(oid).serial()).isEqualTo(tid);
    assertThat(fx.storage.load(oid).data()).isEqualTo(b("hello"));
    assertThat(c.cacheStats().hits()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void coldLoadFromSecondClientAndLoadBefore() {
    ClientStorage a = fx.client();
    long oid = a.newOid();
    long t1 = commit(a, oid, Tid.NONE, b("one"));
    long t2 = commit(a, oid, t1, b("two"));
    ClientStorage c = fx.client();
    assertThat(c.lastTransaction()).isEqualTo(t2);
    assertThat(c.load(oid).data()).isEqualTo(b("two"));
    Optional<Revision> old = c.loadBefore(oid, t2);
    assertThat(old).isPresent();
    assertThat(old.get().data()).isEqualTo(b("one"));
    assertThat(old.get().start()).isEqualTo(t1);
    assertThat(old.get().end()).isEqualTo(t2);
    assertThat(c.loadSerial(oid, t1)).isEqualTo(b("one"));
    assertThat(c.loadBefore(oid, t1)).isEmpty();
    assertThat(c.history(oid, 10)).hasSize(2);
  }

  @Test
  void errorsArriveWithTheirTypeAndFields() {
    ClientStorage a = fx.client();
    assertThatThrownBy(() -> a.load(12345)).isInstanceOfSatisfying(POSKeyError.class,
        e -> assertThat(e.oid()).isEqualTo(12345));
    long oid = a.newOid();
    long t1 = commit(a, oid, Tid.NONE, b("x"));
    commit(a, oid, t1, b("y"));
    assertThatThrownBy(() -> commit(a, oid, t1, b("z"))).isInstanceOfSatisfying(ConflictError.class, e -> {
      assertThat(e.oid()).isEqualTo(oid);
      assertThat(e.oldSerial()).isEqualTo(t1);
    });
    TransactionMetadata t = TransactionMetadata.empty();
    assertThatThrownBy(() -> a.tpcVote(t)).isInstanceOf(StorageTransactionError.class);
  }

  @Test
  void otherClientSeesInvalidationAndOwnListenerHearsOwnCommit() {
    ClientStorage a = fx.client();
    ClientStorage b2 = fx.client();
    List<Long> heardByA = new CopyOnWriteArrayList<>();
    List<Long> heardByB = new CopyOnWriteArrayList<>();
    a.addListener((StorageListener) (tid, oids) -> heardByA.add(tid));
    b2.addListener(new StorageListener() {
      @Override
      public void invalidate(long tid, Set<Long> oids) {
        heardByB.add(tid);
      }

      @Override
      public void infoChanged(StorageInfo info) {}
    });
    long oid = a.newOid();
    long t1 = commit(a, oid, Tid.NONE, b("v1"));
    assertThat(heardByA).containsExactly(t1);
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
        .until(() -> b2.lastTransaction() == t1);
    assertThat(heardByB).containsExactly(t1);
    assertThat(b2.load(oid).data()).isEqualTo(b("v1"));
    long t2 = commit(a, oid, t1, b("v2"));
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
        .until(() -> b2.lastTransaction() == t2);
    assertThat(b2.load(oid).data()).isEqualTo(b("v2"));
  }

  @Test
  void unknownStorageNameListsServedNames() {
    assertThatThrownBy(() -> fx.client(b -> b.storage("nope"))).isInstanceOf(StorageError.class)
        .hasMessageContaining("nope").hasMessageContaining("[main]");
    ClientStorage ok = fx.client();
    assertThat(ok.lastTransaction()).isEqualTo(Tid.NONE);
  }
}
