package io.zeo.bench;

/**
 * One figure of a run, next to the baseline it is judged against.
 *
 * @param workload add, update, cold, warm, hot, cold-load, tiny-commit or invalidation
 * @param transport direct, inproc, unix or tcp
 * @param clients concurrent clients
 * @param value the figure: objects/s for throughputs, microseconds (p50) for latencies
 * @param unit {@code objects/s} or {@code µs}
 * @param p99 the 99th percentile in microseconds for latencies, NaN for throughputs
 * @param baseline what the figure is compared with, e.g. {@code direct} or {@code unix RTT}
 * @param baselineValue the baseline's figure, in the same unit
 * @param scaling throughput divided by the same workload's with one client, NaN if not applicable
 * @param note why a figure is missing, or how to read it; empty if nothing to say
 */
record Result(String workload, String transport, int clients, double value, String unit, double p99,
    String baseline, double baselineValue, double scaling, String note) {

  static final String RATE = "objects/s";
  static final String MICROS = "µs";

  boolean isLatency() {
    return unit.equals(MICROS);
  }

  /** value / baseline: for throughputs higher is better, for latencies lower is better. */
  double ratio() {
    return value / baselineValue;
  }

  static Result rate(String workload, String transport, int clients, double value, String baseline,
      double baselineValue, double scaling, String note) {
    return new Result(workload, transport, clients, value, RATE, Double.NaN, baseline, baselineValue, scaling, note);
  }

  static Result latency(String workload, String transport, Samples s, String baseline, double baselineValue,
      String note) {
    return new Result(workload, transport, 1, s.p50(), MICROS, s.p99(), baseline, baselineValue, Double.NaN, note);
  }

  static Result skipped(String workload, String transport, int clients, String why) {
    return new Result(workload, transport, clients, Double.NaN, RATE, Double.NaN, "-", Double.NaN, Double.NaN, why);
  }
}
