package io.zeo.core.bench;

import io.zeo.core.ClientStorage;
import io.zeo.core.MemoryStorage;
import io.zeo.core.ZeoServer;
import io.zeo.spi.Storage;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Issue 6's figure: the time from a restarted server's {@code start()} returning to the client
 * serving again (reconnected, cache verified, a load of an object changed meanwhile answered),
 * 20 restarts after 500 ms down each, median; for a fast poll (20 ms to 200 ms) and the defaults (1 s to 30 s). Not a
 * unit test: run with -Dzeo.bench=true, or its main.
 */
public class RecoveryBench {
  static final int RUNS = 20;
  /** How long the server stays down each time. */
  static final long DOWN_MILLIS = 500;

  @Test
  void run() throws Exception {
    Assumptions.assumeTrue(Boolean.getBoolean("zeo.bench"), "benchmark: -Dzeo.bench=true");
    main(new String[0]);
  }

  public static void main(String[] args) throws Exception {
    report("fast poll (20 ms..200 ms)", measure(Duration.ofMillis(20), Duration.ofMillis(200)));
    report("default poll (1 s..30 s)", measure(Duration.ofSeconds(1), Duration.ofSeconds(30)));
  }

  static long[] measure(Duration min, Duration max) throws Exception {
    MemoryStorage mem = MemoryStorage.create();
    long serial = commit(mem, 0, Tid.NONE, 0);
    ZeoServer server = ZeoServer.builder().storage("main", mem.newHandle()).listen("tcp://127.0.0.1:0").start();
    String address = server.address();
    long[] nanos = new long[RUNS];
    try (ClientStorage c = ClientStorage.builder().address(address).storage("main").minDisconnectPoll(min)
        .maxDisconnectPoll(max).open()) {
      for (int i = 0; i < RUNS; i++) {
        c.load(0);
        server.close();
        long down = System.nanoTime();
        while (c.isConnected()) {
          if (System.nanoTime() - down > 10_000_000_000L) {
            throw new IllegalStateException("the client did not notice the server going");
          }
          Thread.onSpinWait();
        }
        serial = commit(mem, 0, serial, i + 1); // the client must learn of it in verification
        Thread.sleep(DOWN_MILLIS); // a real outage: the client's attempts fail and back off
        server = ZeoServer.builder().storage("main", mem.newHandle()).listen(address).start();
        long up = System.nanoTime();
        if (!c.awaitConnected(Duration.ofSeconds(60))) {
          throw new IllegalStateException("no reconnection within 60 s");
        }
        long value = java.nio.ByteBuffer.wrap(c.load(0).data()).getLong();
        nanos[i] = System.nanoTime() - up;
        if (value != i + 1) {
          throw new IllegalStateException("stale read after reconnecting: " + value + " != " + (i + 1));
        }
      }
    } finally {
      server.close();
    }
    return nanos;
  }

  static long commit(Storage s, long oid, long serial, long value) {
    TransactionMetadata t = TransactionMetadata.of("bench", "");
    s.tpcBegin(t);
    s.store(oid, serial, java.nio.ByteBuffer.allocate(8).putLong(value).array(), t);
    s.tpcVote(t);
    return s.tpcFinish(t);
  }

  static void report(String what, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    System.out.printf("server back -> client serving, %-26s median %8.1f ms  min %8.1f ms  max %8.1f ms (n=%d)%n",
        what, sorted[sorted.length / 2] / 1e6, sorted[0] / 1e6, sorted[sorted.length - 1] / 1e6, sorted.length);
  }
}
