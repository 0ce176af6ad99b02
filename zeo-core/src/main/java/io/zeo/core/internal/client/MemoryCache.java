package io.zeo.core.internal.client;

import io.zeo.spi.CacheStats;
import io.zeo.spi.ClientCache;
import io.zeo.spi.LoadResult;
import io.zeo.spi.Revision;
import io.zeo.spi.Tid;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The in-memory {@link ClientCache}: revisions of each oid with their validity ranges, bounded in
 * bytes, evicting the least recently used oid (all its revisions) first. One lock: every
 * operation is a few map steps, far cheaper than the round trip a hit saves.
 *
 * <p>Each oid keeps its current revision apart from its older ones, and at most
 * {@link #MAX_OLD} older ones, newest first: a hot object is rewritten by every commit, and an
 * unbounded list scanned on each store and invalidation made every commit cost in proportion to
 * the commits before it. A handful of older revisions serves every live snapshot in practice;
 * an older one dropped is only a {@code loadBefore} miss, served by the server.
 */
public final class MemoryCache implements ClientCache {
  /** Bookkeeping bytes counted per revision on top of its data. */
  static final int OVERHEAD = 64;
  /** Older (non-current) revisions kept per oid; the oldest beyond it are dropped. */
  static final int MAX_OLD = 8;

  private static final class Rev {
    final long start;
    long end;
    final byte[] data;

    Rev(long start, long end, byte[] data) {
      this.start = start;
      this.end = end;
      this.data = data;
    }
  }

  /** The cached revisions of one oid. */
  private static final class Entry {
    /** The current revision ({@code end == Tid.NONE}), or null. */
    Rev current;
    /** Older revisions, newest (greatest start) first; null while there are none. */
    ArrayList<Rev> old;
  }

  private final long maxBytes;
  private final LinkedHashMap<Long, Entry> byOid = new LinkedHashMap<>(1024, 0.75f, true);
  private long bytes;
  private long entries;
  private long hits;
  private long misses;
  private long evictions;
  private volatile long lastTid = Tid.NONE;

  public MemoryCache(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  public synchronized Optional<LoadResult> load(long oid) {
    Entry e = byOid.get(oid);
    if (e != null && e.current != null) {
      hits++;
      return Optional.of(new LoadResult(e.current.data, e.current.start));
    }
    misses++;
    return Optional.empty();
  }

  @Override
  public synchronized Optional<Revision> loadBefore(long oid, long tid) {
    Entry e = byOid.get(oid);
    if (e != null) {
      Rev c = e.current;
      if (c != null && Long.compareUnsigned(c.start, tid) < 0
          && Long.compareUnsigned(tid, lastTid + 1) <= 0) {
        hits++;
        return Optional.of(new Revision(c.data, c.start, Tid.NONE));
      }
      if (e.old != null) {
        for (Rev r : e.old) {
          if (Long.compareUnsigned(r.start, tid) < 0 && Long.compareUnsigned(r.end, tid) >= 0) {
            hits++;
            return Optional.of(new Revision(r.data, r.start, r.end));
          }
        }
      }
    }
    misses++;
    return Optional.empty();
  }

  @Override
  public synchronized void store(long oid, long start, long end, byte[] data) {
    long size = data.length + OVERHEAD;
    if (size > maxBytes) {
      return;
    }
    Entry e = byOid.get(oid);
    if (e == null) {
      e = new Entry();
      byOid.put(oid, e);
    }
    Rev c = e.current;
    if (end == Tid.NONE && c != null && Long.compareUnsigned(c.start, start) > 0) {
      return; // a newer current revision is already known; this one is stale
    }
    if (c != null && c.start == start) {
      e.current = null;
      forget(c);
    } else {
      removeOld(e, start);
    }
    Rev rev = new Rev(start, end, data);
    bytes += size;
    entries++;
    if (end == Tid.NONE) {
      if (e.current != null) {
        e.current.end = start;
        addOld(e, e.current);
      }
      e.current = rev;
    } else {
      addOld(e, rev);
    }
    evict();
  }

  private void forget(Rev r) {
    bytes -= r.data.length + OVERHEAD;
    entries--;
  }

  private void removeOld(Entry e, long start) {
    if (e.old == null) {
      return;
    }
    for (int i = 0; i < e.old.size(); i++) {
      if (e.old.get(i).start == start) {
        forget(e.old.remove(i));
        return;
      }
    }
  }

  /** Adds a non-current revision in start order and drops the oldest beyond the cap. */
  private void addOld(Entry e, Rev r) {
    if (e.old == null) {
      e.old = new ArrayList<>(2);
    }
    ArrayList<Rev> old = e.old;
    int i = 0;
    while (i < old.size() && Long.compareUnsigned(old.get(i).start, r.start) > 0) {
      i++;
    }
    old.add(i, r);
    while (old.size() > MAX_OLD) {
      forget(old.remove(old.size() - 1));
      evictions++;
    }
  }

  private void evict() {
    Iterator<Map.Entry<Long, Entry>> it = byOid.entrySet().iterator();
    while (bytes > maxBytes && it.hasNext()) {
      Entry e = it.next().getValue();
      if (e.current != null) {
        forget(e.current);
        evictions++;
      }
      if (e.old != null) {
        for (Rev r : e.old) {
          forget(r);
          evictions++;
        }
      }
      it.remove();
    }
  }

  @Override
  public synchronized void invalidate(long oid, long tid) {
    Entry e = byOid.get(oid);
    if (e != null && e.current != null && Long.compareUnsigned(e.current.start, tid) < 0) {
      Rev c = e.current;
      e.current = null;
      c.end = tid;
      addOld(e, c);
    }
  }

  @Override
  public void setLastTid(long tid) {
    lastTid = tid;
  }

  @Override
  public long lastTid() {
    return lastTid;
  }

  @Override
  public synchronized void clear() {
    byOid.clear();
    bytes = 0;
    entries = 0;
    lastTid = Tid.NONE;
  }

  @Override
  public synchronized CacheStats stats() {
    return new CacheStats(hits, misses, evictions, bytes, entries);
  }

  @Override
  public void close() {
    clear();
  }
}
