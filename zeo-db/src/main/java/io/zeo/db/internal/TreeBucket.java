package io.zeo.db.internal;

import io.zeo.db.ConflictResolvable;
import io.zeo.db.ObjectState;
import io.zeo.db.Persistent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A leaf of {@link io.zeo.db.PersistentTreeMap}: a sorted run of keys and their values, linked to
 * the next bucket for iteration. Its own record, so a change to one key writes one small record.
 * Arrays are replaced, never changed in place, so an iterator holding them stays consistent.
 *
 * <p>Concurrent changes merge with ZODB's BTrees bucket rules ({@link #resolveConflict}).
 */
public final class TreeBucket extends Persistent implements ConflictResolvable {
  /** Returned by {@link #put} and {@link #remove} when the key was not there. */
  public static final Object ABSENT = new Object();
  private static final Object[] EMPTY = {};

  private Object[] keys = EMPTY;
  private Object[] values = EMPTY;
  private TreeBucket next;

  public TreeBucket() {}

  private TreeBucket(Object[] keys, Object[] values, TreeBucket next) {
    this.keys = keys;
    this.values = values;
    this.next = next;
  }

  public int size() {
    readAccess();
    return keys.length;
  }

  public Object key(int i) {
    readAccess();
    return keys[i];
  }

  public Object value(int i) {
    readAccess();
    return values[i];
  }

  public TreeBucket next() {
    readAccess();
    return next;
  }

  /** Index of {@code key}, or {@code -(insertion point) - 1}. */
  public int search(Object key) {
    readAccess();
    return TreeKeys.search(keys, keys.length, key);
  }

  /** The value for {@code key}, or {@link #ABSENT}. */
  public Object get(Object key) {
    int i = search(key);
    return i >= 0 ? values[i] : ABSENT;
  }

  /** Sets {@code key} to {@code value}; returns the old value or {@link #ABSENT} if inserted. */
  public Object put(Object key, Object value) {
    int i = search(key);
    if (i >= 0) {
      Object old = values[i];
      if (old != value) {
        writeAccess();
        Object[] v = values.clone();
        v[i] = value;
        values = v;
      }
      return old;
    }
    writeAccess();
    int at = -i - 1;
    keys = insert(keys, at, key);
    values = insert(values, at, value);
    return ABSENT;
  }

  /** Removes {@code key}; returns its value or {@link #ABSENT}. */
  public Object remove(Object key) {
    int i = search(key);
    if (i < 0) {
      return ABSENT;
    }
    writeAccess();
    Object old = values[i];
    keys = delete(keys, i);
    values = delete(values, i);
    return old;
  }

  /** Moves the upper half into a new bucket linked after this one, and returns it. */
  public TreeBucket split() {
    writeAccess();
    int mid = keys.length / 2;
    TreeBucket right = new TreeBucket(Arrays.copyOfRange(keys, mid, keys.length),
        Arrays.copyOfRange(values, mid, values.length), next);
    keys = Arrays.copyOf(keys, mid);
    values = Arrays.copyOf(values, mid);
    next = right;
    return right;
  }

  public void setNext(TreeBucket bucket) {
    readAccess();
    if (next != bucket) {
      writeAccess();
      next = bucket;
    }
  }

  static Object[] insert(Object[] a, int at, Object x) {
    Object[] b = new Object[a.length + 1];
    System.arraycopy(a, 0, b, 0, at);
    b[at] = x;
    System.arraycopy(a, at, b, at + 1, a.length - at);
    return b;
  }

  static Object[] delete(Object[] a, int at) {
    Object[] b = new Object[a.length - 1];
    System.arraycopy(a, 0, b, 0, at);
    System.arraycopy(a, at + 1, b, at, a.length - at - 1);
    return b;
  }

  /**
   * Merges concurrent changes to one bucket as ZODB's BTrees do: each side may insert keys the
   * other did not insert, delete keys the other neither deleted nor changed, and change values
   * the other left alone. Everything else fails: both sides changing or deleting the same key,
   * inserting the same key (even with the same value), a change of the next-bucket link (a split
   * or the removal of a neighbour), either side emptying the bucket, a merge that would leave it
   * empty, or deleting the bucket's first key (ZODB refuses it because its parents may have
   * changed; kept for parity).
   */
  @Override
  public ObjectState resolveConflict(ObjectState original, ObjectState committed, ObjectState mine) {
    if (!Objects.equals(original.get("next"), committed.get("next"))
        || !Objects.equals(original.get("next"), mine.get("next"))) {
      throw new IllegalStateException("bucket's next link changed (split or neighbour removed)");
    }
    Object[] k1 = array(original, "keys");
    Object[] v1 = array(original, "values");
    Object[] k2 = array(committed, "keys");
    Object[] v2 = array(committed, "values");
    Object[] k3 = array(mine, "keys");
    Object[] v3 = array(mine, "values");
    if (k2.length == 0 || k3.length == 0) {
      throw new IllegalStateException("a transaction emptied the bucket");
    }
    List<Object> rk = new ArrayList<>();
    List<Object> rv = new ArrayList<>();
    int i1 = 0;
    int i2 = 0;
    int i3 = 0;
    while (i1 < k1.length && i2 < k2.length && i3 < k3.length) {
      int c12 = TreeKeys.compare(k1[i1], k2[i2]);
      int c13 = TreeKeys.compare(k1[i1], k3[i3]);
      if (c12 == 0 && c13 == 0) {
        if (Objects.equals(v1[i1], v2[i2])) {
          add(rk, rv, k3[i3], v3[i3]);
        } else if (Objects.equals(v1[i1], v3[i3])) {
          add(rk, rv, k2[i2], v2[i2]);
        } else {
          throw conflict("both changed key", k1[i1]);
        }
        i1++;
        i2++;
        i3++;
      } else if (c12 == 0) {
        if (c13 > 0) {
          add(rk, rv, k3[i3], v3[i3]);
          i3++;
        } else if (Objects.equals(v1[i1], v2[i2])) {
          if (i3 == 0) {
            throw conflict("deleted the bucket's first key", k1[i1]);
          }
          i1++;
          i2++;
        } else {
          throw conflict("one deleted and the other changed key", k1[i1]);
        }
      } else if (c13 == 0) {
        if (c12 > 0) {
          add(rk, rv, k2[i2], v2[i2]);
          i2++;
        } else if (Objects.equals(v1[i1], v3[i3])) {
          if (i2 == 0) {
            throw conflict("deleted the bucket's first key", k1[i1]);
          }
          i1++;
          i3++;
        } else {
          throw conflict("one deleted and the other changed key", k1[i1]);
        }
      } else {
        int c23 = TreeKeys.compare(k2[i2], k3[i3]);
        if (c23 == 0) {
          throw conflict("both inserted or deleted key", k2[i2]);
        }
        if (c12 > 0 && c13 > 0) {
          if (c23 > 0) {
            add(rk, rv, k3[i3], v3[i3]);
            i3++;
          } else {
            add(rk, rv, k2[i2], v2[i2]);
            i2++;
          }
        } else if (c12 > 0) {
          add(rk, rv, k2[i2], v2[i2]);
          i2++;
        } else if (c13 > 0) {
          add(rk, rv, k3[i3], v3[i3]);
          i3++;
        } else {
          throw conflict("both deleted key", k1[i1]);
        }
      }
    }
    while (i2 < k2.length && i3 < k3.length) {
      int c23 = TreeKeys.compare(k2[i2], k3[i3]);
      if (c23 == 0) {
        throw conflict("both inserted key", k2[i2]);
      }
      if (c23 > 0) {
        add(rk, rv, k3[i3], v3[i3]);
        i3++;
      } else {
        add(rk, rv, k2[i2], v2[i2]);
        i2++;
      }
    }
    while (i1 < k1.length && i2 < k2.length) {
      int c12 = TreeKeys.compare(k1[i1], k2[i2]);
      if (c12 > 0) {
        add(rk, rv, k2[i2], v2[i2]);
        i2++;
      } else if (c12 == 0 && Objects.equals(v1[i1], v2[i2])) {
        i1++;
        i2++;
      } else {
        throw conflict("both deleted, or one deleted and the other changed, key", k1[i1]);
      }
    }
    while (i1 < k1.length && i3 < k3.length) {
      int c13 = TreeKeys.compare(k1[i1], k3[i3]);
      if (c13 > 0) {
        add(rk, rv, k3[i3], v3[i3]);
        i3++;
      } else if (c13 == 0 && Objects.equals(v1[i1], v3[i3])) {
        i1++;
        i3++;
      } else {
        throw conflict("both deleted, or one deleted and the other changed, key", k1[i1]);
      }
    }
    if (i1 < k1.length) {
      throw conflict("both deleted key", k1[i1]);
    }
    for (; i2 < k2.length; i2++) {
      add(rk, rv, k2[i2], v2[i2]);
    }
    for (; i3 < k3.length; i3++) {
      add(rk, rv, k3[i3], v3[i3]);
    }
    if (rk.isEmpty()) {
      throw new IllegalStateException("the merge would leave the bucket empty");
    }
    return committed.with("keys", rk.toArray()).with("values", rv.toArray())
        .with("next", original.get("next"));
  }

  private static void add(List<Object> rk, List<Object> rv, Object k, Object v) {
    rk.add(k);
    rv.add(v);
  }

  private static IllegalStateException conflict(String what, Object key) {
    return new IllegalStateException("bucket conflict: " + what + " " + key);
  }

  private static Object[] array(ObjectState s, String field) {
    Object v = s.get(field);
    return v == null ? EMPTY : (Object[]) v;
  }
}
