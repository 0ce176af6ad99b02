package io.zeo.db.internal;

import io.zeo.db.ConflictResolvable;
import io.zeo.db.ObjectState;
import io.zeo.db.Persistent;
import java.util.Arrays;
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
    Side s1 = new Side(original);
    Side s2 = new Side(committed);
    Side s3 = new Side(mine);
    if (s2.keys.length == 0 || s3.keys.length == 0) {
      throw new IllegalStateException("a transaction emptied the bucket");
    }
    Side out = new Side();
    while (s1.more() && s2.more() && s3.more()) {
      int c12 = TreeKeys.compare(s1.key(), s2.key());
      int c13 = TreeKeys.compare(s1.key(), s3.key());
      if (c12 == 0 && c13 == 0) {
        Side changed;
        if (Objects.equals(s1.value(), s2.value())) {
          changed = s3; // or neither changed it
        } else if (Objects.equals(s1.value(), s3.value())) {
          changed = s2;
        } else {
          throw conflict("both changed key", s1.key());
        }
        out.take(changed);
        s1.i++;
        (changed == s3 ? s2 : s3).i++;
      } else if (c12 == 0) {
        keptByOne(s1, s2, s3, c13, out);
      } else if (c13 == 0) {
        keptByOne(s1, s3, s2, c12, out);
      } else {
        int c23 = TreeKeys.compare(s2.key(), s3.key());
        if (c23 == 0) {
          throw conflict("both inserted or deleted key", s2.key());
        } else if (c12 > 0 && c13 > 0) {
          out.take(c23 > 0 ? s3 : s2);
        } else if (c12 > 0) {
          out.take(s2);
        } else if (c13 > 0) {
          out.take(s3);
        } else {
          throw conflict("both deleted key", s1.key());
        }
      }
    }
    while (s2.more() && s3.more()) {
      int c23 = TreeKeys.compare(s2.key(), s3.key());
      if (c23 == 0) {
        throw conflict("both inserted key", s2.key());
      }
      out.take(c23 > 0 ? s3 : s2);
    }
    restDeletedByOther(s1, s2, out);
    restDeletedByOther(s1, s3, out);
    if (s1.more()) {
      throw conflict("both deleted key", s1.key());
    }
    while (s2.more()) {
      out.take(s2);
    }
    while (s3.more()) {
      out.take(s3);
    }
    if (out.size == 0) {
      throw new IllegalStateException("the merge would leave the bucket empty");
    }
    return committed.with("keys", Arrays.copyOf(out.keys, out.size))
        .with("values", Arrays.copyOf(out.values, out.size)).with("next", original.get("next"));
  }

  /**
   * The original's current key is still in {@code kept} (unchanged position) but not at the
   * current position of {@code other}: either {@code other} inserted a smaller key, or it
   * deleted this one, which merges only if {@code kept} left the value alone.
   */
  private static void keptByOne(Side s1, Side kept, Side other, int c1other, Side out) {
    if (c1other > 0) {
      out.take(other);
    } else if (!Objects.equals(s1.value(), kept.value())) {
      throw conflict("one deleted and the other changed key", s1.key());
    } else if (other.i == 0) {
      throw conflict("deleted the bucket's first key", s1.key());
    } else {
      s1.i++;
      kept.i++;
    }
  }

  /** The third side has run out: what remains of the original was deleted by it. */
  private static void restDeletedByOther(Side s1, Side kept, Side out) {
    while (s1.more() && kept.more()) {
      int c = TreeKeys.compare(s1.key(), kept.key());
      if (c > 0) {
        out.take(kept);
      } else if (c == 0 && Objects.equals(s1.value(), kept.value())) {
        s1.i++;
        kept.i++;
      } else {
        throw conflict("both deleted, or one deleted and the other changed, key", s1.key());
      }
    }
  }

  /** One state's keys and values with a position, or (for the output) a growing run. */
  private static final class Side {
    Object[] keys;
    Object[] values;
    int i;
    int size;

    Side(ObjectState s) {
      keys = array(s, "keys");
      values = array(s, "values");
    }

    Side() {
      keys = new Object[8];
      values = new Object[8];
    }

    boolean more() {
      return i < keys.length;
    }

    Object key() {
      return keys[i];
    }

    Object value() {
      return values[i];
    }

    /** Appends {@code from}'s current entry to this output and advances {@code from}. */
    void take(Side from) {
      if (size == keys.length) {
        keys = Arrays.copyOf(keys, size * 2);
        values = Arrays.copyOf(values, size * 2);
      }
      keys[size] = from.key();
      values[size] = from.value();
      size++;
      from.i++;
    }
  }

  private static IllegalStateException conflict(String what, Object key) {
    return new IllegalStateException("bucket conflict: " + what + " " + key);
  }

  private static Object[] array(ObjectState s, String field) {
    Object v = s.get(field);
    return v == null ? EMPTY : (Object[]) v;
  }
}
