package io.zeo.server.internal;

import io.zeo.core.ZeoAdmin;
import io.zeo.server.ExitCodes;
import io.zeo.spi.StorageError;
import io.zeo.spi.Tid;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code zeo pack ADDR --storage NAME [--days N | --before TIME] [--wait]}: asks the server to
 * pack ({@link ZeoAdmin#pack}). Without {@code --wait} it returns once the server has started
 * the pack (or with its refusal: read-only, no admin right, cannot pack); with it, once the
 * pack is done, with the server's error and status 1 if it failed.
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
    try (ZeoAdmin admin = client.admin(address, storage)) {
      long started = System.nanoTime();
      admin.pack(packTid, waitForIt);
      if (!waitForIt) {
        out.println("pack of storage " + storage + " before " + packTime + " started; the server logs its end");
        return ExitCodes.OK;
      }
      String size = admin.status().storage(storage).map(s -> "; size now " + s.size() + " bytes").orElse("");
      out.println("pack of storage " + storage + " before " + packTime + " done in "
          + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms" + size);
      return ExitCodes.OK;
    } catch (StorageError | UnsupportedOperationException | IllegalArgumentException e) {
      throw new Failure(ExitCodes.FAILED, "pack of storage " + storage + " failed: " + ZeoCommand.describe(e), e);
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
