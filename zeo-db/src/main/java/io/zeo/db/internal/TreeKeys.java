package io.zeo.db.internal;

import java.util.Objects;

/** Key comparison for the B-tree: natural ordering, no nulls. */
public final class TreeKeys {
  private TreeKeys() {}

  /** Compares two keys by their natural ordering. */
  @SuppressWarnings("unchecked")
  public static int compare(Object a, Object b) {
    return ((Comparable<Object>) a).compareTo(b);
  }

  /** Checks that {@code key} can be a tree key. */
  public static Object check(Object key) {
    Objects.requireNonNull(key, "PersistentTreeMap keys must not be null");
    if (!(key instanceof Comparable)) {
      throw new ClassCastException("PersistentTreeMap keys must be Comparable, got a " + key.getClass().getName());
    }
    return key;
  }

  /** Index of {@code key} in sorted {@code keys[0..n)}, or {@code -(insertion point) - 1}. */
  public static int search(Object[] keys, int n, Object key) {
    int lo = 0;
    int hi = n - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = compare(keys[mid], key);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -(lo + 1);
  }
}
