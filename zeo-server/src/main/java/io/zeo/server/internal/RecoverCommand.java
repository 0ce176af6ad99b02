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

/** {@code zeo recover FILE OUT}: salvages the intact transactions of a damaged data file. */
@Command(name = "recover", mixinStandardHelpOptions = true,
    description = {"Salvages the intact transactions of a damaged FileStorage data file.",
        "Copies every intact transaction of FILE into a new file OUT, skipping damaged ones. FILE is not changed. Stop the server first; then serve OUT."},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:OUT written (problems skipped are listed)", "1:nothing could be written (FILE unreadable, OUT exists)",
        "2:bad option"})
public final class RecoverCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The damaged data file.")
  Path file;

  @Parameters(index = "1", paramLabel = "OUT", description = "The new data file to write; must not exist.")
  Path output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (!Files.isRegularFile(file)) {
      throw new Failure(ExitCodes.FAILED, "no data file " + file);
    }
    FileStorageTools.RecoverReport r;
    try {
      r = FileStorageTools.recover(file, output);
    } catch (StorageError e) {
      throw new Failure(ExitCodes.FAILED, e.getMessage(), e);
    }
    for (FileStorageTools.Problem p : r.problems()) {
      out.println("skipped at " + p);
    }
    out.println(output + ": " + r.copied() + " transaction(s) recovered, " + r.skippedBytes()
        + " damaged byte(s) left behind");
    return ExitCodes.OK;
  }
}
