package io.zeo.server.internal;

import io.zeo.core.Zeo;
import io.zeo.server.ExitCodes;
import io.zeo.spi.Storage;
import io.zeo.spi.StorageError;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionCopier;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code zeo copy SRC_URI DST_URI [--resume]}: copies every transaction, tids and metadata
 * kept, from any storage to any storage ({@code file:}, {@code zeo+tcp://...}, ...). A
 * destination that already has transactions is refused unless {@code --resume}, which continues
 * after the destination's last tid (after an interrupted copy, or to catch up later).
 */
@Command(name = "copy", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Copies all transactions from one storage to another.",
        "Tids, metadata and data are kept, so the copy iterates identically.",
        "Progress goes to stderr: a bar on a terminal, else a line every 10 seconds."},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:copied", "1:the copy failed (what was copied stays; rerun with --resume)",
        "2:bad URI or option, or a non-empty destination without --resume"})
public final class CopyCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SRC_URI", description = "Source storage URI, e.g. file:/var/zeo/main.fs")
  String source;

  @Parameters(index = "1", paramLabel = "DST_URI", description = "Destination storage URI, e.g. file:/backup/main.fs")
  String destination;

  @Option(names = "--resume", description = "Continue after the destination's last transaction.")
  boolean resume;

  @Option(names = "--quiet", description = "No progress output.")
  boolean quiet;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Storage src = open("source", source + readOnlyOption(source)); Storage dst = open("destination", destination)) {
      long after = dst.lastTransaction();
      if (after != Tid.NONE && !resume) {
        throw Failure.usage("destination " + destination + " already has transactions (last "
            + Tid.describe(after) + "); give --resume to continue after it, or a new destination");
      }
      long last = src.lastTransaction();
      if (Long.compareUnsigned(after, last) >= 0) {
        out.println("nothing to copy: destination is at " + Tid.describe(after) + ", source at "
            + Tid.describe(last));
        return ExitCodes.OK;
      }
      Progress progress = new Progress(spec.commandLine().getErr(), after, last, quiet);
      long started = System.nanoTime();
      long copied;
      try {
        copied = TransactionCopier.copy(src, dst, after, progress);
      } finally {
        progress.finish();
      }
      long ms = (System.nanoTime() - started) / 1_000_000;
      out.println("copied " + copied + " transaction(s) in " + ms + " ms" + (after == Tid.NONE ? ""
          : " (resumed after " + Tid.describe(after) + ")") + "; destination last transaction "
          + Tid.describe(dst.lastTransaction()));
      return ExitCodes.OK;
    } catch (StorageError e) {
      throw new Failure(ExitCodes.FAILED, "copy failed: " + ZeoCommand.describe(e)
          + "; what was copied is kept, rerun with --resume", e);
    }
  }

  /** The source is only read: open file storages read-only, so a live server's lock is no obstacle. */
  private static String readOnlyOption(String uri) {
    if (!uri.startsWith("file:") || uri.contains("read-only=")) {
      return "";
    }
    return (uri.contains("?") ? "&" : "?") + "read-only=true";
  }

  private static Storage open(String role, String uri) {
    try {
      return Zeo.open(uri);
    } catch (IllegalArgumentException e) {
      throw Failure.usage(role + " " + uri + ": " + e.getMessage());
    } catch (StorageError e) {
      throw new Failure(ExitCodes.FAILED, "cannot open " + role + " " + uri + ": " + ZeoCommand.describe(e), e);
    }
  }
}
