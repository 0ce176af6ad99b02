package io.zeo.server.internal;

import io.zeo.core.ClientStorage;
import io.zeo.server.ExitCodes;
import io.zeo.spi.RecordEnvelope;
import io.zeo.spi.StorageError;
import io.zeo.spi.Tid;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code zeo pack ADDR --storage NAME [--days N | --before TIME] [--wait]}: asks the server to
 * pack. Without {@code --wait} it returns once the server has taken the request (a call made
 * after the pack request on the same connection has been answered, and the server handles one
 * connection's calls in order, so a refusal would have arrived first); with it, once the pack
 * is done, with the server's error and status 1 if it failed.
 */
@Command(name = "pack", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Packs a storage on a running server.",
        "Removes the revisions no snapshot after the pack time needs; default pack time: now."},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:pack done (--wait) or started", "1:pack failed or refused, or the server cannot be reached",
        "2:bad option"})
public final class PackCommand extends OneStorageCommand {
  @ArgGroup(exclusive = true)
  When when;

  static final class When {
    @Option(names = "--days", paramLabel = "N", description = "Keep N days of history (pack time: N days ago).")
    Double days;

    @Option(names = "--before", paramLabel = "TIME",
        description = "Pack time as UTC 2026-11-01, 2026-11-01T12:00 or an ISO instant 2026-11-01T12:00:00Z.")
    String before;
  }

  @Option(names = "--wait", description = "Wait until the pack is done and report its outcome.")
  boolean waitForIt;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Instant packTime = packTime(when, Instant.now());
    long packTid = Tid.of(packTime);
    try (ClientStorage s = client.builder(address, storage).open()) {
      long started = System.nanoTime();
      CompletableFuture<Void> pack = new CompletableFuture<>();
      Thread requester = new Thread(() -> {
        try {
          s.pack(packTid, RecordEnvelope.REFERENCES);
          pack.complete(null);
        } catch (Throwable e) {
          pack.completeExceptionally(e);
        }
      }, "zeo-pack-request");
      requester.setDaemon(true);
      requester.start();
      if (!waitForIt) {
        awaitSent(requester, pack);
        // The server handles one connection's calls in order: once a later call is answered,
        // a refusal of the pack (rights, read-only, no pack support) has arrived too.
        s.undoLog(0, 1, null);
        if (pack.isCompletedExceptionally()) {
          pack.join();
        }
        out.println("pack of storage " + storage + " before " + packTime + " "
            + (pack.isDone() ? "done" : "started; the server logs its end"));
        return ExitCodes.OK;
      }
      pack.join();
      out.println("pack of storage " + storage + " before " + packTime + " done in "
          + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms; size now " + s.size() + " bytes");
      return ExitCodes.OK;
    } catch (java.util.concurrent.CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new Failure(ExitCodes.FAILED, "pack of storage " + storage + " failed: " + ZeoCommand.describe(cause), cause);
    } catch (StorageError | UnsupportedOperationException e) {
      throw new Failure(ExitCodes.FAILED, "pack of storage " + storage + " failed: " + ZeoCommand.describe(e), e);
    }
  }

  /**
   * Waits until the pack request is on the wire: ClientStorage offers only a pack that waits
   * for the end, so the request thread is watched until it parks waiting for the reply (its
   * write is synchronous and comes first) or the pack is already over.
   */
  private void awaitSent(Thread requester, CompletableFuture<Void> pack) {
    long deadline = System.nanoTime() + client.connectTimeout().toNanos();
    while (!pack.isDone()) {
      Thread.State st = requester.getState();
      if (st == Thread.State.WAITING || st == Thread.State.TIMED_WAITING) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new Failure(ExitCodes.FAILED, "the pack request was not sent within " + client.connectTimeout());
      }
      java.util.concurrent.locks.LockSupport.parkNanos(200_000);
    }
  }

  /** The pack time the options name; now without one. */
  static Instant packTime(When when, Instant now) {
    if (when == null) {
      return now;
    }
    if (when.days != null) {
      if (when.days < 0 || when.days.isNaN() || when.days.isInfinite()) {
        throw Failure.usage("--days " + when.days + " is not a non-negative number");
      }
      return now.minus(Duration.ofSeconds(Math.round(when.days * 86_400)));
    }
    String t = when.before.trim();
    try {
      if (t.matches("\\d{4}-\\d{2}-\\d{2}")) {
        return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
      }
      if (t.endsWith("Z") || t.matches(".*[+-]\\d{2}:\\d{2}$")) {
        return java.time.OffsetDateTime.parse(t).toInstant();
      }
      return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw Failure.usage("--before \"" + when.before + "\" is not a time such as 2026-11-01, 2026-11-01T12:00 "
          + "(UTC) or 2026-11-01T12:00:00+01:00");
    }
  }
}
