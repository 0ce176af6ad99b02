package io.zeo.spi;

import java.time.Clock;

/**
 * Hands out tids for new transactions: the current time in {@link Tid}'s layout, but always
 * strictly later than the last tid handed out or observed, so tids never go backwards even when
 * the wall clock does. Thread-safe.
 */
public final class TidGenerator {
  private final Clock clock;
  private long last;

  /** A generator on the system UTC clock that starts after {@code lastTid}. */
  public TidGenerator(long lastTid) {
    this(Clock.systemUTC(), lastTid);
  }

  /** A generator on the given clock (tests inject one) that starts after {@code lastTid}. */
  public TidGenerator(Clock clock, long lastTid) {
    this.clock = clock;
    this.last = lastTid;
  }

  /** A new tid, strictly greater (unsigned) than every tid returned or observed before. */
  public synchronized long next() {
    last = Tid.laterThan(Tid.of(clock.instant()), last);
    return last;
  }

  /** Records a tid chosen elsewhere (restore, copying) so later tids stay above it. */
  public synchronized void observe(long tid) {
    if (Long.compareUnsigned(tid, last) > 0) {
      last = tid;
    }
  }

  /** The last tid returned or observed. */
  public synchronized long last() {
    return last;
  }
}
