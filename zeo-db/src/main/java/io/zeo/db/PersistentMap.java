package io.zeo.db;

import java.util.AbstractMap;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A persistent {@link Map} kept in insertion order, stored as one record (ZODB's
 * {@code PersistentMapping}). Every change through the map or its views marks it changed. For
 * large maps, or maps many clients change at once, use {@link PersistentTreeMap}.
 *
 * @param <K> key type: an allowed, {@link java.io.Serializable} class (or a persistent one)
 * @param <V> value type: likewise
 */
public class PersistentMap<K, V> extends Persistent implements Map<K, V> {
  private LinkedHashMap<K, V> data = new LinkedHashMap<>();
  /** Made on demand: ghosts are created without running constructors or initializers. */
  private transient MapView<K, V> view;

  /** An empty map. */
  public PersistentMap() {}

  /** A map holding the entries of {@code m}. */
  public PersistentMap(Map<? extends K, ? extends V> m) {
    data.putAll(m);
  }

  @Override
  public int size() {
    readAccess();
    return data.size();
  }

  @Override
  public boolean isEmpty() {
    return size() == 0;
  }

  @Override
  public boolean containsKey(Object key) {
    readAccess();
    return data.containsKey(key);
  }

  @Override
  public boolean containsValue(Object value) {
    readAccess();
    return data.containsValue(value);
  }

  @Override
  public V get(Object key) {
    readAccess();
    return data.get(key);
  }

  @Override
  public V put(K key, V value) {
    writeAccess();
    return data.put(key, value);
  }

  @Override
  public V remove(Object key) {
    readAccess();
    if (!data.containsKey(key)) {
      return null;
    }
    writeAccess();
    return data.remove(key);
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> m) {
    writeAccess();
    data.putAll(m);
  }

  @Override
  public void clear() {
    writeAccess();
    data.clear();
  }

  @Override
  public Set<K> keySet() {
    return view().keySet();
  }

  @Override
  public Collection<V> values() {
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
    return view().toString();
  }

  private MapView<K, V> view() {
    MapView<K, V> v = view;
    if (v == null) {
      v = new MapView<>(this, this::entryIterator);
      view = v;
    }
    return v;
  }

  /** Entries whose reads load the map and whose changes mark it changed. */
  private Iterator<Map.Entry<K, V>> entryIterator() {
    readAccess();
    Iterator<Map.Entry<K, V>> it = data.entrySet().iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public Map.Entry<K, V> next() {
        Map.Entry<K, V> e = it.next();
        return new AbstractMap.SimpleEntry<>(e) {
          private static final long serialVersionUID = 1L;

          @Override
          public V setValue(V value) {
            writeAccess();
            e.setValue(value);
            return super.setValue(value);
          }
        };
      }

      @Override
      public void remove() {
        writeAccess();
        it.remove();
      }
    };
  }
}
