package io.zeo.db;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The {@link AbstractMap} views (keys, values, entries, equality) of a persistent map, built on
 * the map's own entry iterator so every read and change goes through the map's access hooks.
 */
final class MapView<K, V> extends AbstractMap<K, V> {
  private final Map<K, V> owner;
  private final Set<Map.Entry<K, V>> entries;

  MapView(Map<K, V> owner, Supplier<Iterator<Map.Entry<K, V>>> iterator) {
    this.owner = owner;
    this.entries = new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<K, V>> iterator() {
        return iterator.get();
      }

      @Override
      public int size() {
        return owner.size();
      }
    };
  }

  @Override
  public Set<Map.Entry<K, V>> entrySet() {
    return entries;
  }

  @Override
  public V get(Object key) {
    return owner.get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return owner.containsKey(key);
  }

  @Override
  public V remove(Object key) {
    return owner.remove(key);
  }

  @Override
  public int size() {
    return owner.size();
  }
}
