package io.zeo.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the baselines and every workload over every transport, and pairs each figure with its
 * baseline:
 * <ul>
 * <li>add, update over a server: the same workload {@code direct}; {@code direct}: the disk
 *     bound, N objects per bare 4 KiB append + force.</li>
 * <li>cold, warm, hot over a server: the same workload {@code direct}; {@code direct}: one
 *     object per bare Unix round trip.</li>
 * <li>cold-load (one object, the cold workload's first client) and invalidation: the bare round
 *     trip of the transport (the Unix one for {@code direct} and {@code inproc}).</li>
 * <li>tiny-commit over a server: the same commit {@code direct}; {@code direct}: the bare
 *     append + force.</li>
 * </ul>
 */
final class Driver {
  /** Everything one run measured. */
  record Run(Config config, Samples tcpRtt, Samples unixRtt, Samples force, List<Result> results,
      double seconds, double loadBefore, double loadAfter) {}

  private final Config cfg;
  private final PrintStream progress;
  private final Map<String, Result> byKey = new HashMap<>();
  private final List<Result> results = new ArrayList<>();

  Driver(Config cfg, PrintStream progress) {
    this.cfg = cfg;
    this.progress = progress;
  }

  Run run() throws Exception {
    long t0 = System.nanoTime();
    double loadBefore = loadAverage();
    Path dir = Files.createTempDirectory(cfg.dir(), "zeo-bench-");
    try {
      progress.println("baselines: bare round trips and 4 KiB append + force in " + dir);
      Samples tcp = Baselines.tcpRoundTrip(cfg.pings());
      Samples unix = Baselines.unixRoundTrip(dir, cfg.pings());
      Samples force = Baselines.diskAppendForce(dir, cfg.forces());
      // direct first: it is the others' baseline
      List<String> order = new ArrayList<>(cfg.transports());
      order.sort(Comparator.comparingInt(Config.TRANSPORTS::indexOf));
      for (String transport : order) {
        try (Target target = Target.open(transport, dir)) {
          measure(target, tcp, unix, force);
        }
      }
      return new Run(cfg, tcp, unix, force, List.copyOf(results), (System.nanoTime() - t0) / 1e9,
          loadBefore, loadAverage());
    } finally {
      deleteTree(dir);
    }
  }

  private void measure(Target target, Samples tcp, Samples unix, Samples force) throws Exception {
    String tr = target.transport();
    boolean direct = target.isDirect();
    Workloads w = new Workloads(target, cfg.objects(), cfg.size(), cfg.txns());
    for (int clients : cfg.clients()) {
      progress.printf("%s: add, update, cold, warm with %d client(s)%n", tr, clients);
      Workloads.Round r = w.round(clients);
      double diskBound = cfg.objects() / (force.p50() / 1e6);
      double rttBound = 1e6 / unix.p50();
      rate("add", tr, clients, r.addRate(), direct ? "disk bound" : "direct", direct ? diskBound : Double.NaN);
      rate("update", tr, clients, r.updateRate(), direct ? "disk bound" : "direct",
          direct ? diskBound : Double.NaN);
      rate("cold", tr, clients, r.coldRate(), direct ? "unix RTT bound" : "direct", direct ? rttBound : Double.NaN);
      rate("warm", tr, clients, r.warmRate(), direct ? "unix RTT bound" : "direct", direct ? rttBound : Double.NaN);
      if (clients == cfg.clients().get(0)) {
        Samples rtt = tr.equals("tcp") ? tcp : unix;
        add(Result.latency("cold-load", tr, r.coldLoads(), tr.equals("tcp") ? "tcp RTT" : "unix RTT", rtt.p50(),
            "one load through a client with an empty cache, " + clients + " client(s)"));
      }
    }
    progress.printf("%s: tiny commits%n", tr);
    Samples tiny = w.tinyCommits(cfg.tinyCommits());
    Result directTiny = byKey.get(key("tiny-commit", "direct", 1));
    add(Result.latency("tiny-commit", tr, tiny, direct ? "disk force" : "direct",
        direct ? force.p50() : directTiny == null ? Double.NaN : directTiny.value(), "1 object of " + cfg.size() + " B"));
    progress.printf("%s: invalidation latency%n", tr);
    Workloads.Invalidation inv = w.invalidations(cfg.invalidations());
    Samples rtt = tr.equals("tcp") ? tcp : unix;
    add(Result.latency("invalidation", tr, inv.latency(), tr.equals("tcp") ? "tcp RTT" : "unix RTT", rtt.p50(),
        "from the served storage's listener to the other client's; " + inv.heardBeforeFinishReturned()
            + " of " + inv.latency().count() + " heard before the committer's finish returned"));
    HotWorkload hot = new HotWorkload(target, cfg.objects(), cfg.size(), cfg.txns());
    for (int clients : cfg.clients()) {
      progress.printf("%s: hot with %d client(s)%n", tr, clients);
      try {
        rate("hot", tr, clients, hot.run(clients), direct ? "unix RTT bound" : "direct",
            direct ? 1e6 / unix.p50() : Double.NaN);
      } catch (LinkageError | RuntimeException e) {
        add(Result.skipped("hot", tr, clients, "zeo-db not usable here: " + e));
      }
    }
  }

  private void rate(String workload, String transport, int clients, double value, String baseline,
      double baselineValue) {
    double base = baselineValue;
    if (baseline.equals("direct")) {
      Result d = byKey.get(key(workload, "direct", clients));
      base = d == null ? Double.NaN : d.value();
    }
    Result one = byKey.get(key(workload, transport, 1));
    double scaling = clients == 1 ? 1.0 : one == null ? Double.NaN : value / one.value();
    add(Result.rate(workload, transport, clients, value, baseline, base, scaling));
  }

  private void add(Result r) {
    results.add(r);
    byKey.put(key(r.workload(), r.transport(), r.clients()), r);
  }

  static String key(String workload, String transport, int clients) {
    return workload + "/" + transport + "/" + clients;
  }

  private static double loadAverage() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
