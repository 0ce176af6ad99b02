package io.zeo.cache;

import io.zeo.cache.internal.LruSimulator;
import io.zeo.cache.internal.Trace;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints what a cache trace says: operation counts and hit rates, and, with
 * {@code --simulate}, the hit rate an exact LRU cache of other sizes would have had on the same
 * reads. Wrapped by the server's {@code cache-stats} command.
 *
 * <pre>
 * java -cp ... io.zeo.cache.CacheTraceReport app.zcache-1764000000000.trace --simulate 16MB,64MB,256MB
 * </pre>
 *
 * <p>The simulation keys objects by oid (current revisions; historical reads count against the
 * object too), charges each entry the file cache's per-record overhead, drops an object on
 * invalidation and adds it on every store, as the client does after a miss.
 */
public final class CacheTraceReport {
  private CacheTraceReport() {}

  public static void main(String[] args) {
    try {
      System.exit(run(args, System.out));
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println("usage: CacheTraceReport <trace file> [--simulate SIZE[,SIZE...]]   (sizes like 64MB, 1GB)");
      System.exit(2);
    } catch (IOException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(1);
    }
  }

  /** Runs the report, printing to {@code out}; returns the exit status. */
  public static int run(String[] args, PrintStream out) throws IOException {
    if (args.length == 0) {
      throw new IllegalArgumentException("no trace file given");
    }
    Path tracePath = Path.of(args[0]);
    List<Long> sizes = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--simulate") && i + 1 < args.length) {
        for (String s : args[++i].split(",")) {
          sizes.add(parseSize(s.trim()));
        }
      } else {
        throw new IllegalArgumentException("unexpected argument \"" + args[i] + "\"");
      }
    }
    long[] counts = new long[Trace.CLEAR + 1];
    long lastMillis = 0;
    long loadBytes = 0;
    List<LruSimulator> sims = new ArrayList<>();
    for (long size : sizes) {
      sims.add(new LruSimulator(size, true));
    }
    long cacheSize;
    try (Trace.Reader in = new Trace.Reader(tracePath)) {
      cacheSize = in.cacheSize();
      for (Trace.Record r; (r = in.next()) != null; ) {
        counts[r.op()]++;
        lastMillis = r.millis();
        if (r.op() == Trace.LOAD_HIT || r.op() == Trace.LOAD_BEFORE_HIT) {
          loadBytes += r.size();
        }
        for (LruSimulator sim : sims) {
          replay(sim, r);
        }
      }
    }
    long loadHits = counts[Trace.LOAD_HIT];
    long loadMisses = counts[Trace.LOAD_MISS];
    long beforeHits = counts[Trace.LOAD_BEFORE_HIT];
    long beforeMisses = counts[Trace.LOAD_BEFORE_MISS];
    out.printf(Locale.ROOT, "trace %s: cache size %s, %.1f s%n", tracePath, formatSize(cacheSize), lastMillis / 1000.0);
    out.printf(Locale.ROOT, "  load        %,12d  hits %,12d  misses %,12d  hit rate %6.2f%%%n",
        loadHits + loadMisses, loadHits, loadMisses, percent(loadHits, loadMisses));
    out.printf(Locale.ROOT, "  loadBefore  %,12d  hits %,12d  misses %,12d  hit rate %6.2f%%%n",
        beforeHits + beforeMisses, beforeHits, beforeMisses, percent(beforeHits, beforeMisses));
    out.printf(Locale.ROOT, "  all reads   %,12d  hit rate %6.2f%%  (%s served from the cache)%n",
        loadHits + loadMisses + beforeHits + beforeMisses, percent(loadHits + beforeHits, loadMisses + beforeMisses),
        formatSize(loadBytes));
    out.printf(Locale.ROOT, "  stores %,d current, %,d old; invalidations %,d; clears %,d%n",
        counts[Trace.STORE], counts[Trace.STORE_OLD], counts[Trace.INVALIDATE], counts[Trace.CLEAR]);
    if (!sims.isEmpty()) {
      out.println("simulated exact LRU on the same reads:");
      for (int i = 0; i < sims.size(); i++) {
        LruSimulator sim = sims.get(i);
        out.printf(Locale.ROOT, "  %10s  hit rate %6.2f%%  (%,d objects at the end)%n",
            formatSize(sizes.get(i)), 100 * sim.hitRate(), sim.entries());
      }
    }
    return 0;
  }

  private static void replay(LruSimulator sim, Trace.Record r) {
    switch (r.op()) {
      case Trace.LOAD_HIT, Trace.LOAD_MISS, Trace.LOAD_BEFORE_HIT, Trace.LOAD_BEFORE_MISS -> {
        boolean hit = sim.read(r.oid());
        if (!hit && (r.op() == Trace.LOAD_HIT || r.op() == Trace.LOAD_BEFORE_HIT)) {
          sim.store(r.oid(), r.size()); // the real cache had it: a client would have fetched and stored it
        }
      }
      case Trace.STORE, Trace.STORE_OLD -> sim.store(r.oid(), r.size());
      case Trace.INVALIDATE -> sim.remove(r.oid());
      case Trace.CLEAR -> sim.clear();
      default -> { }
    }
  }

  private static double percent(long hits, long misses) {
    return hits + misses == 0 ? 0 : 100.0 * hits / (hits + misses);
  }

  /** Parses {@code 123}, {@code 64KB}, {@code 64MB}, {@code 1GB} (powers of 1024). */
  static long parseSize(String s) {
    String u = s.toUpperCase(Locale.ROOT);
    long mult = 1;
    for (String[] unit : new String[][] {{"KB", "1024"}, {"MB", "1048576"}, {"GB", "1073741824"}, {"B", "1"}}) {
      if (u.endsWith(unit[0])) {
        mult = Long.parseLong(unit[1]);
        u = u.substring(0, u.length() - unit[0].length()).trim();
        break;
      }
    }
    try {
      long v = Long.parseLong(u);
      if (v <= 0) {
        throw new NumberFormatException();
      }
      return Math.multiplyExact(v, mult);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("bad size \"" + s + "\" (expected a positive number with KB, MB or GB)");
    }
  }

  private static String formatSize(long bytes) {
    if (bytes >= 1L << 30 && bytes % (1L << 30) == 0) {
      return bytes / (1L << 30) + "GB";
    }
    if (bytes >= 1L << 20) {
      return String.format(Locale.ROOT, "%.1fMB", bytes / (double) (1L << 20));
    }
    return bytes >= 1024 ? String.format(Locale.ROOT, "%.1fKB", bytes / 1024.0) : bytes + "B";
  }
}
