package io.zeo.core.internal.client;

import io.zeo.core.internal.wire.MessageReader;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * A call waiting for its reply. The reply is decoded on the connection's reader thread (so
 * cache updates happen in wire order with invalidations), then handed to the caller.
 *
 * <p>The caller spins briefly before parking: waking a parked thread on another CPU costs
 * tens of microseconds, more than a whole round trip between busy peers. The spin budget adapts
 * per connection: it grows while replies arrive during the spin and shrinks while they do not,
 * so an idle or overloaded machine does not burn CPU for nothing.
 */
final class PendingCall<T> {
  static final long MAX_SPIN_NANOS = 50_000;
  static final long MIN_SPIN_NANOS = 1_000;

  private final Function<MessageReader, T> decoder;
  private volatile Object result;
  private volatile Thread waiter;
  private static final Object NULL = new Object();

  PendingCall(Function<MessageReader, T> decoder) {
    this.decoder = decoder;
  }

  /** On the reader thread: decodes the reply and wakes the caller. */
  void reply(MessageReader r) {
    Object value;
    try {
      T v = decoder.apply(r);
      value = v == null ? NULL : v;
    } catch (RuntimeException e) {
      value = new Failure(e);
    }
    complete(value);
  }

  void fail(RuntimeException e) {
    complete(new Failure(e));
  }

  private void complete(Object value) {
    result = value;
    Thread w = waiter;
    if (w != null) {
      LockSupport.unpark(w);
    }
  }

  /** Waits for the reply; {@code spin} is the connection's adaptive spin budget. */
  @SuppressWarnings("unchecked")
  T await(SpinBudget spin) {
    Object r = result;
    if (r == null) {
      long budget = spin.nanos();
      long start = System.nanoTime();
      while ((r = result) == null && System.nanoTime() - start < budget) {
        Thread.onSpinWait();
      }
      if (r == null) {
        spin.missed();
        waiter = Thread.currentThread();
        while ((r = result) == null) {
          LockSupport.park(this);
          if (Thread.interrupted()) {
            Thread.currentThread().interrupt();
            throw new io.zeo.spi.StorageError("interrupted while waiting for the server's reply");
          }
        }
      } else {
        spin.hit();
      }
    }
    if (r instanceof Failure f) {
      throw f.error;
    }
    return r == NULL ? null : (T) r;
  }

  private record Failure(RuntimeException error) {}

  /** The adaptive spin budget of one connection. */
  static final class SpinBudget {
    private volatile long nanos = 20_000;
    private int atFloor;

    long nanos() {
      return nanos;
    }

    void hit() {
      long n = nanos;
      if (n < MAX_SPIN_NANOS) {
        nanos = Math.min(MAX_SPIN_NANOS, n + n / 4);
      }
    }

    void missed() {
      long n = nanos;
      if (n > MIN_SPIN_NANOS) {
        nanos = Math.max(MIN_SPIN_NANOS, n / 2);
      } else if (++atFloor >= 256) {
        atFloor = 0; // probe again now and then: the scheduler may have changed its mind
        nanos = MAX_SPIN_NANOS / 2;
      }
    }
  }
}
