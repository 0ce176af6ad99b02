package io.zeo.compression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeo.core.ClientStorage;
import io.zeo.core.MemoryStorage;
import io.zeo.core.ZeoServer;
import io.zeo.spi.DataRecord;
import io.zeo.spi.ProtocolError;
import io.zeo.spi.StorageIterator;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import io.zeo.spi.TransactionRecord;
import io.zeo.testkit.FaultProxy;
import io.zeo.testkit.SampleData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * lz4 as negotiated between a real ZeoServer and ClientStorages over tcp, with a
 * {@link FaultProxy} in between counting the bytes that really cross the wire.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class Lz4WireTest {
  private static final int OBJECTS = 1000;
  private static final int SIZE = 300;

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private ZeoServer server(Consumer<ZeoServer.Builder> config) {
    ZeoServer.Builder b = ZeoServer.builder().storage("main", MemoryStorage.create()).listen("tcp://127.0.0.1:0");
    config.accept(b);
    ZeoServer s = b.start();
    open.add(s);
    return s;
  }

  private FaultProxy proxy(ZeoServer s) throws Exception {
    FaultProxy p = FaultProxy.start(s.address());
    open.add(p);
    return p;
  }

  private ClientStorage client(String address, String... compression) {
    ClientStorage c = ClientStorage.builder().address(address).storage("main").compression(compression).open();
    open.add(c);
    return c;
  }

  /** Bytes one connection moved each way while {@code action} ran, each end fenced by a round trip. */
  record Moved(long toServer, long toClient) {}

  static Moved measure(ClientStorage c, FaultProxy.Connection conn, Runnable action) {
    // a round trip's reply is forwarded after every byte before it was counted
    c.sync();
    long up = conn.bytesToServer();
    long down = conn.bytesToClient();
    action.run();
    c.sync();
    return new Moved(conn.bytesToServer() - up, conn.bytesToClient() - down);
  }

  /** One transaction of {@link #OBJECTS} record-like objects of {@link #SIZE} bytes. */
  static long commitBatch(ClientStorage c, long seed) {
    TransactionMetadata t = TransactionMetadata.of("lz4", "batch");
    c.tpcBegin(t);
    for (int i = 0; i < OBJECTS; i++) {
      c.store(c.newOid(), Tid.NONE, SampleData.record(seed + i, SIZE), t);
    }
    c.tpcVote(t);
    return c.tpcFinish(t);
  }

  /** Reads every record back through the iterator, whose replies are batches of records. */
  static int readAll(ClientStorage c) {
    int n = 0;
    try (StorageIterator it = c.iterator(Tid.NONE, Long.MAX_VALUE)) {
      while (it.hasNext()) {
        TransactionRecord t = it.next();
        for (DataRecord r : t.records()) {
          n += r.data().length == SIZE ? 1 : 0;
        }
      }
    }
    return n;
  }

  @Test
  void lz4ShrinksCommitsAndBatchRepliesOnTheWire() throws Exception {
    ZeoServer s = server(b -> b.compression("lz4"));
    FaultProxy proxy = proxy(s);
    ClientStorage plain = client(proxy.address());
    ClientStorage lz4 = client(proxy.address(), "lz4");
    assertThat(proxy.acceptedCount()).isEqualTo(2);
    FaultProxy.Connection plainConn = proxy.connections().get(0);
    FaultProxy.Connection lz4Conn = proxy.connections().get(1);

    Moved plainCommit = measure(plain, plainConn, () -> commitBatch(plain, 1));
    Moved lz4Commit = measure(lz4, lz4Conn, () -> commitBatch(lz4, 1_000_000));
    int[] read = new int[2];
    Moved plainRead = measure(plain, plainConn, () -> read[0] = readAll(plain));
    Moved lz4Read = measure(lz4, lz4Conn, () -> read[1] = readAll(lz4));
    System.out.printf("1,000 x 300 B: commit %,d B plain vs %,d B lz4; iterate %,d B plain vs %,d B lz4%n",
        plainCommit.toServer(), lz4Commit.toServer(), plainRead.toClient(), lz4Read.toClient());

    assertThat(read).containsExactly(2 * OBJECTS, 2 * OBJECTS);
    long payload = (long) OBJECTS * SIZE;
    assertThat(plainCommit.toServer()).as("uncompressed commit carries every byte").isGreaterThan(payload);
    assertThat(lz4Commit.toServer()).as("compressed commit").isLessThan(plainCommit.toServer() * 10 / 18);
    assertThat(plainRead.toClient()).isGreaterThan(2 * payload);
    assertThat(lz4Read.toClient()).as("compressed iterator replies").isLessThan(plainRead.toClient() * 10 / 18);
  }

  @Test
  void aServerRequiringLz4RefusesAClientOfferingNone() {
    ZeoServer s = server(b -> b.compression("lz4").requireCompression(true));
    assertThatThrownBy(() -> client(s.address()))
        .isInstanceOf(ProtocolError.class)
        .hasMessageContaining("client offers compression []")
        .hasMessageContaining("requires one of [lz4]");
    ClientStorage ok = client(s.address(), "lz4");
    long tid = commitBatch(ok, 7);
    assertThat(ok.lastTransaction()).isEqualTo(tid);
  }

  @Test
  void aServerWithoutCompressionServesAClientOfferingLz4Uncompressed() throws Exception {
    ZeoServer s = server(b -> {});
    FaultProxy proxy = proxy(s);
    ClientStorage c = client(proxy.address(), "lz4");
    FaultProxy.Connection conn = proxy.connections().get(0);
    Moved commit = measure(c, conn, () -> commitBatch(c, 3));
    assertThat(commit.toServer()).as("nothing was compressed").isGreaterThan((long) OBJECTS * SIZE);
    assertThat(readAll(c)).isEqualTo(OBJECTS);
  }
}
