package io.zeo.db;

import io.zeo.core.MemoryStorage;
import java.util.Map;
import java.util.Random;

/**
 * Builds a large tree in batches in a small heap and verifies it; run in a child JVM by
 * {@link BigTreeTest}. Arguments: entries, batch size. Prints one line starting with "OK".
 */
public final class BigTreeBuild {
  private BigTreeBuild() {}

  public static void main(String[] args) {
    int entries = Integer.parseInt(args[0]);
    int batch = Integer.parseInt(args[1]);
    long t0 = System.nanoTime();
    try (DB db = DB.builder(MemoryStorage.create()).cacheSize(2_000).open()) {
      db.transact(c -> c.root().put("tree", new PersistentTreeMap<Integer, String>()));
      for (int start = 0; start < entries; start += batch) {
        int from = start;
        int to = Math.min(entries, start + batch);
        db.transact(c -> {
          @SuppressWarnings("unchecked")
          PersistentTreeMap<Integer, String> tree = (PersistentTreeMap<Integer, String>) c.root().get("tree");
          for (int i = from; i < to; i++) {
            tree.put(i, "value-" + i);
          }
        });
      }
      long built = System.nanoTime();
      try (Connection c = db.open()) {
        c.cacheMinimize();
        @SuppressWarnings("unchecked")
        PersistentTreeMap<Integer, String> tree = (PersistentTreeMap<Integer, String>) c.root().get("tree");
        if (tree.longSize() != entries) {
          throw new AssertionError("size " + tree.longSize() + " != " + entries);
        }
        tree.check();
        long expected = 0;
        for (Map.Entry<Integer, String> e : tree.entrySet()) {
          if (e.getKey() != expected || !e.getValue().equals("value-" + expected)) {
            throw new AssertionError("entry " + e + " where key " + expected + " was expected");
          }
          if (++expected % 10_000 == 0) {
            c.cacheGc();
          }
        }
        if (expected != entries) {
          throw new AssertionError("iterated " + expected + " entries of " + entries);
        }
        Random random = new Random(1);
        for (int i = 0; i < 1_000; i++) {
          int k = random.nextInt(entries);
          if (!tree.get(k).equals("value-" + k)) {
            throw new AssertionError("get(" + k + ")");
          }
        }
      }
      long done = System.nanoTime();
      Runtime rt = Runtime.getRuntime();
      System.out.printf("OK entries=%d build=%.1fs verify=%.1fs maxHeap=%dMB%n", entries,
          (built - t0) / 1e9, (done - built) / 1e9, rt.maxMemory() >> 20);
    }
  }
}
