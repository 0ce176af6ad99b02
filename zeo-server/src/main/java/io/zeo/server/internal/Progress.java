package io.zeo.server.internal;

import io.zeo.spi.Tid;
import io.zeo.spi.TransactionRecord;
import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * Copy progress: how far the copied tids have come between the start and the source's last
 * tid, by commit time (tids encode it), since the number of transactions is unknown until the
 * end. A redrawn bar on a terminal; otherwise a plain line at most every 10 seconds, for logs.
 */
final class Progress implements Consumer<TransactionRecord> {
  private static final int WIDTH = 40;
  private final PrintWriter err;
  private double from;
  private final double to;
  private final boolean quiet;
  private final boolean terminal;
  private final long intervalNanos;
  private long count;
  private long nextReport;

  Progress(PrintWriter err, long afterTid, long lastTid, boolean quiet) {
    this(err, afterTid, lastTid, quiet, System.console() != null,
        System.console() != null ? 200_000_000L : 10_000_000_000L);
  }

  /** With the output mode and the least time between two reports given (tests). */
  Progress(PrintWriter err, long afterTid, long lastTid, boolean quiet, boolean terminal, long intervalNanos) {
    this.err = err;
    this.terminal = terminal;
    this.from = afterTid == Tid.NONE ? Double.NaN : seconds(afterTid);
    this.to = seconds(lastTid);
    this.quiet = quiet;
    this.intervalNanos = intervalNanos;
    this.nextReport = System.nanoTime() + intervalNanos;
  }

  private static double seconds(long tid) {
    return Tid.toInstant(tid).toEpochMilli() / 1000.0;
  }

  @Override
  public void accept(TransactionRecord t) {
    count++;
    if (Double.isNaN(from)) {
      from = seconds(t.tid());
    }
    long now = System.nanoTime();
    if (quiet || now < nextReport) {
      return;
    }
    nextReport = now + intervalNanos;
    report(t.tid());
  }

  private void report(long tid) {
    double span = to - from;
    double fraction = span <= 0 ? 1 : Math.max(0, Math.min(1, (seconds(tid) - from) / span));
    if (terminal) {
      int filled = (int) Math.round(fraction * WIDTH);
      err.print("\r[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] "
          + String.format("%3d%%", Math.round(fraction * 100)) + "  " + count + " transactions");
    } else {
      err.println("copied " + count + " transactions, up to " + Tid.describe(tid));
    }
    err.flush();
  }

  void finish() {
    if (!quiet && terminal) {
      err.println();
      err.flush();
    }
  }
}
