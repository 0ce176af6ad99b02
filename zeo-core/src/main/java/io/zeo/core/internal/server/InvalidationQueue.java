package io.zeo.core.internal.server;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The last N transactions' invalidations of one storage, oldest first, so a client that
 * reconnects can learn what changed since the last tid it saw instead of dropping its cache.
 */
public final class InvalidationQueue {
  private record Entry(long tid, long[] oids) {}

  private final int capacity;
  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
  /**
   * Every transaction after this tid is in {@link #entries}: the storage's last tid when the
   * queue started, then the tid of the newest entry dropped for room. A client whose cache is
   * as of the storage's last tid at server start can thus be verified, not dropped.
   */
  private long complete;

  /** A queue of at most {@code capacity} transactions for a storage whose last tid is {@code lastTid}. */
  public InvalidationQueue(int capacity, long lastTid) {
    this.capacity = capacity;
    this.complete = lastTid;
  }

  /** True if every transaction after {@code tid} is in the queue. */
  private boolean reaches(long tid) {
    return Long.compareUnsigned(tid, complete) >= 0;
  }

  public synchronized void add(long tid, Set<Long> oids) {
    if (capacity == 0) {
      complete = tid;
      return;
    }
    long[] a = new long[oids.size()];
    int i = 0;
    for (long oid : oids) {
      a[i++] = oid;
    }
    entries.addLast(new Entry(tid, a));
    while (entries.size() > capacity) {
      complete = entries.removeFirst().tid;
    }
  }

  /**
   * The oids changed by transactions after {@code tid}, or empty if the queue no longer reaches
   * back that far (the client must then drop its cache).
   */
  public synchronized Optional<Set<Long>> since(long tid) {
    if (!reaches(tid)) {
      return Optional.empty(); // the queue does not reach back to tid: something may be missing
    }
    Set<Long> out = new LinkedHashSet<>();
    for (Iterator<Entry> it = entries.descendingIterator(); it.hasNext(); ) {
      Entry e = it.next();
      if (Long.compareUnsigned(e.tid, tid) <= 0) {
        break;
      }
      for (long oid : e.oids) {
        out.add(oid);
      }
    }
    return Optional.of(out);
  }

  /**
   * The transactions after {@code tid} as (tid, oids) pairs, oldest first, or empty if the queue
   * no longer reaches back that far.
   */
  public synchronized Optional<java.util.List<java.util.Map.Entry<Long, long[]>>> entriesSince(long tid) {
    if (!reaches(tid)) {
      return Optional.empty();
    }
    java.util.List<java.util.Map.Entry<Long, long[]>> out = new java.util.ArrayList<>();
    for (Entry e : entries) {
      if (Long.compareUnsigned(e.tid, tid) > 0) {
        out.add(java.util.Map.entry(e.tid, e.oids));
      }
    }
    return Optional.of(out);
  }

  public synchronized int size() {
    return entries.size();
  }
}
