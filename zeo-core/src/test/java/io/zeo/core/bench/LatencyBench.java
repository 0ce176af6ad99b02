package io.zeo.core.bench;

import io.zeo.core.ClientStorage;
import io.zeo.core.ProviderRegistry;
import io.zeo.core.Zeo;
import io.zeo.core.ZeoServer;
import io.zeo.spi.Storage;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import io.zeo.spi.TransportChannel;
import io.zeo.spi.TransportServer;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * One-run latency figures for the note (not a unit test: run with -Dzeo.bench=true, or
 * its main). A 1-object commit on FileStorage in process vs through ClientStorage over unix and
 * tcp; a cold load vs a bare 64-byte round trip on the same transport.
 */
public class LatencyBench {
  static final int WARMUP = 2000;
  static final int RUNS = 5000;

  @Test
  void run() throws Exception {
    Assumptions.assumeTrue(Boolean.getBoolean("zeo.bench"), "benchmark: -Dzeo.bench=true");
    main(new String[0]);
  }

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("zeo-bench");
    try (Storage local = Zeo.open("file:" + dir.resolve("local.fs"))) {
      report("commit in-process FileStorage", commits(local));
      System.out.printf("%-40s %,10.0f objects/s%n", "add 1000 x 300 B per txn in-process", adds(local));
    }
    for (String scheme : new String[] {"unix", "tcp"}) {
      String listen = scheme.equals("unix") ? "unix:" + dir.resolve("zeo.sock") : "tcp://127.0.0.1:0";
      ZeoServer server = ZeoServer.builder().storage("main", Zeo.open("file:" + dir.resolve(scheme + ".fs")))
          .listen(listen).start();
      try (ClientStorage c = ClientStorage.builder().address(server.address()).storage("main").open()) {
        report("commit ClientStorage over " + scheme, commits(c));
        System.out.printf("%-40s %,10.0f objects/s%n", "add 1000 x 300 B per txn over " + scheme, adds(c));
        long[] oids = new long[RUNS + WARMUP];
        TransactionMetadata t = TransactionMetadata.of("bench", "objects for cold loads");
        c.tpcBegin(t);
        for (int i = 0; i < oids.length; i++) {
          oids[i] = c.newOid();
          c.store(oids[i], Tid.NONE, new byte[300], t);
        }
        c.tpcVote(t);
        c.tpcFinish(t);
        try (ClientStorage cold = ClientStorage.builder().address(server.address()).storage("main").open()) {
          long[] ns = new long[oids.length];
          for (int i = 0; i < oids.length; i++) {
            long s = System.nanoTime();
            cold.load(oids[i]);
            ns[i] = System.nanoTime() - s;
          }
          report("cold load (300 B) over " + scheme, Arrays.copyOfRange(ns, WARMUP, ns.length));
          long[] ping = new long[WARMUP + RUNS];
          for (int i = 0; i < ping.length; i++) {
            long s = System.nanoTime();
            cold.sync();
            ping[i] = System.nanoTime() - s;
          }
          report("protocol ping over " + scheme, Arrays.copyOfRange(ping, WARMUP, ping.length));
        }
      } finally {
        server.close();
      }
      report("bare 64-byte round trip over " + scheme, bareRoundTrips(scheme, dir));
    }
  }

  /** Objects per second committing transactions of 1,000 new 300-byte objects. */
  static double adds(Storage s) {
    byte[] data = new byte[300];
    long objects = 0;
    long start = 0;
    for (int txn = 0; txn < 60; txn++) {
      if (txn == 10) {
        start = System.nanoTime();
        objects = 0;
      }
      TransactionMetadata t = TransactionMetadata.of("bench", "add");
      s.tpcBegin(t);
      for (int i = 0; i < 1000; i++) {
        s.store(s.newOid(), Tid.NONE, data, t);
      }
      s.tpcVote(t);
      s.tpcFinish(t);
      objects += 1000;
    }
    return objects / ((System.nanoTime() - start) / 1e9);
  }

  static long[] commits(Storage s) {
    long oid = s.newOid();
    long serial = Tid.NONE;
    long[] ns = new long[WARMUP + RUNS];
    byte[] data = new byte[300];
    for (int i = 0; i < ns.length; i++) {
      long start = System.nanoTime();
      TransactionMetadata t = TransactionMetadata.of("bench", "");
      s.tpcBegin(t);
      s.store(oid, serial, data, t);
      s.tpcVote(t);
      serial = s.tpcFinish(t);
      ns[i] = System.nanoTime() - start;
    }
    return Arrays.copyOfRange(ns, WARMUP, ns.length);
  }

  static long[] bareRoundTrips(String scheme, Path dir) throws Exception {
    String listen = scheme.equals("unix") ? "unix:" + dir.resolve("echo.sock") : "tcp://127.0.0.1:0";
    var provider = ProviderRegistry.transports().get(scheme);
    try (TransportServer server = provider.listen(listen)) {
      Thread echo = new Thread(() -> {
        try (TransportChannel ch = server.accept()) {
          ByteBuffer b = ByteBuffer.allocate(64);
          while (true) {
            b.clear();
            while (b.hasRemaining()) {
              if (ch.read(b) < 0) {
                return;
              }
            }
            b.flip();
            ch.writeFully(b);
          }
        } catch (Exception e) {
          // client gone
        }
      });
      echo.setDaemon(true);
      echo.start();
      long[] ns = new long[WARMUP + RUNS];
      try (TransportChannel ch = provider.connect(server.address(), Duration.ofSeconds(5))) {
        ByteBuffer b = ByteBuffer.allocate(64);
        for (int i = 0; i < ns.length; i++) {
          long s = System.nanoTime();
          b.clear();
          ch.writeFully(b);
          b.clear();
          while (b.hasRemaining()) {
            ch.read(b);
          }
          ns[i] = System.nanoTime() - s;
        }
      }
      return Arrays.copyOfRange(ns, WARMUP, ns.length);
    }
  }

  static void report(String what, long[] ns) {
    long[] sorted = ns.clone();
    Arrays.sort(sorted);
    System.out.printf("%-40s median %8.1f us   p99 %8.1f us   (n=%d)%n", what,
        sorted[sorted.length / 2] / 1000.0, sorted[(int) (sorted.length * 0.99)] / 1000.0, sorted.length);
  }
}
