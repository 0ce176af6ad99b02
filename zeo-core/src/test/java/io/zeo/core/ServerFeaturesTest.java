package io.zeo.core;

import static io.zeo.core.ServerFixture.commit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeo.spi.CompressionProvider;
import io.zeo.spi.ProtocolError;
import io.zeo.spi.Storage;
import io.zeo.spi.StorageError;
import io.zeo.spi.StorageInfo;
import io.zeo.spi.StorageListener;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import io.zeo.spi.UnknownSchemeError;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerFeaturesTest {

  /** A test-only codec: run-length pairs (count, byte). Shrinks repetitive data a lot. */
  static final class RleCompression extends CompressionProvider {
    final AtomicInteger compressed = new AtomicInteger();
    final AtomicInteger decompressed = new AtomicInteger();

    @Override
    public String name() {
      return "test-rle";
    }

    @Override
    public int maxCompressedLength(int length) {
      return 2 * length;
    }

    @Override
    public int compress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff) {
      compressed.incrementAndGet();
      int o = dstOff;
      for (int i = 0; i < srcLen; ) {
        byte b = src[srcOff + i];
        int run = 1;
        while (i + run < srcLen && run < 255 && src[srcOff + i + run] == b) {
          run++;
        }
        dst[o++] = (byte) run;
        dst[o++] = b;
        i += run;
      }
      return o - dstOff;
    }

    @Override
    public void decompress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int originalLength) {
      decompressed.incrementAndGet();
      int o = 0;
      for (int i = 0; i + 1 < srcLen; i += 2) {
        int run = src[srcOff + i] & 0xff;
        if (o + run > originalLength) {
          throw new ProtocolError("rle output overflows " + originalLength);
        }
        Arrays.fill(dst, dstOff + o, dstOff + o + run, src[srcOff + i + 1]);
        o += run;
      }
      if (o != originalLength) {
        throw new ProtocolError("rle output " + o + " != " + originalLength);
      }
    }
  }

  @Test
  void compressionIsNegotiatedAndUsedBothWays() throws Exception {
    RleCompression rle = new RleCompression();
    ProviderRegistry.compressions().register(rle);
    try (ServerFixture fx = new ServerFixture("inproc:rle-" + System.nanoTime(), b -> b.compression("test-rle"))) {
      ClientStorage a = fx.client(b -> b.compression("test-rle"));
      ClientStorage plain = fx.client(b -> b.compression());
      byte[] big = new byte[100_000];
      Arrays.fill(big, (byte) 7);
      long oid = a.newOid();
      commit(a, oid, Tid.NONE, big);
      assertThat(rle.compressed.get()).as("client compressed its stores").isPositive();
      ClientStorage b2 = fx.client(b -> b.compression("test-rle"));
      int before = rle.decompressed.get();
      assertThat(b2.load(oid).data()).isEqualTo(big);
      assertThat(rle.decompressed.get()).as("client decompressed the server's reply").isGreaterThan(before);
      assertThat(plain.load(oid).data()).as("a client without compression still works").isEqualTo(big);
    } finally {
      ProviderRegistry.compressions().unregister(rle);
    }
  }

  @Test
  void requiredCompressionRefusesClientsWithoutIt() throws Exception {
    RleCompression rle = new RleCompression();
    ProviderRegistry.compressions().register(rle);
    try (ServerFixture fx = new ServerFixture("inproc:rle-req-" + System.nanoTime(),
        b -> b.compression("test-rle").requireCompression(true))) {
      assertThatThrownBy(() -> fx.client(b -> b.compression())).isInstanceOf(ProtocolError.class)
          .hasMessageContaining("requires one of [test-rle]");
      assertThat(fx.client(b -> b.compression("test-rle")).lastTransaction()).isEqualTo(Tid.NONE);
    } finally {
      ProviderRegistry.compressions().unregister(rle);
    }
  }

  @Test
  void unknownCompressionNameInBuilderIsAnError() {
    assertThatThrownBy(() -> ZeoServer.builder().compression("no-such")).isInstanceOf(UnknownSchemeError.class);
  }

  @Test
  void packCompletionIsBroadcastAndFailureReachesTheWaitingCaller() throws Exception {
    try (ServerFixture fx = new ServerFixture()) {
      ClientStorage a = fx.client();
      ClientStorage b = fx.client();
      CopyOnWriteArrayList<StorageInfo> infos = new CopyOnWriteArrayList<>();
      b.addListener(new StorageListener() {
        @Override
        public void invalidate(long tid, Set<Long> oids) {}

        @Override
        public void infoChanged(StorageInfo info) {
          infos.add(info);
        }
      });
      long t = commit(a, 0, Tid.NONE, new byte[] {1});
      commit(a, 0, t, new byte[] {2});
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> infos.size() >= 2);
      int seen = infos.size();
      a.pack(a.lastTransaction(), null);
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> infos.size() > seen);
      assertThat(b.load(0).data()).containsExactly(2);
    }
    Storage failing = InterceptedStorage.wrap(MemoryStorage.create(), (m, args, d) -> m.equals("packInBackground")
        ? CompletableFuture.failedFuture(new StorageError("disk full while packing")) : InterceptedStorage.PASS);
    ZeoServer server = ZeoServer.builder().storage("main", failing).listen("inproc:packfail-" + System.nanoTime()).start();
    try (ClientStorage c = ClientStorage.builder().address(server.address()).storage("main").open()) {
      commit(c, 0, Tid.NONE, new byte[] {1});
      assertThatThrownBy(() -> c.pack(c.lastTransaction(), null)).isInstanceOf(StorageError.class)
          .hasMessageContaining("disk full while packing");
    } finally {
      server.close();
    }
  }

  @Test
  void largeTransactionSpillsToDiskAndCommitsIntact() throws Exception {
    try (ServerFixture fx = new ServerFixture("inproc:spill-" + System.nanoTime(), b -> b.spillThreshold(4096))) {
      ClientStorage a = fx.client();
      TransactionMetadata t = TransactionMetadata.of("big", "");
      long[] oids = new long[300];
      a.tpcBegin(t);
      for (int i = 0; i < oids.length; i++) {
        oids[i] = a.newOid();
        byte[] d = new byte[1000];
        Arrays.fill(d, (byte) i);
        a.store(oids[i], Tid.NONE, d, t);
      }
      a.tpcVote(t);
      long tid = a.tpcFinish(t);
      for (int i = 0; i < oids.length; i++) {
        byte[] d = fx.storage.load(oids[i]).data();
        assertThat(d).hasSize(1000);
        assertThat(d[999]).isEqualTo((byte) i);
        assertThat(fx.storage.load(oids[i]).serial()).isEqualTo(tid);
      }
    }
  }

  @Test
  void serverRestartsOnTheSameTcpPortAtOnce() throws Exception {
    MemoryStorage mem = MemoryStorage.create();
    ZeoServer first = ZeoServer.builder().storage("main", mem.newHandle()).listen("tcp://127.0.0.1:0").start();
    String address = first.address();
    try (ClientStorage c = ClientStorage.builder().address(address).storage("main").open()) {
      commit(c, 0, Tid.NONE, new byte[] {1});
    }
    first.close();
    ZeoServer second = ZeoServer.builder().storage("main", mem.newHandle()).listen(address).start();
    try (ClientStorage c = ClientStorage.builder().address(address).storage("main").open()) {
      assertThat(c.load(0).data()).containsExactly(1);
    } finally {
      second.close();
    }
  }

  @Test
  void clientUrisOpenClientStorages() throws Exception {
    try (ServerFixture fx = new ServerFixture()) {
      String name = fx.server.address().substring("inproc:".length());
      try (Storage s = Zeo.open("zeo+inproc:" + name + "?storage=main&cache-size=1MB&server-sync=true")) {
        assertThat(s).isInstanceOf(ClientStorage.class);
        commit(s, 0, Tid.NONE, new byte[] {5});
        assertThat(fx.storage.load(0).data()).containsExactly(5);
      }
      assertThatThrownBy(() -> Zeo.open("zeo+inproc:" + name + "?storage=main&cache-sise=1MB"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cache-sise");
    }
    try (ServerFixture tcp = new ServerFixture("tcp://127.0.0.1:0", b -> {})) {
      String hostPort = tcp.server.address().substring("tcp://".length());
      try (Storage s = Zeo.open("zeo+tcp://127.0.0.1:1," + hostPort + "?storage=main")) {
        assertThat(s.lastTransaction()).isEqualTo(Tid.NONE); // first address refused, second answered
      }
    }
  }
}
