package io.zeo.cache.internal;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * An open-addressing hash map from {@code long} to objects, without boxing: the cache's index
 * holds a million oids, and a boxed map would cost a hit an allocation and the heap twice the
 * memory. Linear probing with backward-shift deletion. Not thread-safe.
 *
 * @param <V> value type
 */
final class LongMap<V> {
  private static final float LOAD = 0.6f;
  private long[] keys;
  private Object[] values;
  private int mask;
  private int size;
  private boolean hasZero;
  private Object zeroValue;

  LongMap(int expected) {
    int cap = Integer.highestOneBit(Math.max(16, (int) (expected / LOAD) + 1) - 1) << 1;
    keys = new long[cap];
    values = new Object[cap];
    mask = cap - 1;
  }

  int size() {
    return size + (hasZero ? 1 : 0);
  }

  private int slot(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }

  @SuppressWarnings("unchecked")
  V get(long key) {
    if (key == 0) {
      return (V) zeroValue;
    }
    for (int i = slot(key); ; i = (i + 1) & mask) {
      long k = keys[i];
      if (k == key) {
        return (V) values[i];
      }
      if (k == 0) {
        return null;
      }
    }
  }

  void put(long key, V value) {
    if (key == 0) {
      hasZero = true;
      zeroValue = value;
      return;
    }
    int i = slot(key);
    for (; keys[i] != 0; i = (i + 1) & mask) {
      if (keys[i] == key) {
        values[i] = value;
        return;
      }
    }
    keys[i] = key;
    values[i] = value;
    if (++size > keys.length * LOAD) {
      grow();
    }
  }

  void remove(long key) {
    if (key == 0) {
      hasZero = false;
      zeroValue = null;
      return;
    }
    int i = slot(key);
    while (keys[i] != key) {
      if (keys[i] == 0) {
        return;
      }
      i = (i + 1) & mask;
    }
    size--;
    // Shift back the entries of the probe run so lookups never stop at the hole.
    for (int gap = i, j = (i + 1) & mask; ; j = (j + 1) & mask) {
      long k = keys[j];
      if (k == 0) {
        keys[gap] = 0;
        values[gap] = null;
        return;
      }
      int home = slot(k);
      boolean movable = gap <= j ? (home <= gap || home > j) : (home <= gap && home > j);
      if (movable) {
        keys[gap] = k;
        values[gap] = values[j];
        gap = j;
      }
    }
  }

  void clear() {
    Arrays.fill(keys, 0);
    Arrays.fill(values, null);
    size = 0;
    hasZero = false;
    zeroValue = null;
  }

  @SuppressWarnings("unchecked")
  void forEachValue(Consumer<V> action) {
    if (hasZero) {
      action.accept((V) zeroValue);
    }
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != 0) {
        action.accept((V) values[i]);
      }
    }
  }

  /** Makes room for {@code expected} keys at once, sparing the rehashes of growing step by step. */
  void ensureCapacity(int expected) {
    while (expected > keys.length * LOAD) {
      grow();
    }
  }

  private void grow() {
    long[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new Object[oldKeys.length * 2];
    mask = keys.length - 1;
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != 0) {
        int j = slot(oldKeys[i]);
        while (keys[j] != 0) {
          j = (j + 1) & mask;
        }
        keys[j] = oldKeys[i];
        values[j] = oldValues[i];
        size++;
      }
    }
  }
}
