package io.zeo.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeo.db.model.Item;
import io.zeo.spi.ConflictError;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Conflicts merged by the classes' rules, through the storage's resolver, between two processes. */
class ConflictResolutionTest {
  private static final String KINDS = "io.zeo.db.StorageKind#all";

  @TempDir
  Path dir;

  @SuppressWarnings("unchecked")
  private static PersistentTreeMap<Integer, String> tree(Connection c) {
    return (PersistentTreeMap<Integer, String>) c.root().get("tree");
  }

  /** Two connections in two "processes" that both loaded a tree of keys 0, 10, ..., 90. */
  private static Connection[] twoWritersOnATree(Fixture f) {
    f.db().transact(c -> {
      PersistentTreeMap<Integer, String> t = new PersistentTreeMap<>();
      for (int i = 0; i < 100; i += 10) {
        t.put(i, "v" + i);
      }
      c.root().put("tree", t);
    });
    Connection a = f.db().open();
    Connection b = f.otherDb().open();
    tree(a).get(0);
    tree(b).get(0);
    return new Connection[] {a, b};
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void insertsOfDifferentKeysIntoOneBucketMerge(StorageKind kind) {
    try (Fixture f = new Fixture(kind, dir)) {
      Connection[] ab = twoWritersOnATree(f);
      tree(ab[0]).put(15, "a");
      tree(ab[1]).put(55, "b");
      tree(ab[1]).put(30, "changed by b");
      tree(ab[1]).remove(70);
      ab[0].commit();
      ab[1].commit(); // would conflict on the bucket and the size counter: both merge
      Fixture.awaitSeen(ab[0].db(), ab[1].db());
      for (Connection c : ab) {
        c.begin();
        PersistentTreeMap<Integer, String> t = tree(c);
        t.check();
        assertThat(t.keySet()).containsExactly(0, 10, 15, 20, 30, 40, 50, 55, 60, 80, 90);
        assertThat(t.get(30)).isEqualTo("changed by b");
        assertThat(t.size()).isEqualTo(11);
        c.close();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void conflictingChangesToOneBucketFail(StorageKind kind) {
    String[][] cases = {{"insert same key", "insert same key"}, {"change 30", "change 30"},
        {"change 30", "delete 30"}, {"delete 30", "delete 30"}, {"split", "insert other key"}};
    for (String[] scenario : cases) {
      try (Fixture f = new Fixture(kind, dir.resolve(scenario[0] + scenario[1]))) {
        Connection[] ab = twoWritersOnATree(f);
        apply(tree(ab[0]), scenario[0], "a");
        apply(tree(ab[1]), scenario[1], "b");
        ab[0].commit();
        assertThatThrownBy(ab[1]::commit).as(String.join(" vs ", scenario)).isInstanceOf(ConflictError.class);
        ab[0].close();
        ab[1].close();
      }
    }
  }

  private static void apply(PersistentTreeMap<Integer, String> t, String what, String who) {
    switch (what) {
      case "insert same key" -> t.put(25, who);
      case "insert other key" -> t.put(85, who);
      case "change 30" -> t.put(30, who);
      case "delete 30" -> t.remove(30);
      case "split" -> {
        for (int i = 1000; i < 1000 + PersistentTreeMap.BUCKET_SIZE; i++) {
          t.put(i, who);
        }
      }
      default -> throw new IllegalArgumentException(what);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void concurrentWritersOfDistinctKeysAllLand(StorageKind kind) throws Exception {
    try (Fixture f = new Fixture(kind, dir)) {
      f.db().transact(c -> c.root().put("tree", new PersistentTreeMap<Integer, String>()));
      List<DB> processes = List.of(f.db(), f.otherDb(b -> b.attempts(200).backoff(Duration.ofMillis(1), Duration.ofMillis(10))));
      int threads = 4;
      int each = 40;
      Concurrently.run(threads, id -> {
        DB db = processes.get(id % 2);
        for (int i = 0; i < each; i++) {
          int key = i * threads + id;
          db.transact(c -> tree(c).put(key, "t" + id));
        }
      });
      try (Connection c = f.otherDb().open()) {
        PersistentTreeMap<Integer, String> t = tree(c);
        t.check();
        assertThat(t.size()).isEqualTo(threads * each);
        assertThat(new ArrayList<>(t.keySet())).isEqualTo(java.util.stream.IntStream.range(0, threads * each).boxed().toList());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void counterIncrementsFromTwoProcessesBothCount(StorageKind kind) throws Exception {
    try (Fixture f = new Fixture(kind, dir)) {
      f.db().transact(c -> c.root().put("hits", new Counter(10)));
      try (Connection a = f.db().open(); Connection b = f.otherDb().open()) {
        ((Counter) a.root().get("hits")).add(1);
        ((Counter) b.root().get("hits")).add(5);
        a.commit();
        b.commit();
        Counter seenByB = (Counter) b.root().get("hits");
        assertThat(seenByB.persistentState()).isEqualTo(PersistentState.GHOST); // merged data differs from b's
        assertThat(seenByB.get()).isEqualTo(16);
        Fixture.awaitSeen(a.db(), b.db());
        a.begin();
        assertThat(((Counter) a.root().get("hits")).get()).isEqualTo(16);
      }
      DB other = f.otherDb(b -> b.attempts(3));
      List<DB> dbs = List.of(f.db(), other);
      // counters never conflict for good, so few attempts suffice
      Concurrently.run(4, t -> {
        for (int i = 0; i < 50; i++) {
          dbs.get(t % 2).transact(c -> ((Counter) c.root().get("hits")).increment());
        }
      });
      Fixture.awaitSeen(other, f.db()); // client storages hear of each other's commits asynchronously
      long total = other.transactAndGet(c -> ((Counter) c.root().get("hits")).get());
      assertThat(total).isEqualTo(216);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void objectsWithoutMergeRulesStillConflict(StorageKind kind) {
    try (Fixture f = new Fixture(kind, dir)) {
      f.db().transact(c -> c.root().put("x", new Item("x")));
      try (Connection a = f.db().open(); Connection b = f.otherDb().open()) {
        ((Item) a.root().get("x")).setCount(1);
        ((Item) b.root().get("x")).setName("other field, still a conflict");
        a.commit();
        assertThatThrownBy(b::commit).isInstanceOf(ConflictError.class);
      }
    }
  }
}
