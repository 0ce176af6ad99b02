package io.zeo.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeo.db.model.Item;
import io.zeo.db.model.Note;
import io.zeo.spi.Oid;
import io.zeo.spi.ReadConflictError;
import io.zeo.spi.RecordEnvelope;
import io.zeo.spi.Tid;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Identity, ghosts, reachability, isolation, invalidation, cache and pool, over every storage kind. */
class ConnectionTest {
  private static final String KINDS = "io.zeo.db.StorageKind#all";

  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void rootExistsAndIsAnEmptyMapInANewDatabase(StorageKind kind) {
    try (Fixture f = new Fixture(kind, dir); Connection c = f.db().open()) {
      assertThat(c.root()).isEmpty();
      assertThat(c.root().persistentOid()).isEqualTo(Oid.ROOT);
      assertThat(c.root().persistentState()).isEqualTo(PersistentState.SAVED);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void identityIsPreservedWithinAConnection(StorageKind kind) {
    try (Fixture f = new Fixture(kind, dir)) {
      f.db().transact(c -> {
        Item shared = new Item("shared");
        Item a = new Item("a");
        Item b = new Item("b");
        a.setLink(shared);
        b.setLink(shared);
        c.root().put("a", a);
        c.root().put("b", b);
      });
      try (Connection c = f.db().open()) {
        Item a = (Item) c.root().get("a");
        Item b = (Item) c.root().get("b");
        assertThat(a.link()).isSameAs(b.link());
        assertThat(c.get(a.persistentOid())).isSameAs(a);
        c.cacheMinimize();
        c.begin();
        assertThat(c.root().get("a")).isSameAs(a); // a ghost now, but the same instance
        assertThat(a.link().name()).isEqualTo("shared");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void ghostsLoadOnFirstAccessAndDeactivateReleasesState(StorageKind kind) {
    try (Fixture f = new Fixture(kind, dir)) {
      f.db().transact(c -> c.root().put("item", new Item("hello")));
      try (Connection c = f.db().open()) {
        Item item = (Item) c.root().get("item");
        assertThat(item.name()).isEqualTo("hello");
        assertThat(item.persistentState()).isEqualTo(PersistentState.SAVED);
        assertThat(item.persistentSerial()).isNotEqualTo(Tid.NONE);
        item.deactivate();
        assertThat(item.persistentState()).isEqualTo(PersistentState.GHOST);
        assertThat(item.rawName()).isNull();
        assertThat(item.name()).isEqualTo("hello");
        assertThat(item.persistentState()).isEqualTo(PersistentState.SAVED);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void objectsReachableFromStoredObjectsBecomePersistentAtCommit(StorageKind kind) {
    try (Fixture f = new Fixture(kind, dir)) {
      Item head = new Item("head");
      Item tail = new Item("tail");
      Item unreachable = new Item("nobody refers to me");
      head.setLink(tail);
      PersistentList<Object> list = new PersistentList<>(List.of(new Note("x", 1), tail));
      long tid;
      try (Connection c = f.db().open()) {
        c.root().put("head", head);
        c.root().put("list", list);
        assertThat(head.persistentState()).isEqualTo(PersistentState.UNSAVED);
        tid = c.commit();
      }
      assertThat(List.of(head, tail, list)).allSatisfy(p -> {
        assertThat(p.persistentState()).isIn(PersistentState.SAVED, PersistentState.GHOST);
        assertThat(p.persistentSerial()).isEqualTo(tid);
      });
      assertThat(unreachable.persistentState()).isEqualTo(PersistentState.UNSAVED);
      DB other = f.otherDb();
      try (Connection c = other.open()) {
        Item h = (Item) c.root().get("head");
        assertThat(h.link().name()).isEqualTo("tail");
        @SuppressWarnings("unchecked")
        List<Object> l = (List<Object>) c.root().get("list");
        assertThat(l.get(0)).isEqualTo(new Note("x", 1));
        assertThat(l.get(1)).isSameAs(h.link());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void recordsListTheirReferencesAndNeverInlineReferencedObjects(StorageKind kind) {
    try (Fixture f = new Fixture(kind, dir)) {
      Item inner = new Item("INNER-SECRET-STATE");
      f.db().transact(c -> {
        Item outer = new Item("outer");
        outer.setLink(inner);
        c.root().put("outer", outer);
      });
      try (Connection c = f.db().open()) {
        Item outer = (Item) c.root().get("outer");
        byte[] data = f.storage.load(outer.persistentOid()).data();
        assertThat(RecordEnvelope.referencesOf(data)).containsExactly(inner.persistentOid());
        assertThat(new String(data, StandardCharsets.ISO_8859_1)).doesNotContain("INNER-SECRET-STATE");
        byte[] root = f.storage.load(Oid.ROOT).data();
        assertThat(RecordEnvelope.referencesOf(root)).containsExactly(outer.persistentOid());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void aTransactionSeesOneSnapshotAndInvalidationsApplyAtTheNextBoundary(StorageKind kind) {
    try (Fixture f = new Fixture(kind, dir)) {
      f.db().transact(c -> {
        c.root().put("x", new Item("one"));
        c.root().put("y", new Item("one"));
      });
      Connection reader = f.db().open();
      Item x = (Item) reader.root().get("x");
      assertThat(x.name()).isEqualTo("one");

      DB other = f.otherDb();
      other.transact(c -> {
        ((Item) c.root().get("x")).setName("two");
        ((Item) c.root().get("y")).setName("two");
      });
      // Same transaction: x stays as loaded, and y (not loaded before) is read as of the snapshot.
      assertThat(x.name()).isEqualTo("one");
      assertThat(((Item) reader.root().get("y")).name()).isEqualTo("one");

      Fixture.awaitSeen(f.db(), other);
      reader.begin();
      assertThat(x.persistentState()).isEqualTo(PersistentState.GHOST);
      assertThat(x.name()).isEqualTo("two");
      assertThat(((Item) reader.root().get("y")).name()).isEqualTo("two");
      reader.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void twoConnectionsAreIsolatedUntilCommit(StorageKind kind) {
    try (Fixture f = new Fixture(kind, dir)) {
      f.db().transact(c -> c.root().put("x", new Item("start")));
      try (Connection a = f.db().open(); Connection b = f.db().open()) {
        Item xa = (Item) a.root().get("x");
        Item xb = (Item) b.root().get("x");
        assertThat(xa).isNotSameAs(xb);
        xa.setName("changed by a");
        assertThat(xb.name()).isEqualTo("start");
        a.commit();
        assertThat(xb.name()).isEqualTo("start");
        b.abort();
        assertThat(xb.name()).isEqualTo("changed by a");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void abortGhostsChangedObjectsAndUnsavesNewOnes(StorageKind kind) {
    try (Fixture f = new Fixture(kind, dir)) {
      f.db().transact(c -> c.root().put("x", new Item("kept")));
      try (Connection c = f.db().open()) {
        Item x = (Item) c.root().get("x");
        x.setName("discarded");
        Item fresh = new Item("fresh");
        c.add(fresh);
        assertThat(fresh.persistentState()).isEqualTo(PersistentState.NEW);
        assertThat(c.hasChanges()).isTrue();
        c.abort();
        assertThat(x.persistentState()).isEqualTo(PersistentState.GHOST);
        assertThat(x.name()).isEqualTo("kept");
        assertThat(fresh.persistentState()).isEqualTo(PersistentState.UNSAVED);
        assertThat(fresh.persistentOid()).isEqualTo(-1L);
        assertThat(fresh.name()).isEqualTo("fresh");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void cacheGhostsLeastRecentlyUsedUnchangedObjectsBeyondItsTarget(StorageKind kind) {
    try (Fixture f = new Fixture(kind, dir)) {
      f.db().transact(c -> {
        PersistentList<Item> items = new PersistentList<>();
        for (int i = 0; i < 100; i++) {
          items.add(new Item("item" + i));
        }
        c.root().put("items", items);
      });
      try (Connection c = f.db().open()) {
        c.setCacheTargetSize(20);
        @SuppressWarnings("unchecked")
        List<Item> items = (List<Item>) c.root().get("items");
        for (Item i : items) {
          i.name();
        }
        assertThat(c.cacheActiveCount()).isGreaterThan(100);
        List<Item> changed = new ArrayList<>(items.subList(0, 30));
        for (Item i : changed) {
          i.setCount(1);
        }
        c.cacheGc(); // mid-transaction: changed objects must stay
        assertThat(changed).allSatisfy(i -> assertThat(i.persistentState()).isEqualTo(PersistentState.CHANGED));
        assertThat(c.cacheActiveCount()).isEqualTo(30);
        c.commit();
        assertThat(c.cacheActiveCount()).isLessThanOrEqualTo(20);
        // the most recently used survive: the last changed ones
        assertThat(items.get(29).persistentState()).isEqualTo(PersistentState.SAVED);
        assertThat(items.get(0).persistentState()).isEqualTo(PersistentState.GHOST);
        assertThat(items.get(0).count()).isEqualTo(1);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void closingReturnsTheConnectionToThePoolWithItsCache(StorageKind kind) {
    try (Fixture f = new Fixture(kind, dir)) {
      f.db().transact(c -> c.root().put("x", new Item("x")));
      Connection first = f.db().open();
      Item x = (Item) first.root().get("x");
      first.close();
      assertThat(first.isClosed()).isTrue();
      assertThatThrownBy(first::root).isInstanceOf(IllegalStateException.class);
      Connection again = f.db().open();
      assertThat(again).isSameAs(first);
      assertThat(again.root().get("x")).isSameAs(x);
      x.setName("dirty");
      assertThatThrownBy(again::close).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("uncommitted");
      assertThat(again.isClosed()).isTrue();
      try (Connection c = f.db().open()) {
        assertThat(((Item) c.root().get("x")).name()).isEqualTo("x");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void readCurrentFailsTheCommitWhenTheObjectChangedMeanwhile(StorageKind kind) {
    try (Fixture f = new Fixture(kind, dir)) {
      f.db().transact(c -> {
        c.root().put("limit", new Item("limit"));
        c.root().put("out", new Item("out"));
      });
      try (Connection c = f.db().open()) {
        Item limit = (Item) c.root().get("limit");
        c.readCurrent(limit);
        ((Item) c.root().get("out")).setCount(limit.count() + 1);
        f.otherDb().transact(o -> ((Item) o.root().get("limit")).setCount(5));
        assertThatThrownBy(c::commit).isInstanceOf(ReadConflictError.class);
        assertThat(((Item) c.root().get("out")).count()).isZero();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void transactRetriesConflictingUnitsOfWorkUntilEachCounts(StorageKind kind) throws Exception {
    try (Fixture f = new Fixture(kind, dir)) {
      f.db().transact(c -> c.root().put("x", new Item("counter")));
      DB db = f.otherDb(b -> b.attempts(100).backoff(Duration.ofMillis(1), Duration.ofMillis(20)));
      int threads = 4;
      int each = 25;
      Concurrently.run(threads, t -> {
        for (int i = 0; i < each; i++) {
          db.transact(c -> {
            Item x = (Item) c.root().get("x");
            x.setCount(x.count() + 1);
          });
        }
      });
      int total = db.transactAndGet(c -> ((Item) c.root().get("x")).count());
      assertThat(total).isEqualTo(threads * each);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void anObjectOfOneConnectionCannotBeStoredThroughAnother(StorageKind kind) {
    try (Fixture f = new Fixture(kind, dir)) {
      f.db().transact(c -> c.root().put("x", new Item("x")));
      try (Connection a = f.db().open(); Connection b = f.db().open()) {
        Item x = (Item) a.root().get("x");
        b.root().put("alias", x);
        assertThatThrownBy(b::commit).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("another connection");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void packFindsReferencesThroughTheEnvelopesAndDropsUnreachableObjects(StorageKind kind) {
    try (Fixture f = new Fixture(kind, dir)) {
      f.db().transact(c -> {
        Item kept = new Item("kept");
        kept.setLink(new Item("kept too"));
        c.root().put("kept", kept);
        c.root().put("dropped", new Item("dropped"));
      });
      long[] oids = f.db().transactAndGet(c -> new long[] {
          ((Item) c.root().get("kept")).link().persistentOid(),
          ((Item) c.root().remove("dropped")).persistentOid()});
      f.db().pack(java.time.Instant.now().plusSeconds(1));
      // read through a fresh handle: a client's cache may keep packed-away revisions (as ZEO's does)
      io.zeo.spi.Storage probe = f.setup.another();
      assertThat(probe.load(oids[0]).data()).isNotEmpty();
      assertThatThrownBy(() -> probe.load(oids[1])).isInstanceOf(io.zeo.spi.POSKeyError.class);
    }
  }
}
