package io.zeo.server.internal;

import io.zeo.core.ClientStorage;
import io.zeo.server.ExitCodes;
import io.zeo.spi.StorageError;
import io.zeo.spi.StorageInfo;
import io.zeo.spi.Tid;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code zeo status ADDR [--storage NAME]...}: what the protocol tells a client about each
 * storage, one {@code key: value} line each. The protocol has no server-wide status call yet, so
 * connected clients, commit and conflict counts, commit-lock waits, transactions in progress and
 * pack state are not reported (the command says so rather than print made-up numbers).
 */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Prints the state of a server's storages.",
        "Per storage: last transaction, size, read-only, undo and pack support,",
        "as lines \"storage NAME KEY: VALUE\"."},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:every storage answered", "1:a storage could not be reached", "2:bad option"})
public final class StatusCommand implements Callable<Integer> {
  /** What a status call in the server core would add; printed so nobody mistakes absence for zero. */
  static final String NOT_AVAILABLE = "connected clients, commits, conflicts, commit-lock waits, "
      + "transactions in progress, pack state";

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ADDR", description = "Server address: tcp://HOST:PORT, HOST:PORT or unix:/PATH.")
  String address;

  @Option(names = "--storage", paramLabel = "NAME", description = "Storage to report (repeatable); default 1.")
  List<String> storages = new ArrayList<>();

  @Mixin
  ClientOptions client;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<String> names = storages.isEmpty() ? List.of("1") : storages;
    out.println("server " + ClientOptions.address(address));
    int status = ExitCodes.OK;
    for (String name : names) {
      try (ClientStorage s = client.builder(address, name).open()) {
        StorageInfo i = s.info();
        long last = s.lastTransaction();
        String p = "storage " + name + " ";
        out.println(p + "last-transaction: " + Tid.describe(last));
        out.println(p + "size: " + i.size());
        out.println(p + "read-only: " + i.readOnly());
        out.println(p + "supports-undo: " + i.supportsUndo());
        out.println(p + "supports-pack: " + i.supportsPack());
      } catch (StorageError e) {
        out.println("storage " + name + " error: " + ZeoCommand.describe(e));
        status = ExitCodes.FAILED;
      }
    }
    out.println("not available from this server version: " + NOT_AVAILABLE);
    return status;
  }
}
