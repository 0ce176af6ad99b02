package io.zeo.bench;

import io.zeo.spi.StorageListener;
import io.zeo.spi.Tid;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** A listener that remembers the last transaction it heard of and when (System.nanoTime). */
final class Heard implements StorageListener {
  private long tid = Tid.NONE;
  private long at;

  @Override
  public synchronized void invalidate(long tid, Set<Long> oids) {
    this.at = System.nanoTime();
    this.tid = tid;
    notifyAll();
  }

  /** Waits (at most 10 s) until {@code expected} or a later tid was heard; returns when it was. */
  synchronized long await(long expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (Long.compareUnsigned(tid, expected) < 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new IllegalStateException("no invalidation for tid " + Tid.toHex(expected) + " within 10 s");
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return at;
  }
}
