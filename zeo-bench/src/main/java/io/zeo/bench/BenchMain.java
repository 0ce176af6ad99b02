package io.zeo.bench;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The end-to-end driver: {@code java -jar zeo-bench.jar [--quick] [--json FILE] ...}. Prints
 * progress on stderr and the result tables (Markdown) on stdout. See docs/performance.md.
 */
@Command(name = "zeo-bench", mixinStandardHelpOptions = true,
    description = "Measures ZEO workloads over direct, inproc, unix and tcp against bare round trips and disk forces.")
public final class BenchMain implements Callable<Integer> {
  @Option(names = "--objects", description = "objects per transaction (default ${DEFAULT-VALUE})")
  int objects = 1_000;

  @Option(names = "--size", description = "bytes per object (default ${DEFAULT-VALUE})")
  int size = 300;

  @Option(names = "--txns", description = "transactions per client in add and update (default ${DEFAULT-VALUE})")
  int txns = 5;

  @Option(names = "--clients", split = ",", description = "client counts (default ${DEFAULT-VALUE})")
  List<Integer> clients = List.of(1, 4, 8);

  @Option(names = "--transports", split = ",", description = "among direct, inproc, unix, tcp (default all)")
  List<String> transports = Config.TRANSPORTS;

  @Option(names = "--tiny-commits", description = "one-object commits timed (default ${DEFAULT-VALUE})")
  int tinyCommits = 2_000;

  @Option(names = "--invalidations", description = "invalidation latencies timed (default ${DEFAULT-VALUE})")
  int invalidations = 2_000;

  @Option(names = "--pings", description = "bare round trips per socket kind (default ${DEFAULT-VALUE})")
  int pings = 20_000;

  @Option(names = "--forces", description = "bare 4 KiB append + force repetitions (default ${DEFAULT-VALUE})")
  int forces = 500;

  @Option(names = "--reads", description = "object reads per client in warm and hot (default ${DEFAULT-VALUE})")
  int reads = 200_000;

  @Option(names = "--blocks", description = "latency probes and baselines are interleaved in this many blocks (default ${DEFAULT-VALUE})")
  int blocks = 10;

  @Option(names = "--dir", description = "where to make the run's temp dir: the disk measured (default: java.io.tmpdir)")
  Path dir = Path.of(System.getProperty("java.io.tmpdir"));

  @Option(names = "--quick", description = "small sizes, every figure, well under 30 s: the CI smoke test")
  boolean quick;

  @Option(names = "--json", paramLabel = "FILE", description = "also write the results as JSON to FILE")
  Path json;

  private final PrintStream out;
  private final PrintStream progress;

  /** A driver printing to the standard streams. */
  public BenchMain() {
    this(System.out, System.err);
  }

  BenchMain(PrintStream out, PrintStream progress) {
    this.out = out;
    this.progress = progress;
  }

  @Override
  public Integer call() throws Exception {
    Config cfg = new Config(objects, size, txns, clients, transports, tinyCommits, invalidations, pings, forces, reads,
        blocks, dir);
    if (quick) {
      cfg = cfg.quick();
    }
    Driver.Run run = new Driver(cfg, progress).run();
    Report report = new Report(run);
    out.print(report.markdown());
    if (json != null) {
      Files.writeString(json, report.json(), StandardCharsets.UTF_8);
      progress.println("wrote " + json);
    }
    return 0;
  }

  /** Runs the driver; exits with 0 on success, 1 on a failed run, 2 on bad arguments. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchMain()).execute(args));
  }
}
