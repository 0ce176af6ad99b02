package io.zeo.core.internal.client;

import io.zeo.spi.CacheStats;
import io.zeo.spi.ClientCache;
import io.zeo.spi.LoadResult;
import io.zeo.spi.Revision;
import io.zeo.spi.Tid;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The in-memory {@link ClientCache}: revisions of each oid with their validity ranges, bounded in
 * bytes, evicting the least recently used oid (all its revisions) first. One lock: every
 * operation is a few map steps, far cheaper than the round trip a hit saves.
 */
public final class MemoryCache implements ClientCache {
  /** Bookkeeping bytes counted per revision on top of its data. */
  static final int OVERHEAD = 64;

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

  private final long maxBytes;
  private final LinkedHashMap<Long, List<Rev>> byOid = new LinkedHashMap<>(1024, 0.75f, true);
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
    List<Rev> revs = byOid.get(oid);
    if (revs != null) {
      for (Rev r : revs) {
        if (r.end == Tid.NONE) {
          hits++;
          return Optional.of(new LoadResult(r.data, r.start));
        }
      }
    }
    misses++;
    return Optional.empty();
  }

  @Override
  public synchronized Optional<Revision> loadBefore(long oid, long tid) {
    List<Rev> revs = byOid.get(oid);
    if (revs != null) {
      for (Rev r : revs) {
        if (Long.compareUnsigned(r.start, tid) >= 0) {
          continue;
        }
        if (r.end == Tid.NONE) {
          if (Long.compareUnsigned(tid, lastTid + 1) <= 0) {
            hits++;
            return Optional.of(new Revision(r.data, r.start, Tid.NONE));
          }
        } else if (Long.compareUnsigned(r.end, tid) >= 0) {
          hits++;
          return Optional.of(new Revision(r.data, r.start, r.end));
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
    List<Rev> revs = byOid.get(oid);
    if (revs == null) {
      revs = new ArrayList<>(2);
      byOid.put(oid, revs);
    }
    for (Iterator<Rev> it = revs.iterator(); it.hasNext(); ) {
      Rev r = it.next();
      if (r.start == start) {
        it.remove();
        bytes -= r.data.length + OVERHEAD;
        entries--;
      } else if (end == Tid.NONE && r.end == Tid.NONE) {
        if (Long.compareUnsigned(r.start, start) > 0) {
          return; // a newer current revision is already known; this one is stale
        }
        r.end = start;
      }
    }
    revs.add(new Rev(start, end, data));
    bytes += size;
    entries++;
    evict();
  }

  private void evict() {
    Iterator<Map.Entry<Long, List<Rev>>> it = byOid.entrySet().iterator();
    while (bytes > maxBytes && it.hasNext()) {
      List<Rev> revs = it.next().getValue();
      for (Rev r : revs) {
        bytes -= r.data.length + OVERHEAD;
        entries--;
        evictions++;
      }
      it.remove();
    }
  }

  @Override
  public synchronized void invalidate(long oid, long tid) {
    List<Rev> revs = byOid.get(oid);
    if (revs != null) {
      for (Rev r : revs) {
        if (r.end == Tid.NONE && Long.compareUnsigned(r.start, tid) < 0) {
          r.end = tid;
        }
      }
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
