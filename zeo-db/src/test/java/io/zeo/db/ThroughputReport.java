package io.zeo.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeo.db.model.Item;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One-run figures for the closing note, not a benchmark (those live in zeo-bench):
 * objects/s to create and commit 100,000 small objects (1,000 per transaction), and to load
 * them cold through a second database with an empty cache. Runs only with -Dzeo.bench=true.
 */
class ThroughputReport {
  private static final int OBJECTS = 100_000;
  private static final int PER_TXN = 1_000;

  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.zeo.db.StorageKind#withSockets")
  void createCommitAndColdLoad(StorageKind kind) {
    Assumptions.assumeTrue(Boolean.getBoolean("zeo.bench"), "set -Dzeo.bench=true to run");
    try (Fixture f = new Fixture(kind, dir)) {
      f.db().transact(c -> c.root().put("batches", new PersistentTreeMap<Integer, PersistentList<Item>>()));
      java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
      long c0 = cpu.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      for (int b = 0; b < OBJECTS / PER_TXN; b++) {
        int batch = b;
        f.db().transact(c -> {
          PersistentList<Item> items = new PersistentList<>();
          for (int i = 0; i < PER_TXN; i++) {
            Item item = new Item("item number " + (batch * PER_TXN + i));
            item.setCount(i);
            items.add(item);
          }
          batches(c).put(batch, items);
        });
      }
      long t1 = System.nanoTime();
      long c1 = cpu.getCurrentThreadCpuTime();
      DB cold = f.otherDb(bld -> bld.cacheSize(OBJECTS + 1_000));
      long t2 = System.nanoTime();
      long c2 = cpu.getCurrentThreadCpuTime();
      long loaded = cold.transactAndGet(c -> {
        long n = 0;
        for (List<Item> items : batches(c).values()) {
          for (Item item : items) {
            n += item.name().isEmpty() ? 0 : 1;
          }
        }
        return n;
      });
      long t3 = System.nanoTime();
      long c3 = cpu.getCurrentThreadCpuTime();
      assertThat(loaded).isEqualTo(OBJECTS);
      // Per CPU-second of the calling thread too: the wall-clock rate depends on the machine's load.
      System.out.printf("%s: create+commit %,.0f objects/s (%,.0f per thread CPU-s), cold load %,.0f"
          + " objects/s (%,.0f per thread CPU-s), load average %.1f%n", kind,
          OBJECTS / ((t1 - t0) / 1e9), OBJECTS / ((c1 - c0) / 1e9), OBJECTS / ((t3 - t2) / 1e9),
          OBJECTS / ((c3 - c2) / 1e9),
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  @SuppressWarnings("unchecked")
  private static PersistentTreeMap<Integer, PersistentList<Item>> batches(Connection c) {
    return (PersistentTreeMap<Integer, PersistentList<Item>>) c.root().get("batches");
  }
}
