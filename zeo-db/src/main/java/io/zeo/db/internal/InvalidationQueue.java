package io.zeo.db.internal;

import io.zeo.spi.Tid;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;

/**
 * Invalidations a connection has heard of but not yet applied: they wait for its next
 * transaction boundary, so a transaction never sees part of another one.
 *
 * <p>At a boundary the connection reads the storage's last tid as its new snapshot and drains
 * the entries up to it; entries for later tids (a listener hears of a commit before it becomes
 * visible) stay for the next boundary. When too many oids pile up (an idle pooled connection)
 * the queue collapses into "invalidate everything". Thread-safe: storage listeners add from
 * their threads, the connection drains from its own.
 */
public final class InvalidationQueue {
  /** What to apply at a boundary. */
  public record Drained(boolean all, Set<Long> oids) {}

  private record Entry(long tid, Set<Long> oids) {}

  private final int maxPendingOids;
  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
  private int pendingOids;
  private boolean all;
  private long allTid;

  /** @param maxPendingOids how many oids may wait before the queue collapses to "everything" */
  public InvalidationQueue(int maxPendingOids) {
    this.maxPendingOids = maxPendingOids;
  }

  /** Transaction {@code tid} changed {@code oids}. */
  public synchronized void add(long tid, Set<Long> oids) {
    if (all && Tid.compare(tid, allTid) <= 0) {
      return;
    }
    entries.addLast(new Entry(tid, oids));
    pendingOids += oids.size();
    if (pendingOids > maxPendingOids) {
      invalidateAll(tid);
    }
  }

  /** Everything may have changed up to {@code tid}. */
  public synchronized void invalidateAll(long tid) {
    all = true;
    if (Tid.compare(tid, allTid) > 0) {
      allTid = tid;
    }
    entries.clear();
    pendingOids = 0;
  }

  /**
   * Takes what a transaction starting at {@code snapshot} must apply: the oids of entries up to
   * it, except those of the connection's own commit {@code ownTid} (its objects are current).
   */
  public synchronized Drained drain(long snapshot, long ownTid) {
    boolean everything = all;
    if (all && Tid.compare(allTid, snapshot) <= 0) {
      all = false;
    }
    Set<Long> oids = new HashSet<>();
    for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
      Entry e = it.next();
      if (Tid.compare(e.tid, snapshot) > 0) {
        break;
      }
      it.remove();
      pendingOids -= e.oids.size();
      if (e.tid != ownTid || ownTid == Tid.NONE) {
        oids.addAll(e.oids);
      }
    }
    return new Drained(everything, oids);
  }

  /** Forgets everything pending (the connection's cache was dropped). */
  public synchronized void clear() {
    entries.clear();
    pendingOids = 0;
    all = false;
  }
}
