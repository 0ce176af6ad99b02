package io.zeo.server.internal;

import io.zeo.cache.CacheTraceReport;
import io.zeo.server.ExitCodes;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code zeo cache-stats TRACE [--simulate SIZES]}: hit rates from a client cache trace. */
@Command(name = "cache-stats", mixinStandardHelpOptions = true,
    description = {"Reports hit rates from a client cache trace.",
        "Operation counts and hit rates, and with --simulate the hit rate an LRU cache of other sizes would have had."},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:report printed", "1:the trace cannot be read", "2:bad option"})
public final class CacheStatsCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "TRACE", description = "The cache trace file.")
  Path trace;

  @Option(names = "--simulate", paramLabel = "SIZE[,SIZE...]", description = "Cache sizes to simulate, e.g. 16MB,64MB.")
  String simulate;

  @Override
  public Integer call() {
    List<String> args = new ArrayList<>(List.of(trace.toString()));
    if (simulate != null) {
      args.add("--simulate");
      args.add(simulate);
    }
    try {
      // the report prints to a PrintStream: it writes to this process's standard output
      return CacheTraceReport.run(args.toArray(String[]::new), new PrintStream(System.out, true));
    } catch (IOException e) {
      throw new Failure(ExitCodes.FAILED, "cannot read trace " + trace + ": " + e.getMessage(), e);
    }
  }
}
