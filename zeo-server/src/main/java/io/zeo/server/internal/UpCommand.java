package io.zeo.server.internal;

import io.zeo.core.ClientStorage;
import io.zeo.server.ExitCodes;
import io.zeo.spi.RecordEnvelope;
import io.zeo.spi.StorageUri;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code zeo up ADDR [--storage NAME] [--write] [--timeout D]}: a liveness check for monitors
 * (ZEO's zeoup). Connects; with {@code --write} also commits a marker transaction (a new,
 * unreferenced object that the next pack removes); prints one line and exits 0 if the server
 * is up, 1 with the reason if not.
 */
@Command(name = "up", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Checks that a server is up (liveness check for monitors).",
        "Connects to a storage and, with --write, commits a marker transaction.",
        "Prints one line: \"UP ...\" or \"DOWN: reason\"."},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:up", "1:down, unreachable, refused or too slow", "2:bad option"})
public final class UpCommand extends OneStorageCommand {
  @Option(names = "--write", description = "Also commit a marker transaction (needs write access).")
  boolean write;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s",
      description = "Give up (DOWN) after this long, connecting included; default ${DEFAULT-VALUE}.")
  String timeout;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Duration limit;
    try {
      limit = StorageUri.parseDuration("--timeout", timeout);
    } catch (IllegalArgumentException e) {
      throw Failure.usage(e.getMessage());
    }
    ClientStorage.Builder b = client.builder(address, storage);
    long started = System.nanoTime();
    // the check runs on a daemon thread so a server that accepts but never answers cannot hold us past the limit
    CompletableFuture<String> check = CompletableFuture.supplyAsync(() -> check(b), r -> {
      Thread t = new Thread(r, "zeo-up");
      t.setDaemon(true);
      t.start();
    });
    try {
      String what = check.get(limit.toMillis(), TimeUnit.MILLISECONDS);
      out.println("UP " + ClientOptions.address(address) + " storage " + storage + ": " + what + " ("
          + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms)");
      return ExitCodes.OK;
    } catch (TimeoutException e) {
      out.println("DOWN: no answer from " + address + " within " + limit);
    } catch (ExecutionException e) {
      out.println("DOWN: " + ZeoCommand.describe(e.getCause()).replace('\n', ' '));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      out.println("DOWN: interrupted");
    }
    return ExitCodes.FAILED;
  }

  private String check(ClientStorage.Builder b) {
    try (ClientStorage s = b.open()) {
      if (!write) {
        return "last transaction " + Tid.describe(s.lastTransaction());
      }
      TransactionMetadata txn = new TransactionMetadata("zeo up", "liveness check", Map.of());
      s.tpcBegin(txn);
      try {
        long oid = s.newOid();
        byte[] marker = ("zeo up " + Instant.now()).getBytes(StandardCharsets.UTF_8);
        s.store(oid, Tid.NONE, RecordEnvelope.wrap(new long[0], marker), txn);
        s.tpcVote(txn);
        long tid = s.tpcFinish(txn);
        return "committed marker transaction " + Tid.describe(tid);
      } catch (RuntimeException e) {
        s.tpcAbort(txn);
        throw e;
      }
    }
  }
}
