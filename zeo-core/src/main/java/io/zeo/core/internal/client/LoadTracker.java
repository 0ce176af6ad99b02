package io.zeo.core.internal.client;

import io.zeo.spi.Tid;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Guards the load/invalidation race: a load reply and an invalidation of the same object can
 * cross on the wire (the server may read the data just before a commit becomes visible and send
 * the invalidation first). While a load of an oid is in flight, invalidations of that oid are
 * remembered; a reply that says "current since S" is then cached as ending at the latest such
 * tid after S, never as current. ZEO lost data to this race; its invariant has a test.
 */
public final class LoadTracker {
  /** oid -> {loads in flight, latest invalidating tid seen while in flight}. */
  private final ConcurrentHashMap<Long, long[]> inFlight = new ConcurrentHashMap<>();

  /** Before sending a load of {@code oid}. */
  public void begin(long oid) {
    inFlight.compute(oid, (k, v) -> {
      if (v == null) {
        return new long[] {1, Tid.NONE};
      }
      v[0]++;
      return v;
    });
  }

  /** After the load returned or failed. */
  public void end(long oid) {
    inFlight.computeIfPresent(oid, (k, v) -> --v[0] == 0 ? null : v);
  }

  /** On the reader thread: {@code tid} changed {@code oid}. */
  public void invalidated(long oid, long tid) {
    inFlight.computeIfPresent(oid, (k, v) -> {
      if (Long.compareUnsigned(tid, v[1]) > 0) {
        v[1] = tid;
      }
      return v;
    });
  }

  /**
   * On the reader thread: the end to cache for a revision of {@code oid} the server called
   * current since {@code start}: {@link Tid#NONE} unless an invalidation after {@code start}
   * crossed the load.
   */
  public long endFor(long oid, long start) {
    long[] v = inFlight.get(oid);
    if (v == null) {
      return Tid.NONE;
    }
    synchronized (v) {
      return Long.compareUnsigned(v[1], start) > 0 ? v[1] : Tid.NONE;
    }
  }
}
