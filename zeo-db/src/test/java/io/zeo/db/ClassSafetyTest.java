package io.zeo.db;

import static io.zeo.db.Records.fields;
import static io.zeo.db.Records.record;
import static io.zeo.db.Records.storeNew;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeo.db.evil.EvilValue;
import io.zeo.db.evil.Tripwire;
import io.zeo.db.model.Evolved;
import io.zeo.db.model.Item;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The class allow-list, aliases for renamed classes, and reading records of older class versions. */
class ClassSafetyTest {
  private static final String KINDS = "io.zeo.db.StorageKind#all";
  private static final String GADGET = "io.zeo.db.evil.Gadget";

  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void aRecordOfADisallowedPersistentClassFailsWithoutRunningAnyOfItsCode(StorageKind kind) {
    try (Fixture f = new Fixture(kind, dir)) {
      long oid = storeNew(f.storage, record(GADGET, fields("payload", "boom")));
      try (Connection c = f.db().open()) {
        assertThatThrownBy(() -> c.get(oid)).isInstanceOf(ClassNotAllowedException.class)
            .hasMessageContaining(GADGET).hasMessageContaining("allowPackage(\"io.zeo.db.evil\")");
      }
      assertThat(Tripwire.staticInitRan).isFalse();
      assertThat(Tripwire.constructorRan).isFalse();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void aReferenceToADisallowedClassFailsWhenTheReferrerLoads(StorageKind kind) {
    try (Fixture f = new Fixture(kind, dir)) {
      long gadget = storeNew(f.storage, record(GADGET, fields("payload", "boom")));
      long item = storeNew(f.storage, record(Item.class.getName(),
          fields("name", "innocent", "count", 0, "link", new PersistentRef(gadget, GADGET))));
      try (Connection c = f.db().open()) {
        assertThatThrownBy(() -> c.get(item)).isInstanceOf(ClassNotAllowedException.class)
            .hasMessageContaining(GADGET);
      }
      assertThat(Tripwire.staticInitRan).isFalse();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void aDisallowedValueClassIsNeverDeserialized(StorageKind kind) {
    try (Fixture f = new Fixture(kind, dir)) {
      DB permissive = f.otherDb(b -> b.allowPackage("io.zeo.db.evil"));
      permissive.transact(c -> c.root().put("value", new EvilValue("rm -rf")));
      Tripwire.readObjectRan = false;
      Fixture.awaitSeen(f.db(), permissive);
      try (Connection c = f.db().open()) {
        assertThatThrownBy(() -> c.root().get("value")).isInstanceOf(ClassNotAllowedException.class)
            .hasMessageContaining("io.zeo.db.evil.EvilValue");
      }
      assertThat(Tripwire.readObjectRan).isFalse();
      // the same record loads where the class is allowed, and then its readObject does run
      try (Connection c = permissive.open()) {
        c.cacheMinimize();
        assertThat(((EvilValue) c.root().get("value")).command()).isEqualTo("rm -rf");
      }
      assertThat(Tripwire.readObjectRan).isTrue();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void storingADisallowedValueClassFailsAtCommit(StorageKind kind) {
    try (Fixture f = new Fixture(kind, dir); Connection c = f.db().open()) {
      c.root().put("value", new EvilValue("x"));
      assertThatThrownBy(c::commit).isInstanceOf(ClassNotAllowedException.class)
          .hasMessageContaining("io.zeo.db.evil.EvilValue");
      assertThat(c.root()).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void storingAPersistentObjectOfADisallowedClassFailsAtCommit(StorageKind kind) {
    try (Fixture f = new Fixture(kind, dir); Connection c = f.db().open()) {
      c.root().put("unlisted", new io.zeo.db.evil.Unlisted());
      assertThatThrownBy(c::commit).isInstanceOf(ClassNotAllowedException.class)
          .hasMessageContaining("io.zeo.db.evil.Unlisted");
      io.zeo.db.evil.Unlisted direct = new io.zeo.db.evil.Unlisted();
      c.add(direct);
      assertThatThrownBy(c::commit).isInstanceOf(ClassNotAllowedException.class);
      assertThat(direct.persistentState()).isEqualTo(PersistentState.UNSAVED);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void anAliasReadsRecordsOfARenamedClass(StorageKind kind) {
    try (Fixture f = new Fixture(kind, dir)) {
      long oid = storeNew(f.storage, record("com.example.legacy.OldItem",
          fields("name", "from the old days", "count", 7)));
      try (Connection c = f.db().open()) {
        assertThatThrownBy(() -> c.get(oid)).isInstanceOf(ClassNotAllowedException.class)
            .hasMessageContaining("com.example.legacy.OldItem");
      }
      DB renamed = f.otherDb(b -> b.alias("com.example.legacy.OldItem", Item.class.getName()));
      try (Connection c = renamed.open()) {
        Item item = (Item) c.get(oid);
        assertThat(item.name()).isEqualTo("from the old days");
        assertThat(item.count()).isEqualTo(7);
        item.setCount(8);
        c.commit();
      }
      // written back under the new name
      Fixture.awaitSeen(f.db(), renamed);
      assertThat(io.zeo.db.internal.RecordCodec.className(f.storage.load(oid).data()))
          .isEqualTo(Item.class.getName());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void recordsWrittenBeforeFieldsWereAddedOrRemovedStayReadable(StorageKind kind) {
    try (Fixture f = new Fixture(kind, dir)) {
      long oid = storeNew(f.storage, record(Evolved.class.getName(),
          fields("title", "v1 record", "obsoleteField", "dropped since")));
      try (Connection c = f.db().open()) {
        Evolved e = (Evolved) c.get(oid);
        assertThat(e.title()).isEqualTo("v1 record");
        assertThat(e.tags()).isEmpty(); // filled in by stateLoaded()
        assertThat(e.version()).isZero();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void aFieldWhoseTypeChangedIncompatiblyIsReportedByName(StorageKind kind) {
    try (Fixture f = new Fixture(kind, dir)) {
      long oid = storeNew(f.storage, record(Item.class.getName(), fields("name", "x", "count", "not a number")));
      try (Connection c = f.db().open()) {
        assertThatThrownBy(() -> c.get(oid)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("field count of " + Item.class.getName());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(KINDS)
  void jdkValueTypesAndRecordsRoundTrip(StorageKind kind) {
    try (Fixture f = new Fixture(kind, dir)) {
      List<Object> values = List.of(java.time.Instant.parse("2026-11-25T12:00:00Z"),
          new java.math.BigDecimal("12.50"), java.util.UUID.fromString("00000000-0000-0000-0000-000000000001"),
          new java.util.TreeMap<>(java.util.Map.of("a", 1)), new io.zeo.db.model.Note("hi", 2),
          new int[] {1, 2, 3}.length, List.of("immutable", "list"));
      f.db().transact(c -> c.root().put("values", new java.util.ArrayList<>(values)));
      try (Connection c = f.otherDb().open()) {
        @SuppressWarnings("unchecked")
        List<Object> read = (List<Object>) c.root().get("values");
        assertThat(read).containsExactlyElementsOf(values);
      }
    }
  }
}
