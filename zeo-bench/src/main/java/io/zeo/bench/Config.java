package io.zeo.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * What one run measures and how much.
 *
 * @param objects objects per transaction (N)
 * @param size bytes per object (S)
 * @param txns transactions per client in add and update
 * @param clients the client counts each throughput workload runs with
 * @param transports among direct, inproc, unix, tcp
 * @param tinyCommits repetitions of the one-object commit
 * @param invalidations repetitions of the invalidation latency probe
 * @param pings bare round trips per socket kind
 * @param forces bare 4 KiB append + force repetitions
 * @param reads object reads per client in warm and hot (whole passes over its objects, at least one)
 * @param blocks how many blocks the latency probes and baselines are cut into and interleaved in
 * @param dir where the temp directory of the run is made (the disk being measured)
 */
record Config(int objects, int size, int txns, List<Integer> clients, List<String> transports,
    int tinyCommits, int invalidations, int pings, int forces, int reads, int blocks, Path dir) {

  static final List<String> TRANSPORTS = List.of("direct", "inproc", "unix", "tcp");

  Config {
    positive("objects", objects);
    positive("size", size);
    positive("txns", txns);
    positive("tiny commits", tinyCommits);
    positive("invalidations", invalidations);
    positive("pings", pings);
    positive("forces", forces);
    positive("reads", reads);
    positive("blocks", blocks);
    clients = List.copyOf(clients);
    transports = List.copyOf(transports);
    if (clients.isEmpty()) {
      throw new IllegalArgumentException("no client count given; expected e.g. 1,4,8");
    }
    for (int c : clients) {
      positive("client count", c);
    }
    for (String t : transports) {
      if (!TRANSPORTS.contains(t)) {
        throw new IllegalArgumentException("unknown transport \"" + t + "\"; expected one of " + TRANSPORTS);
      }
    }
  }

  /** The sizes of {@code --quick}: every figure, small enough for a CI smoke test. */
  Config quick() {
    return new Config(Math.min(objects, 100), size, Math.min(txns, 2), clients, transports,
        Math.min(tinyCommits, 50), Math.min(invalidations, 50), Math.min(pings, 2_000),
        Math.min(forces, 50), Math.min(reads, 10_000), Math.min(blocks, 5), dir);
  }

  /** Read passes per client in warm and hot: enough for {@link #reads} reads. */
  int passes() {
    return Math.max(1, reads / (objects * txns));
  }

  private static void positive(String what, int n) {
    if (n < 1) {
      throw new IllegalArgumentException(what + " " + n + " is not positive");
    }
  }
}
