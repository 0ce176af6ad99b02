package io.zeo.storage.file;

import io.zeo.spi.RecordEnvelope;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One-shot measurements for the report (not a test). Run from the module directory:
 * {@code java -Xmx256m -cp target/classes:target/test-classes:<fastutil>:<zeo-spi>
 * io.zeo.storage.file.FileStorageBenchmark [dir]}.
 */
public final class FileStorageBenchmark {
  private static final int SMALL = 300;

  public static void main(String[] args) throws Exception {
    Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("fsbench");
    Files.createDirectories(dir);
    System.out.println("directory " + dir + ", max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB");
    latency(dir, 2000);
    batchCommits(dir, 100);
    if (args.length < 2 || !args[1].equals("small")) {
      openAndPack(dir, 1_000_000, 5);
    }
  }

  /**
   * Raw 4 KiB append + force and 1-object commits, interleaved sample by sample so both see the
   * same disk (the machine is shared; alternating keeps other load from favouring either).
   */
  private static void latency(Path dir, int n) throws IOException {
    Path raw = dir.resolve("raw.bin");
    Path p = dir.resolve("one.fs");
    Files.deleteIfExists(raw);
    delete(p);
    long[] tr = new long[n];
    long[] tc = new long[n];
    try (FileChannel ch = FileChannel.open(raw, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileStorage s = FileStorage.open(p)) {
      ByteBuffer b = ByteBuffer.allocate(4096);
      long pos = 0;
      long oid = s.newOid();
      long serial = Tid.NONE;
      byte[] data = new byte[SMALL];
      for (int i = 0; i < n; i++) {
        long start = System.nanoTime();
        b.clear();
        pos += ch.write(b, pos);
        ch.force(false);
        tr[i] = System.nanoTime() - start;
        start = System.nanoTime();
        TransactionMetadata txn = TransactionMetadata.of("bench", "one");
        s.tpcBegin(txn);
        s.store(oid, serial, data, txn);
        s.tpcVote(txn);
        serial = s.tpcFinish(txn);
        tc[i] = System.nanoTime() - start;
      }
    }
    double r = report("raw 4 KiB append + force", tr);
    double c = report("1-object (300 B) commit", tc);
    System.out.printf("ratio of medians commit/raw: %.2f%n", c / r);
    Files.delete(raw);
    delete(p);
  }

  private static void batchCommits(Path dir, int txns) throws IOException {
    Path p = dir.resolve("batch.fs");
    delete(p);
    try (FileStorage s = FileStorage.open(p)) {
      long[] oids = new long[1000];
      for (int warm = 0; warm < 2; warm++) {
        long start = System.nanoTime();
        long inFinish = 0;
        for (int t = 0; t < txns; t++) {
          TransactionMetadata txn = TransactionMetadata.of("bench", "batch");
          s.tpcBegin(txn);
          for (int i = 0; i < 1000; i++) {
            oids[i] = s.newOid();
            s.store(oids[i], Tid.NONE, new byte[SMALL], txn);
          }
          s.tpcVote(txn);
          long f = System.nanoTime();
          s.tpcFinish(txn);
          inFinish += System.nanoTime() - f;
        }
        double secs = (System.nanoTime() - start) / 1e9;
        System.out.printf("%s: %d transactions of 1,000 x 300 B new objects: %.0f objects/s"
            + " (%.0f%% of the time in tpcFinish, i.e. the force; %.0f objects/s without it)%n",
            warm == 0 ? "warm-up" : "measured", txns, txns * 1000 / secs, inFinish / 1e7 / secs,
            txns * 1000 / (secs - inFinish / 1e9));
      }
      long start = System.nanoTime();
      for (int t = 0; t < txns; t++) {
        TransactionMetadata txn = TransactionMetadata.of("bench", "update");
        s.tpcBegin(txn);
        for (long oid : oids) {
          s.store(oid, s.load(oid).serial(), new byte[SMALL], txn);
        }
        s.tpcVote(txn);
        s.tpcFinish(txn);
      }
      double secs = (System.nanoTime() - start) / 1e9;
      System.out.printf("updates: %d transactions of 1,000 x 300 B updated objects: %.0f objects/s%n", txns,
          txns * 1000 / secs);
    }
    delete(p);
  }

  private static void openAndPack(Path dir, int objects, int revisions) throws IOException, InterruptedException {
    Path p = dir.resolve("big.fs");
    delete(p);
    int buckets = 1000;
    int perBucket = objects / buckets;
    long start = System.nanoTime();
    try (FileStorage s = FileStorage.open(p)) {
      long[] bucketOids = new long[buckets];
      for (int b = 0; b < buckets; b++) {
        bucketOids[b] = s.newOid();
      }
      long[][] leaves = new long[buckets][perBucket];
      for (int rev = 0; rev < revisions; rev++) {
        for (int b = 0; b < buckets; b++) {
          TransactionMetadata txn = TransactionMetadata.of("bench", "rev " + rev);
          s.tpcBegin(txn);
          for (int i = 0; i < perBucket; i++) {
            if (rev == 0) {
              leaves[b][i] = s.newOid();
            }
            long serial = rev == 0 ? Tid.NONE : s.load(leaves[b][i]).serial();
            s.store(leaves[b][i], serial, RecordEnvelope.wrap(new long[0], new byte[SMALL - 8]), txn);
          }
          if (rev == 0) {
            s.store(bucketOids[b], Tid.NONE, RecordEnvelope.wrap(leaves[b], new byte[0]), txn);
            if (b == buckets - 1) {
              s.store(0, Tid.NONE, RecordEnvelope.wrap(bucketOids, new byte[0]), txn);
            }
          }
          s.tpcVote(txn);
          s.tpcFinish(txn);
        }
        if (rev == 0) {
          System.out.printf("wrote %,d objects (%,d MB) in %.1f s%n", objects + buckets + 1, Files.size(p) >> 20,
              (System.nanoTime() - start) / 1e9);
        }
        if (rev == 0) {
          s.close();
          timeOpen(p, "with saved index");
          Files.delete(p.resolveSibling(p.getFileName() + ".index"));
          timeOpen(p, "without index (full scan)");
          try (FileStorage again = FileStorage.open(p)) {
            again.close(); // saves the index again
          }
          try (FileStorage cont = FileStorage.open(p)) {
            writeRevisions(cont, leaves, revisions - 1);
            System.out.printf("wrote %d revisions of each object, file %,d MB, in %.1f s%n", revisions,
                Files.size(p) >> 20, (System.nanoTime() - start) / 1e9);
            System.gc();
            HeapSampler sampler = new HeapSampler();
            long packStart = System.nanoTime();
            cont.pack(cont.lastTransaction(), RecordEnvelope.REFERENCES);
            double secs = (System.nanoTime() - packStart) / 1e9;
            sampler.stop();
            System.out.printf("pack of %,d objects x %d revisions: %.1f s, file now %,d MB, heap used: peak %d MB"
                + " (sampled every 2 ms, garbage included), peak after a GC %d MB%n", objects, revisions, secs,
                Files.size(p) >> 20, sampler.peak >> 20, sampler.peakAfterGc() >> 20);
            cont.load(leaves[buckets - 1][perBucket - 1]);
          }
          break;
        }
      }
    }
    delete(p);
  }

  private static void writeRevisions(FileStorage s, long[][] leaves, int more) {
    for (int rev = 0; rev < more; rev++) {
      for (long[] bucket : leaves) {
        TransactionMetadata txn = TransactionMetadata.of("bench", "rev " + (rev + 1));
        s.tpcBegin(txn);
        for (long oid : bucket) {
          s.store(oid, s.load(oid).serial(), RecordEnvelope.wrap(new long[0], new byte[SMALL - 8]), txn);
        }
        s.tpcVote(txn);
        s.tpcFinish(txn);
      }
    }
  }

  private static void timeOpen(Path p, String how) {
    System.gc();
    long start = System.nanoTime();
    try (FileStorage s = FileStorage.builder(p).readOnly(true).open()) {
      double ms = (System.nanoTime() - start) / 1e6;
      System.out.printf("open %s: %.0f ms (%,d bytes)%n", how, ms, s.size());
    }
  }

  /** Samples heap use while a pack runs; also the largest heap left after a collection. */
  private static final class HeapSampler {
    volatile long peak;
    private volatile boolean running = true;
    private final Thread thread;

    HeapSampler() {
      for (MemoryPoolMXBean m : ManagementFactory.getMemoryPoolMXBeans()) {
        m.resetPeakUsage();
      }
      thread = new Thread(() -> {
        while (running) {
          peak = Math.max(peak, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
          try {
            Thread.sleep(2);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      thread.setDaemon(true);
      thread.start();
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join();
    }

    /** The old generation's peak use after collections: live data plus promoted garbage. */
    long peakAfterGc() {
      long max = 0;
      for (MemoryPoolMXBean m : ManagementFactory.getMemoryPoolMXBeans()) {
        if (m.getType() == MemoryType.HEAP && m.getCollectionUsage() != null) {
          max += m.getCollectionUsage().getUsed();
        }
      }
      return max;
    }
  }

  private static double report(String what, long[] nanos) {
    long[] t = nanos.clone();
    Arrays.sort(t);
    System.out.printf("%s: median %.3f ms, p99 %.3f ms (%d samples)%n", what, t[t.length / 2] / 1e6,
        t[t.length * 99 / 100] / 1e6, t.length);
    return t[t.length / 2];
  }

  private static void delete(Path p) throws IOException {
    try (Stream<Path> s = Files.list(p.getParent())) {
      for (Path f : (Iterable<Path>) s.filter(x -> x.getFileName().toString().startsWith(p.getFileName().toString()))
          .sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(f);
      }
    }
  }
}
