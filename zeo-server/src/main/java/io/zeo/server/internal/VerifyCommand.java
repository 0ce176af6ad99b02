package io.zeo.server.internal;

import io.zeo.server.ExitCodes;
import io.zeo.spi.StorageError;
import io.zeo.storage.file.FileStorageTools;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code zeo verify FILE}: checks a FileStorage data file end to end; read-only. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Checks a FileStorage data file end to end.",
        "Every transaction's checksum and structure, tid order, and every data record's back pointers.",
        "Prints each problem with its offset and tid.",
        "Reads only. Run it on a file no server is writing (or on a copy)."},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:no problem found", "1:problems found (see zeo recover), or the file cannot be read",
        "2:bad option"})
public final class VerifyCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The data file, e.g. /var/zeo/main.fs")
  Path file;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (!Files.isRegularFile(file)) {
      throw new Failure(ExitCodes.FAILED, "no data file " + file);
    }
    FileStorageTools.VerifyReport r;
    try {
      r = FileStorageTools.verify(file);
    } catch (StorageError e) {
      throw new Failure(ExitCodes.FAILED, e.getMessage(), e);
    }
    for (FileStorageTools.Problem p : r.problems()) {
      out.println("problem at " + p);
    }
    out.println(file + ": " + r.transactions() + " intact transaction(s), " + r.bytes() + " bytes, "
        + (r.ok() ? "no problems" : r.problems().size() + " problem(s)"));
    return r.ok() ? ExitCodes.OK : ExitCodes.FAILED;
  }
}
