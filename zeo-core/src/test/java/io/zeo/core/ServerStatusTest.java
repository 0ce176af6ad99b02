package io.zeo.core;

import static io.zeo.core.ServerFixture.commit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.zeo.spi.AuthClientConfig;
import io.zeo.spi.AuthorizationError;
import io.zeo.spi.ConflictError;
import io.zeo.spi.ReadOnlyError;
import io.zeo.spi.Storage;
import io.zeo.spi.StorageError;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** ZeoServer.status() and the STATUS call: counters, connections, pack state; pack with and without waiting. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerStatusTest {
  private static final Duration BOUND = Duration.ofSeconds(20);

  @Test
  void countersMoveWithCommitsConflictsAndLockWaits() throws Exception {
    try (ServerFixture fx = new ServerFixture()) {
      ClientStorage a = fx.client();
      ClientStorage b = fx.client();
      long oid = a.newOid();
      long first = commit(a, oid, Tid.NONE, new byte[] {1});
      commit(a, oid, first, new byte[] {2});
      assertThatThrownBy(() -> commit(b, oid, first, new byte[] {3})).isInstanceOf(ConflictError.class);

      // a holds the commit lock after its vote; b's vote has to queue behind it
      TransactionMetadata ta = TransactionMetadata.of("a", "held");
      a.tpcBegin(ta);
      a.store(oid, b.load(oid).serial(), new byte[] {4}, ta);
      a.tpcVote(ta);
      long other = b.newOid();
      TransactionMetadata tb = TransactionMetadata.of("b", "queued");
      b.tpcBegin(tb);
      b.store(other, Tid.NONE, new byte[] {5}, tb);
      CompletableFuture<Void> vote = CompletableFuture.runAsync(() -> b.tpcVote(tb));
      await().atMost(BOUND).until(() -> main(fx.server.status()).commitLockWaits() == 1);
      ServerStatus.StorageStatus during = main(fx.server.status());
      assertThat(during.transactionsInProgress()).isEqualTo(2);
      a.tpcFinish(ta);
      vote.get(20, TimeUnit.SECONDS);
      b.tpcFinish(tb);

      ServerStatus s = fx.server.status();
      ServerStatus.StorageStatus m = main(s);
      assertThat(m.commits()).isEqualTo(4);
      assertThat(m.conflicts()).isEqualTo(1);
      assertThat(m.commitLockWaits()).isEqualTo(1);
      assertThat(m.transactionsInProgress()).isZero();
      assertThat(m.lastTid()).isEqualTo(fx.storage.lastTransaction());
      assertThat(m.size()).isEqualTo(fx.storage.size());
      assertThat(m.readOnly()).isFalse();
      assertThat(m.pack()).isEqualTo(ServerStatus.PackState.IDLE);
      assertThat(s.addresses()).containsExactly(fx.server.address());
      assertThat(s.connections()).hasSize(2).allSatisfy(c -> {
        assertThat(c.storage()).isEqualTo("main");
        assertThat(c.principal()).isEmpty();
        assertThat(c.since()).isAfterOrEqualTo(s.started());
      });

      // the same over the wire; the admin connection is listed too
      try (ZeoAdmin admin = ZeoAdmin.open(fx.server.address(), "main")) {
        ServerStatus remote = admin.status();
        assertThat(remote.storages()).isEqualTo(fx.server.status().storages());
        assertThat(remote.connections()).hasSize(3);
        assertThat(remote.started().toEpochMilli()).isEqualTo(s.started().toEpochMilli());
      }
    }
  }

  @Test
  void packWithoutWaitReturnsBeforeTheEndAndWithWaitReportsTheFailure() throws Exception {
    AtomicReference<CompletableFuture<Void>> packs = new AtomicReference<>();
    MemoryStorage mem = MemoryStorage.create();
    Storage gated = InterceptedStorage.wrap(mem, (method, args, delegate) -> {
      if (method.equals("packInBackground")) {
        return packs.get();
      }
      return InterceptedStorage.PASS;
    });
    try (ZeoServer server = ZeoServer.builder().storage("main", gated).listen("inproc:status-pack-" + System.nanoTime())
        .start(); ZeoAdmin admin = ZeoAdmin.open(server.address(), "main")) {
      packs.set(new CompletableFuture<>());
      admin.pack(Tid.of(java.time.Instant.now()), false);
      ServerStatus.PackState running = main(server.status()).pack();
      assertThat(running.running()).isTrue();
      assertThat(running.lastEnded()).isEmpty();
      packs.get().complete(null);
      await().atMost(BOUND).until(() -> main(admin.status()).pack().lastResult().equals("ok"));
      assertThat(main(admin.status()).pack().running()).isFalse();

      packs.set(new CompletableFuture<>());
      CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> admin.pack(Tid.of(java.time.Instant.now()), true));
      await().atMost(BOUND).until(() -> main(server.status()).pack().running());
      assertThat(waiting).isNotDone();
      packs.get().completeExceptionally(new StorageError("disk full"));
      assertThatThrownBy(() -> waiting.get(20, TimeUnit.SECONDS)).hasCauseInstanceOf(StorageError.class)
          .hasMessageContaining("disk full");
      assertThat(main(server.status()).pack().lastResult()).contains("disk full");

      // refused at once without waiting: a failure the storage reports before starting
      packs.set(CompletableFuture.failedFuture(new IllegalArgumentException("pack time in the future")));
      assertThatThrownBy(() -> admin.pack(Long.MAX_VALUE, false)).hasMessageContaining("pack time in the future");
    }
  }

  @Test
  void readOnlyStorageRefusesPack() throws Exception {
    MemoryStorage mem = MemoryStorage.create();
    Storage ro = InterceptedStorage.wrap(mem, (method, args, delegate) ->
        method.equals("isReadOnly") ? Boolean.TRUE : InterceptedStorage.PASS);
    try (ZeoServer server = ZeoServer.builder().storage("main", ro).listen("inproc:status-ro-" + System.nanoTime())
        .start(); ZeoAdmin admin = ZeoAdmin.open(server.address(), "main")) {
      assertThatThrownBy(() -> admin.pack(Tid.of(java.time.Instant.now()), false)).isInstanceOf(ReadOnlyError.class);
    }
  }

  @Test
  void statusListsPrincipalsAndNeedsTheAdminRight() throws Exception {
    AuthSlotTest.TestAuth base = new AuthSlotTest.TestAuth();
    io.zeo.spi.AuthProvider auth = new io.zeo.spi.AuthProvider() {
      @Override
      public String name() {
        return "test-admin";
      }

      @Override
      public io.zeo.spi.AuthExchange client(AuthClientConfig config) {
        return base.client(config);
      }

      @Override
      public io.zeo.spi.AuthExchange server(io.zeo.spi.AuthServerConfig config) {
        io.zeo.spi.AuthExchange inner = base.server(config);
        return new io.zeo.spi.AuthExchange() {
          @Override
          public byte[] step(byte[] received) {
            return inner.step(received);
          }

          @Override
          public boolean isComplete() {
            return inner.isComplete();
          }

          @Override
          public String principal() {
            return inner.principal();
          }

          @Override
          public java.util.Optional<io.zeo.spi.FrameProtector> protector() {
            return inner.protector();
          }

          @Override
          public boolean permits(String storage, Access access) {
            return access != Access.ADMIN || principal().equals("root");
          }
        };
      }
    };
    ProviderRegistry.auths().register(auth);
    try (ServerFixture fx = new ServerFixture("inproc:status-auth-" + System.nanoTime(),
        b -> b.auth(Map.of("password", "pw"), "test-admin").requireAuth(true))) {
      fx.client(b -> b.auth("test-admin", new AuthClientConfig("alice", "pw"::toCharArray, "localhost", Map.of())));
      try (ZeoAdmin root = ZeoAdmin.builder().address(fx.server.address()).storage("main")
          .auth("test-admin", new AuthClientConfig("root", "pw"::toCharArray, "localhost", Map.of())).open();
          ZeoAdmin alice = ZeoAdmin.builder().address(fx.server.address()).storage("main")
              .auth("test-admin", new AuthClientConfig("alice", "pw"::toCharArray, "localhost", Map.of())).open()) {
        ServerStatus s = root.status();
        assertThat(s.connections()).extracting(ServerStatus.ConnectionStatus::principal)
            .containsExactlyInAnyOrder("alice", "root", "alice");
        assertThatThrownBy(alice::status).isInstanceOf(AuthorizationError.class).hasMessageContaining("status");
        assertThatThrownBy(() -> alice.pack(Tid.of(java.time.Instant.now()), false))
            .isInstanceOf(AuthorizationError.class);
      }
    } finally {
      ProviderRegistry.auths().unregister(auth);
    }
  }

  private static ServerStatus.StorageStatus main(ServerStatus s) {
    return s.storage("main").orElseThrow();
  }
}
