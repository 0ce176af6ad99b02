package io.zeo.testkit.internal;

import java.time.Duration;

/**
 * The fault settings of a proxy or of one of its connections: added delay, stalled,
 * blackholed. Every change wakes the threads waiting on the shared monitor, so a stalled or
 * delayed chunk moves as soon as the setting allows.
 */
public final class FaultSwitches {
  private final Object monitor;
  private volatile long delayNanos;
  private volatile boolean stalled;
  private volatile boolean blackholed;

  /** Switches whose changes notify {@code monitor}. */
  public FaultSwitches(Object monitor) {
    this.monitor = monitor;
  }

  public void delay(Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative, got " + delay);
    }
    delayNanos = delay.toNanos();
    changed();
  }

  public void stall() {
    stalled = true;
    changed();
  }

  public void blackhole() {
    blackholed = true;
    changed();
  }

  /** Ends stall and blackhole; the delay stays. */
  public void resume() {
    stalled = false;
    blackholed = false;
    changed();
  }

  public long delayNanos() {
    return delayNanos;
  }

  public boolean stalled() {
    return stalled;
  }

  public boolean blackholed() {
    return blackholed;
  }

  private void changed() {
    synchronized (monitor) {
      monitor.notifyAll();
    }
  }
}
