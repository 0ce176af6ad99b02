package io.zeo.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeo.db.internal.TreeBucket;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ZODB's BTrees bucket merge rules, on states directly. */
class TreeBucketMergeTest {
  private static final PersistentRef NEXT = new PersistentRef(42, TreeBucket.class.getName());

  private static ObjectState bucket(PersistentRef next, Object... keyValue) {
    Object[] keys = new Object[keyValue.length / 2];
    Object[] values = new Object[keyValue.length / 2];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = keyValue[2 * i];
      values[i] = keyValue[2 * i + 1];
    }
    return ObjectState.of(TreeBucket.class.getName(), Map.of("keys", keys, "values", values))
        .with("next", next);
  }

  private static ObjectState merge(ObjectState o, ObjectState c, ObjectState m) {
    return new TreeBucket().resolveConflict(o, c, m);
  }

  private static final ObjectState ORIGINAL = bucket(NEXT, 10, "a", 20, "b", 30, "c");

  @Test
  void insertsDeletesAndChangesOfDifferentKeysMerge() {
    ObjectState committed = bucket(NEXT, 10, "a", 15, "new", 20, "B", 30, "c");
    ObjectState mine = bucket(NEXT, 10, "a", 20, "b", 25, "mine", 40, "end");
    ObjectState merged = merge(ORIGINAL, committed, mine);
    assertThat(Arrays.asList((Object[]) merged.get("keys"))).containsExactly(10, 15, 20, 25, 40);
    assertThat(Arrays.asList((Object[]) merged.get("values"))).containsExactly("a", "new", "B", "mine", "end");
    assertThat(merged.get("next")).isEqualTo(NEXT);
  }

  @Test
  void conflictingChangesFail() {
    // both insert the same key, even with the same value
    assertFails(bucket(NEXT, 10, "a", 15, "x", 20, "b", 30, "c"), bucket(NEXT, 10, "a", 15, "x", 20, "b", 30, "c"));
    // both change the same key (even to the same value)
    assertFails(bucket(NEXT, 10, "a", 20, "X", 30, "c"), bucket(NEXT, 10, "a", 20, "X", 30, "c"));
    // one changes, the other deletes
    assertFails(bucket(NEXT, 10, "a", 20, "X", 30, "c"), bucket(NEXT, 10, "a", 30, "c"));
    // both delete the same key
    assertFails(bucket(NEXT, 10, "a", 30, "c"), bucket(NEXT, 10, "a", 30, "c"));
    // deleting the bucket's first key
    assertFails(bucket(NEXT, 20, "b", 30, "c"), bucket(NEXT, 10, "a", 20, "b", 30, "c", 35, "d"));
    // either side emptied the bucket
    assertFails(bucket(NEXT), bucket(NEXT, 10, "a", 20, "b", 30, "c", 35, "d"));
    // the merge would empty it
    assertFails(bucket(NEXT, 20, "b", 30, "c"), bucket(NEXT, 10, "a"));
    // the next link changed: a split or a removed neighbour
    assertFails(bucket(null, 10, "a", 20, "b"), bucket(NEXT, 10, "a", 20, "b", 30, "c", 35, "d"));
  }

  private static void assertFails(ObjectState committed, ObjectState mine) {
    assertThatThrownBy(() -> merge(ORIGINAL, committed, mine)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> merge(ORIGINAL, mine, committed)).isInstanceOf(IllegalStateException.class);
  }
}
