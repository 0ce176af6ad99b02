package io.zeo.db.internal;

import io.zeo.db.Persistent;
import java.util.Arrays;

/**
 * An inner node of {@link io.zeo.db.PersistentTreeMap}: children (buckets or inner nodes, each
 * its own record) and the separator keys between them. Child {@code i} holds the keys {@code k}
 * with {@code keys[i-1] <= k < keys[i]}. Inner nodes change only when a child splits or is
 * removed; concurrent changes to one are not merged.
 */
public final class TreeInner extends Persistent {
  private Object[] keys;
  private Object[] children;

  /** A node over two children, split at {@code key}. */
  public TreeInner(Persistent left, Object key, Persistent right) {
    this.keys = new Object[] {key};
    this.children = new Object[] {left, right};
  }

  private TreeInner(Object[] keys, Object[] children) {
    this.keys = keys;
    this.children = children;
  }

  /** The result of splitting a node: the key that moves up and the new right node. */
  public record Split(Object key, TreeInner right) {}

  public int childCount() {
    readAccess();
    return children.length;
  }

  public Persistent child(int i) {
    readAccess();
    return (Persistent) children[i];
  }

  /** Separator {@code i}: the smallest key child {@code i + 1} may hold. */
  public Object key(int i) {
    readAccess();
    return keys[i];
  }

  /** The index of the child whose range holds {@code key}. */
  public int childIndex(Object key) {
    readAccess();
    int i = TreeKeys.search(keys, keys.length, key);
    return i >= 0 ? i + 1 : -i - 1;
  }

  /** Inserts {@code child} at index {@code at >= 1}, holding the keys from {@code key} on. */
  public void insertChild(int at, Object key, Persistent child) {
    writeAccess();
    keys = TreeBucket.insert(keys, at - 1, key);
    children = TreeBucket.insert(children, at, child);
  }

  /** Removes child {@code i}; its key range joins its left neighbour's (or the right one's for 0). */
  public void removeChild(int i) {
    writeAccess();
    children = TreeBucket.delete(children, i);
    if (keys.length > 0) {
      keys = TreeBucket.delete(keys, Math.max(0, i - 1));
    }
  }

  /** Moves the upper half of the children into a new node. */
  public Split split() {
    writeAccess();
    int mid = children.length / 2;
    Object up = keys[mid - 1];
    TreeInner right = new TreeInner(Arrays.copyOfRange(keys, mid, keys.length),
        Arrays.copyOfRange(children, mid, children.length));
    keys = Arrays.copyOf(keys, mid - 1);
    children = Arrays.copyOf(children, mid);
    return new Split(up, right);
  }
}
