package io.zeo.bench;

import java.util.Arrays;

/** Latency samples in nanoseconds, with percentiles. Not thread-safe: one per measuring thread. */
final class Samples {
  private long[] nanos;
  private int count;

  Samples(int expected) {
    nanos = new long[Math.max(expected, 16)];
  }

  void add(long n) {
    if (count == nanos.length) {
      nanos = Arrays.copyOf(nanos, count * 2);
    }
    nanos[count++] = n;
  }

  int count() {
    return count;
  }

  /** The {@code q}-quantile (0..1) in microseconds, nearest-rank; NaN without samples. */
  double micros(double q) {
    if (count == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(nanos, count);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(q * count) - 1;
    return sorted[Math.max(0, Math.min(count - 1, rank))] / 1_000.0;
  }

  double p50() {
    return micros(0.50);
  }

  double p99() {
    return micros(0.99);
  }
}
