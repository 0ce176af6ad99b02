package io.zeo.db;

import io.zeo.db.internal.TreeBucket;
import io.zeo.db.internal.TreeInner;
import io.zeo.db.internal.TreeKeys;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A persistent sorted map for many entries and many writers: a B-tree whose buckets (leaves) and
 * inner nodes are separate persistent objects (ZODB's {@code OOBTree}). Changing one key in a
 * million-entry tree writes a bucket of at most {@value #BUCKET_SIZE} entries and, when the
 * bucket splits, a few inner nodes. Two transactions that insert different keys into the same
 * bucket are merged by conflict resolution ({@link TreeBucket#resolveConflict}); the size is kept
 * in a {@link Counter}, which always merges.
 *
 * <p>Keys are ordered by their natural ordering and must not be null; keys and values are
 * allowed {@link java.io.Serializable} classes or persistent objects. Iteration is in key order
 * and reads the buckets one by one; a change to the map during an iteration other than through
 * the iterator's {@code remove} leaves the iteration undefined.
 *
 * @param <K> key type ({@link Comparable})
 * @param <V> value type
 */
public class PersistentTreeMap<K, V> extends Persistent implements Map<K, V> {
  /** Entries a bucket holds before it splits. */
  public static final int BUCKET_SIZE = 64;
  /** Children an inner node holds before it splits. */
  public static final int FANOUT = 128;

  private Persistent root = new TreeBucket();
  private Counter size = new Counter();
  private transient MapView<K, V> view;

  /** An empty map. */
  public PersistentTreeMap() {}

  @Override
  public int size() {
    return (int) Math.min(Integer.MAX_VALUE, longSize());
  }

  /** The number of entries. */
  public long longSize() {
    readAccess();
    return size.get();
  }

  @Override
  public boolean isEmpty() {
    return longSize() == 0;
  }

  @Override
  public boolean containsKey(Object key) {
    return leafFor(TreeKeys.check(key), null).get(key) != TreeBucket.ABSENT;
  }

  @Override
  public boolean containsValue(Object value) {
    return view().containsValue(value);
  }

  @Override
  public V get(Object key) {
    Object v = leafFor(TreeKeys.check(key), null).get(key);
    return v == TreeBucket.ABSENT ? null : cast(v);
  }

  @Override
  public V put(K key, V value) {
    Path path = new Path();
    TreeBucket leaf = leafFor(TreeKeys.check(key), path);
    Object old = leaf.put(key, value);
    if (old != TreeBucket.ABSENT) {
      return cast(old);
    }
    size.add(1);
    if (leaf.size() > BUCKET_SIZE) {
      TreeBucket right = leaf.split();
      insertUp(path, path.depth() - 1, right.key(0), right, leaf);
    }
    return null;
  }

  @Override
  public V remove(Object key) {
    Path path = new Path();
    TreeBucket leaf = leafFor(TreeKeys.check(key), path);
    Object old = leaf.remove(key);
    if (old == TreeBucket.ABSENT) {
      return null;
    }
    size.add(-1);
    if (leaf.size() == 0 && path.depth() > 0) {
      unlinkEmpty(leaf, path);
    }
    return cast(old);
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> m) {
    for (Map.Entry<? extends K, ? extends V> e : m.entrySet()) {
      put(e.getKey(), e.getValue());
    }
  }

  @Override
  public void clear() {
    writeAccess();
    root = new TreeBucket();
    size.set(0);
  }

  /** The smallest key. @throws NoSuchElementException if the map is empty */
  public K firstKey() {
    Iterator<Map.Entry<K, V>> it = range(null, null).iterator();
    if (!it.hasNext()) {
      throw new NoSuchElementException("map is empty");
    }
    return it.next().getKey();
  }

  /** The largest key. @throws NoSuchElementException if the map is empty */
  public K lastKey() {
    readAccess();
    Persistent node = root;
    while (node instanceof TreeInner in) {
      node = in.child(in.childCount() - 1);
    }
    TreeBucket b = (TreeBucket) node;
    if (b.size() == 0) {
      throw new NoSuchElementException("map is empty");
    }
    return cast(b.key(b.size() - 1));
  }

  /**
   * The entries with {@code from <= key < to} in key order; a null bound is open. The iterator
   * supports {@code remove}; entries do not support {@code setValue} (use {@link #put}).
   */
  public Iterable<Map.Entry<K, V>> range(K from, K to) {
    return () -> new RangeIterator(from, to);
  }

  @Override
  public Set<K> keySet() {
    return view().keySet();
  }

  @Override
  public java.util.Collection<V> values() {
    return view().values();
  }

  @Override
  public Set<Map.Entry<K, V>> entrySet() {
    return view().entrySet();
  }

  @Override
  public boolean equals(Object o) {
    return o == this || view().equals(o);
  }

  @Override
  public int hashCode() {
    return view().hashCode();
  }

  @Override
  public String toString() {
    return "PersistentTreeMap[" + longSize() + " entries]";
  }

  /**
   * Checks the tree's invariants (sorted keys, separators bounding their subtrees, leaves at one
   * depth, the bucket chain visiting every bucket in order, no empty bucket but an empty root,
   * the size counter): for tests and diagnostics, as ZODB's {@code _check}. Reads the whole tree,
   * trimming the connection's cache as it goes.
   *
   * @throws IllegalStateException describing the first violation found
   */
  public void check() {
    readAccess();
    List<TreeBucket> leaves = new ArrayList<>();
    long[] count = new long[1];
    checkNode(root, null, null, 0, new int[] {-1}, leaves, count);
    for (int i = 0; i < leaves.size(); i++) {
      TreeBucket expected = i + 1 < leaves.size() ? leaves.get(i + 1) : null;
      if (leaves.get(i).next() != expected) {
        throw new IllegalStateException("bucket " + i + "'s next link skips or misorders buckets");
      }
      if (leaves.get(i).size() == 0 && leaves.size() > 1) {
        throw new IllegalStateException("empty bucket " + i + " left in the tree");
      }
      trimCache(i);
    }
    readAccess(); // the cache trimming may have turned this map into a ghost
    if (count[0] != size.get()) {
      throw new IllegalStateException("size counter says " + size.get() + ", tree holds " + count[0]);
    }
  }

  private void checkNode(Persistent node, Object low, Object high, int depth, int[] leafDepth,
      List<TreeBucket> leaves, long[] count) {
    if (node instanceof TreeInner in) {
      int n = in.childCount();
      if (n < 1) {
        throw new IllegalStateException("inner node without children at depth " + depth);
      }
      for (int i = 0; i < n; i++) {
        Object lo = i == 0 ? low : in.key(i - 1);
        Object hi = i == n - 1 ? high : in.key(i);
        if (lo != null && hi != null && TreeKeys.compare(lo, hi) >= 0) {
          throw new IllegalStateException("separators out of order at depth " + depth + ": " + lo + " >= " + hi);
        }
        checkNode(in.child(i), lo, hi, depth + 1, leafDepth, leaves, count);
      }
      return;
    }
    TreeBucket b = (TreeBucket) node;
    if (leafDepth[0] < 0) {
      leafDepth[0] = depth;
    } else if (leafDepth[0] != depth) {
      throw new IllegalStateException("leaves at depths " + leafDepth[0] + " and " + depth);
    }
    for (int i = 0; i < b.size(); i++) {
      Object k = b.key(i);
      if (i > 0 && TreeKeys.compare(b.key(i - 1), k) >= 0) {
        throw new IllegalStateException("bucket keys out of order: " + b.key(i - 1) + ", " + k);
      }
      if ((low != null && TreeKeys.compare(k, low) < 0) || (high != null && TreeKeys.compare(k, high) >= 0)) {
        throw new IllegalStateException("key " + k + " outside its bucket's range [" + low + ", " + high + ")");
      }
    }
    count[0] += b.size();
    leaves.add(b);
    trimCache(leaves.size());
  }

  /** A check of a huge tree must not need the whole tree in memory. */
  private void trimCache(int visited) {
    Connection c = persistentConnection();
    if (c != null && visited % 1_000 == 0) {
      c.cacheGc();
    }
  }

  // ------------------------------------------------------------------ internals

  /** The inner nodes on the way down and the child index taken at each. */
  private static final class Path {
    final List<TreeInner> nodes = new ArrayList<>();
    final List<Integer> index = new ArrayList<>();

    int depth() {
      return nodes.size();
    }
  }

  private TreeBucket leafFor(Object key, Path path) {
    readAccess();
    Persistent node = root;
    while (node instanceof TreeInner in) {
      int i = in.childIndex(key);
      if (path != null) {
        path.nodes.add(in);
        path.index.add(i);
      }
      node = in.child(i);
    }
    return (TreeBucket) node;
  }

  /** Hooks {@code right} (split off {@code left}) into the parent at {@code level}, splitting upwards. */
  private void insertUp(Path path, int level, Object key, Persistent right, Persistent left) {
    if (level < 0) {
      writeAccess();
      root = new TreeInner(left, key, right);
      return;
    }
    TreeInner parent = path.nodes.get(level);
    parent.insertChild(path.index.get(level) + 1, key, right);
    if (parent.childCount() > FANOUT) {
      TreeInner.Split s = parent.split();
      insertUp(path, level - 1, s.key(), s.right(), parent);
    }
  }

  /**
   * Removes an emptied bucket from the tree: relinks its predecessor past it, removes it from
   * its parent (and parents left without children from theirs), and lowers a root left with a
   * single child. The emptied bucket itself was changed, so a concurrent insert into it
   * conflicts instead of landing in an unreachable bucket.
   */
  private void unlinkEmpty(TreeBucket leaf, Path path) {
    TreeBucket before = null;
    for (int level = path.depth() - 1; level >= 0 && before == null; level--) {
      int i = path.index.get(level);
      if (i > 0) {
        Persistent node = path.nodes.get(level).child(i - 1);
        while (node instanceof TreeInner in) {
          node = in.child(in.childCount() - 1);
        }
        before = (TreeBucket) node;
      }
    }
    if (before != null) {
      before.setNext(leaf.next());
    }
    int level = path.depth() - 1;
    while (level >= 0) {
      TreeInner parent = path.nodes.get(level);
      parent.removeChild(path.index.get(level));
      if (parent.childCount() > 0) {
        break;
      }
      level--;
    }
    if (level < 0) {
      writeAccess();
      root = new TreeBucket();
      return;
    }
    while (root instanceof TreeInner in && in.childCount() == 1) {
      writeAccess();
      root = in.child(0);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> T cast(Object o) {
    return (T) o;
  }

  private MapView<K, V> view() {
    MapView<K, V> v = view;
    if (v == null) {
      v = new MapView<>(this, () -> new RangeIterator(null, null));
      view = v;
    }
    return v;
  }

  private final class RangeIterator implements Iterator<Map.Entry<K, V>> {
    private final Object to;
    private TreeBucket bucket;
    private int index;
    private Object lastKey;
    private Map.Entry<K, V> pending;

    RangeIterator(Object from, Object to) {
      this.to = to;
      if (from == null) {
        readAccess();
        Persistent node = root;
        while (node instanceof TreeInner in) {
          node = in.child(0);
        }
        bucket = (TreeBucket) node;
      } else {
        bucket = leafFor(TreeKeys.check(from), null);
        int i = bucket.search(from);
        index = i >= 0 ? i : -i - 1;
      }
    }

    @Override
    public boolean hasNext() {
      while (pending == null && bucket != null) {
        if (index < bucket.size()) {
          Object k = bucket.key(index);
          if (to != null && TreeKeys.compare(k, to) >= 0) {
            bucket = null;
            break;
          }
          pending = new AbstractMap.SimpleImmutableEntry<>(cast(k), cast(bucket.value(index)));
          index++;
        } else {
          bucket = bucket.next();
          index = 0;
        }
      }
      return pending != null;
    }

    @Override
    public Map.Entry<K, V> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Map.Entry<K, V> e = pending;
      pending = null;
      lastKey = e.getKey();
      return e;
    }

    @Override
    public void remove() {
      if (lastKey == null) {
        throw new IllegalStateException("next() has not been called, or remove() already was");
      }
      PersistentTreeMap.this.remove(lastKey);
      // The removal may have replaced the bucket's arrays or unlinked the bucket: seek again.
      bucket = leafFor(lastKey, null);
      int i = bucket.search(lastKey);
      index = i >= 0 ? i + 1 : -i - 1;
      pending = null;
      lastKey = null;
    }
  }
}
