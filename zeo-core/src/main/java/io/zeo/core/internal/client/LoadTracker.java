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
  /** Loads in flight of one oid and the invalidations of it seen meanwhile. */
  private static final class Flight {
    int loads;
    long[] tids = new long[2];
    int count;
  }

  private final ConcurrentHashMap<Long, Flight> inFlight = new ConcurrentHashMap<>();

  /** Before sending a load of {@code oid}. */
  public void begin(long oid) {
    inFlight.compute(oid, (k, v) -> {
      Flight f = v == null ? new Flight() : v;
      f.loads++;
      return f;
    });
  }

  /** After the load returned or failed. */
  public void end(long oid) {
    inFlight.computeIfPresent(oid, (k, v) -> --v.loads == 0 ? null : v);
  }

  /** On the reader thread: {@code tid} changed {@code oid}. */
  public void invalidated(long oid, long tid) {
    inFlight.computeIfPresent(oid, (k, f) -> {
      if (f.count == f.tids.length) {
        f.tids = java.util.Arrays.copyOf(f.tids, f.count * 2);
      }
      f.tids[f.count++] = tid;
      return f;
    });
  }

  /**
   * On the reader thread: the end to cache for a revision of {@code oid} the server called
   * current since {@code start}: the earliest invalidation after {@code start} that crossed the
   * load (the revision ended there), else {@link Tid#NONE}.
   */
  public long endFor(long oid, long start) {
    long[] end = {Tid.NONE};
    inFlight.computeIfPresent(oid, (k, f) -> {
      for (int i = 0; i < f.count; i++) {
        long t = f.tids[i];
        if (Long.compareUnsigned(t, start) > 0 && (end[0] == Tid.NONE || Long.compareUnsigned(t, end[0]) < 0)) {
          end[0] = t;
        }
      }
      return f;
    });
    return end[0];
  }
}
