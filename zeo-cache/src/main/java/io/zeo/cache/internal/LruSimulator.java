package io.zeo.cache.internal;

import java.util.LinkedHashMap;

/**
 * An exact LRU cache of a byte budget, for what-if answers: the trace report replays a trace
 * through it at other sizes, and tests compare the file cache's hit rate with it. Keys are
 * oids; an entry costs its data plus the file cache's per-entry overhead, so budgets compare
 * with the file cache's size.
 */
public final class LruSimulator {
  private final long capacity;
  private final boolean countOverhead;
  private final LinkedHashMap<Long, Integer> entries = new LinkedHashMap<>(1024, 0.75f, true);
  private long bytes;
  private long hits;
  private long misses;

  /**
   * @param capacity byte budget
   * @param countOverhead whether an entry also costs the file cache's record header and padding
   */
  public LruSimulator(long capacity, boolean countOverhead) {
    this.capacity = capacity;
    this.countOverhead = countOverhead;
  }

  private long cost(int size) {
    return countOverhead ? EntryCodec.entrySize(size) : size;
  }

  /** A read: true (and most recently used) if present. */
  public boolean read(long oid) {
    if (entries.get(oid) != null) {
      hits++;
      return true;
    }
    misses++;
    return false;
  }

  /** Puts or refreshes an object, evicting the least recently used past the budget. */
  public void store(long oid, int size) {
    if (cost(size) > capacity) {
      return;
    }
    Integer old = entries.put(oid, size);
    if (old != null) {
      bytes -= cost(old);
    }
    bytes += cost(size);
    var it = entries.entrySet().iterator();
    while (bytes > capacity && it.hasNext()) {
      var e = it.next();
      bytes -= cost(e.getValue());
      it.remove();
    }
  }

  public void remove(long oid) {
    Integer old = entries.remove(oid);
    if (old != null) {
      bytes -= cost(old);
    }
  }

  public void clear() {
    entries.clear();
    bytes = 0;
  }

  public long hits() {
    return hits;
  }

  public long misses() {
    return misses;
  }

  public int entries() {
    return entries.size();
  }

  public double hitRate() {
    long n = hits + misses;
    return n == 0 ? 0 : (double) hits / n;
  }
}
