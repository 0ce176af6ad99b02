package io.zeo.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs a whole measurement: opens every target, warms each up, runs the throughput workloads
 * target by target, then the latency probes and the bare baselines interleaved in blocks, and
 * pairs each figure with its baseline:
 * <ul>
 * <li>add, update over a server: the same workload {@code direct}; {@code direct}: the disk
 *     bound, N objects per bare 4 KiB append + force.</li>
 * <li>cold, warm, hot over a server: the same workload {@code direct}; {@code direct}: one
 *     object per bare Unix round trip.</li>
 * <li>cold-load and invalidation: the bare round trip of the transport (the Unix one for
 *     {@code direct} and {@code inproc}).</li>
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
  private final Map<String, Integer> heardEarly = new HashMap<>();

  Driver(Config cfg, PrintStream progress) {
    this.cfg = cfg;
    this.progress = progress;
  }

  Run run() throws Exception {
    long t0 = System.nanoTime();
    double loadBefore = loadAverage();
    Path dir = Files.createTempDirectory(cfg.dir(), "zeo-bench-");
    // direct first: it is the others' baseline
    List<String> order = new ArrayList<>(cfg.transports());
    order.sort(Comparator.comparingInt(Config.TRANSPORTS::indexOf));
    Map<String, Target> targets = new LinkedHashMap<>();
    try {
      for (String transport : order) {
        targets.put(transport, Target.open(transport, dir));
      }
      progress.println("warming up every target (discarded)");
      for (Target t : targets.values()) {
        new Workloads(t, cfg.objects(), cfg.size(), 1, 1).round(1);
      }
      for (Target t : targets.values()) {
        throughputs(t);
      }
      Samples tcp = new Samples(cfg.pings());
      Samples unix = new Samples(cfg.pings());
      Samples force = new Samples(cfg.forces());
      Map<String, Samples[]> latencies = latencies(targets, dir, tcp, unix, force);
      fillBaselines(force, unix);
      for (Map.Entry<String, Samples[]> e : latencies.entrySet()) {
        latencyRows(e.getKey(), e.getValue(), tcp, unix, force);
      }
      return new Run(cfg, tcp, unix, force, List.copyOf(results), (System.nanoTime() - t0) / 1e9,
          loadBefore, loadAverage());
    } finally {
      for (Target t : targets.values()) {
        t.close();
      }
      deleteTree(dir);
    }
  }

  private void throughputs(Target target) {
    String tr = target.transport();
    Workloads w = new Workloads(target, cfg.objects(), cfg.size(), cfg.txns(), cfg.passes())
        .onPhase(p -> phase(tr + " " + p));
    for (int clients : cfg.clients()) {
      Workloads.Round r = w.round(clients);
      rate("add", tr, clients, r.addRate(), r.addCpu());
      rate("update", tr, clients, r.updateRate(), r.updateCpu());
      rate("cold", tr, clients, r.coldRate(), r.coldCpu());
      rate("warm", tr, clients, r.warmRate(), r.warmCpu());
    }
    HotWorkload hot = new HotWorkload(target, cfg.objects(), cfg.size(), cfg.txns(), cfg.passes());
    for (int clients : cfg.clients()) {
      phase(tr + " hot " + clients);
      try {
        rate("hot", tr, clients, hot.run(clients), Double.NaN);
      } catch (LinkageError | RuntimeException e) {
        add(Result.skipped("hot", tr, clients, "zeo-db not usable here: " + e));
      }
    }
  }

  /**
   * The latency probes of every target and the bare baselines, in {@link Config#blocks()}
   * rounds, each round running a slice of every one: drift of the machine's load hits all alike.
   * Per transport: tiny commits, invalidations, cold loads.
   */
  private Map<String, Samples[]> latencies(Map<String, Target> targets, Path dir, Samples tcp, Samples unix,
      Samples force) throws Exception {
    Map<String, Samples[]> out = new LinkedHashMap<>();
    Map<String, Probes> probes = new LinkedHashMap<>();
    int blocks = cfg.blocks();
    try (PingPong tcpPing = PingPong.tcp(); PingPong unixPing = PingPong.unix(dir);
        ForceProbe disk = new ForceProbe(dir)) {
      for (Target t : targets.values()) {
        Probes p = new Probes(t, cfg.size());
        probes.put(t.transport(), p);
        out.put(t.transport(), new Samples[] {new Samples(cfg.tinyCommits()), new Samples(cfg.invalidations()),
            new Samples(cfg.invalidations())});
        // warm-up, discarded
        p.tinyCommits(20, new Samples(20));
        p.invalidations(20, new Samples(20));
        p.coldLoads(20, new Samples(20));
        p.resetCounts();
      }
      tcpPing.block(1_000, new Samples(1_000));
      unixPing.block(1_000, new Samples(1_000));
      for (int b = 0; b < blocks; b++) {
        phase("baselines, block " + (b + 1) + " of " + blocks);
        tcpPing.block(slice(cfg.pings(), b), tcp);
        unixPing.block(slice(cfg.pings(), b), unix);
        disk.block(slice(cfg.forces(), b), force);
        for (Map.Entry<String, Probes> e : probes.entrySet()) {
          Samples[] s = out.get(e.getKey());
          phase(e.getKey() + " tiny-commit");
          e.getValue().tinyCommits(slice(cfg.tinyCommits(), b), s[0]);
          phase(e.getKey() + " invalidation");
          e.getValue().invalidations(slice(cfg.invalidations(), b), s[1]);
          phase(e.getKey() + " cold-load");
          e.getValue().coldLoads(slice(cfg.invalidations(), b), s[2]);
        }
      }
      phase("end of probes");
      for (Map.Entry<String, Probes> e : probes.entrySet()) {
        heardEarly.put(e.getKey(), e.getValue().heardBeforeFinishReturned());
      }
    } finally {
      probes.values().forEach(Probes::close);
    }
    return out;
  }

  /** The share of {@code total} that block {@code b} of {@link Config#blocks()} runs. */
  private int slice(int total, int b) {
    int blocks = cfg.blocks();
    return total / blocks + (b < total % blocks ? 1 : 0);
  }

  private void latencyRows(String tr, Samples[] s, Samples tcp, Samples unix, Samples force) {
    boolean direct = tr.equals("direct");
    Samples rtt = tr.equals("tcp") ? tcp : unix;
    String rttName = tr.equals("tcp") ? "tcp RTT" : "unix RTT";
    Result directTiny = byKey.get(key("tiny-commit", "direct", 1));
    double tinyBase = direct ? force.p50() : directTiny == null ? Double.NaN : directTiny.value();
    add(Result.latency("tiny-commit", tr, s[0], direct ? "disk force" : "direct", tinyBase,
        "1 object of " + cfg.size() + " B, begin to finish"));
    add(Result.latency("invalidation", tr, s[1], rttName, rtt.p50(),
        "from the storage's first listener to the other client's; " + heardEarly.getOrDefault(tr, 0) + " of "
            + s[1].count() + " heard before the committer's finish returned"));
    add(Result.latency("cold-load", tr, s[2], rttName, rtt.p50(), "one load, fresh client, empty cache"));
  }

  /** Throughput rows get their baselines once the baselines are measured. */
  private void fillBaselines(Samples force, Samples unix) {
    double diskBound = cfg.objects() / (force.p50() / 1e6);
    double rttBound = 1e6 / unix.p50();
    for (int i = 0; i < results.size(); i++) {
      Result r = results.get(i);
      if (!r.transport().equals("direct") || r.isLatency() || Double.isNaN(r.value())) {
        continue;
      }
      boolean write = r.workload().equals("add") || r.workload().equals("update");
      Result filled = new Result(r.workload(), r.transport(), r.clients(), r.value(), r.unit(), r.p99(),
          write ? "disk bound" : "unix RTT bound", write ? diskBound : rttBound, r.scaling(), r.note());
      results.set(i, filled);
      byKey.put(key(r.workload(), r.transport(), r.clients()), filled);
    }
  }

  /** Logs the start of a phase with the wall-clock time, so a profile can be cut by phase. */
  private void phase(String name) {
    progress.println(java.time.LocalTime.now() + " " + name);
  }

  private void rate(String workload, String transport, int clients, double value, double cpuMicros) {
    Result d = byKey.get(key(workload, "direct", clients));
    boolean direct = transport.equals("direct");
    Result one = byKey.get(key(workload, transport, 1));
    double scaling = clients == 1 ? 1.0 : one == null ? Double.NaN : value / one.value();
    add(Result.rate(workload, transport, clients, value, direct ? "-" : "direct",
        direct || d == null ? Double.NaN : d.value(), scaling,
        Double.isNaN(cpuMicros) ? "" : String.format(java.util.Locale.ROOT, "%.1f µs CPU/object", cpuMicros)));
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
