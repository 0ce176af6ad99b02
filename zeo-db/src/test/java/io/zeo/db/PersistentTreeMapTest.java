package io.zeo.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The B-tree against java.util.TreeMap under seeded random inserts and deletes. */
class PersistentTreeMapTest {
  private static final String KINDS = "io.zeo.db.StorageKind#all";

  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void randomInsertsAndDeletesMatchTreeMapAcrossCommitsAndReloads(StorageKind kind) {
    long seed = 20261125L;
    Random random = new Random(seed);
    TreeMap<Integer, String> expected = new TreeMap<>();
    try (Fixture f = new Fixture(kind, dir)) {
      try (Connection c = f.db().open()) {
        c.setCacheTargetSize(50); // keep evicting buckets so they reload from storage
        c.root().put("tree", new PersistentTreeMap<Integer, String>());
        c.commit();
        // grow with inserts mostly, then shrink with deletes mostly (empties and unlinks buckets)
        runPhase(c, random, expected, 30_000, 0.75, 20_000, seed);
        runPhase(c, random, expected, 40_000, 0.10, 20_000, seed);
      }
      try (Connection c = f.otherDb().open()) {
        PersistentTreeMap<Integer, String> tree = tree(c);
        tree.check();
        assertThat(new ArrayList<>(tree.entrySet())).as("seed %d", seed)
            .containsExactlyElementsOf(expected.entrySet());
      }
    }
  }

  private void runPhase(Connection c, Random random, TreeMap<Integer, String> expected, int ops,
      double insertShare, int keySpace, long seed) {
    for (int op = 1; op <= ops; op++) {
      PersistentTreeMap<Integer, String> tree = tree(c);
      int key = random.nextInt(keySpace);
      if (random.nextDouble() < insertShare) {
        String value = "v" + op;
        assertThat(tree.put(key, value)).isEqualTo(expected.put(key, value));
      } else {
        assertThat(tree.remove(key)).isEqualTo(expected.remove(key));
      }
      if (op % 2_000 == 0) {
        c.commit();
        tree = tree(c);
        tree.check();
        assertThat(tree.size()).isEqualTo(expected.size());
        assertThat(new ArrayList<>(tree.entrySet())).as("seed %d op %d", seed, op)
            .containsExactlyElementsOf(expected.entrySet());
        int from = random.nextInt(keySpace);
        int to = from + random.nextInt(2_000);
        List<Map.Entry<Integer, String>> range = new ArrayList<>();
        tree.range(from, to).forEach(range::add);
        assertThat(range).containsExactlyElementsOf(expected.subMap(from, to).entrySet());
        if (!expected.isEmpty()) {
          assertThat(tree.firstKey()).isEqualTo(expected.firstKey());
          assertThat(tree.lastKey()).isEqualTo(expected.lastKey());
        }
      }
    }
    c.commit();
  }

  @SuppressWarnings("unchecked")
  private static PersistentTreeMap<Integer, String> tree(Connection c) {
    return (PersistentTreeMap<Integer, String>) c.root().get("tree");
  }

  @Test
  void worksAsAPlainInMemoryMapBeforeItIsStored() {
    PersistentTreeMap<String, Integer> tree = new PersistentTreeMap<>();
    TreeMap<String, Integer> expected = new TreeMap<>();
    Random random = new Random(7);
    for (int i = 0; i < 5_000; i++) {
      String k = Integer.toString(random.nextInt(3_000), 36);
      tree.put(k, i);
      expected.put(k, i);
    }
    tree.check();
    assertThat(tree).isEqualTo(expected);
    Iterator<Map.Entry<String, Integer>> it = tree.entrySet().iterator();
    while (it.hasNext()) {
      if (it.next().getValue() % 3 == 0) {
        it.remove();
      }
    }
    expected.values().removeIf(v -> v % 3 == 0);
    tree.check();
    assertThat(new ArrayList<>(tree.entrySet())).containsExactlyElementsOf(expected.entrySet());
    tree.clear();
    assertThat(tree).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void changingOneKeyOfALargeTreeWritesFewSmallRecords(StorageKind kind) {
    try (Fixture f = new Fixture(kind, dir)) {
      f.db().transact(c -> {
        PersistentTreeMap<Integer, Integer> tree = new PersistentTreeMap<>();
        for (int i = 0; i < 50_000; i++) {
          tree.put(i, i);
        }
        c.root().put("tree", tree);
      });
      long before = f.storage.lastTransaction();
      f.db().transact(c -> tree(c).remove(12_345));
      try (var it = f.storage.iterator(before + 1, -1L)) {
        var txn = it.next();
        // the bucket and the size counter: no inner node, no other bucket
        assertThat(txn.records()).hasSize(2);
        assertThat(txn.records()).allSatisfy(r -> assertThat(r.data().length).isLessThan(2_000));
      }
    }
  }
}
