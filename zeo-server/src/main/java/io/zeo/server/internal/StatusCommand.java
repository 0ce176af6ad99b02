package io.zeo.server.internal;

import io.zeo.core.ClientStorage;
import io.zeo.server.ExitCodes;
import io.zeo.spi.StorageError;
import io.zeo.spi.StorageInfo;
import io.zeo.spi.Tid;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
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
 * {@code zeo status ADDR [--storage NAME]...}: the report a {@code zeo serve} process keeps in
 * its {@value StatusStorage#NAME} storage (server pid, uptime, connections; per storage last
 * tid, size, commits, conflicts, transactions in progress, pack state). Against a server
 * without that report (an embedded {@code ZeoServer}), the storage info every client gets.
 */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Prints the state of a server and its storages.",
        "Lines \"server KEY: VALUE\" and \"storage NAME KEY: VALUE\": pid, uptime, connections; per storage",
        "last transaction, size, read-only, commits, conflicts, transactions in progress, pack state."},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:reported", "1:the server or a named storage could not be reached", "2:bad option"})
public final class StatusCommand implements Callable<Integer> {
  /** What the report lacks: these need a status call inside the server core. */
  static final String NOT_AVAILABLE = "per-client peer, user and connected-since; commit-lock waits";

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ADDR", description = "Server address: tcp://HOST:PORT, HOST:PORT or unix:/PATH.")
  String address;

  @Option(names = "--storage", paramLabel = "NAME", description = "Report only these storages (repeatable).")
  List<String> storages = new ArrayList<>();

  @Mixin
  ClientOptions client;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.println("server address: " + ClientOptions.address(address));
    String report;
    try (ClientStorage s = client.builder(address, StatusStorage.NAME).open()) {
      report = new String(s.load(0).data(), StandardCharsets.UTF_8);
    } catch (StorageError e) {
      if (!String.valueOf(e.getMessage()).contains("no storage named")) {
        out.println("server error: " + ZeoCommand.describe(e));
        return ExitCodes.FAILED;
      }
      return fromInfo(out);
    }
    int status = ExitCodes.OK;
    for (String name : storages) {
      if (!report.contains("storage " + name + " ")) {
        out.println("storage " + name + " error: the server does not serve it");
        status = ExitCodes.FAILED;
      }
    }
    for (String line : report.split("\n")) {
      if (storages.isEmpty() || !line.startsWith("storage ")
          || storages.stream().anyMatch(n -> line.startsWith("storage " + n + " "))) {
        out.println(line);
      }
    }
    out.println("not reported: " + NOT_AVAILABLE);
    return status;
  }

  /** A server without a status report: what each storage's handshake tells. */
  private int fromInfo(PrintWriter out) {
    int status = ExitCodes.OK;
    for (String name : storages.isEmpty() ? List.of("1") : storages) {
      try (ClientStorage s = client.builder(address, name).open()) {
        StorageInfo i = s.info();
        String p = "storage " + name + " ";
        out.println(p + "last-transaction: " + Tid.describe(s.lastTransaction()));
        out.println(p + "size: " + i.size());
        out.println(p + "read-only: " + i.readOnly());
        out.println(p + "supports-undo: " + i.supportsUndo());
        out.println(p + "supports-pack: " + i.supportsPack());
      } catch (StorageError e) {
        out.println("storage " + name + " error: " + ZeoCommand.describe(e));
        status = ExitCodes.FAILED;
      }
    }
    out.println("not reported (this server keeps no status report): connections, commits, conflicts, "
        + "transactions in progress, pack state; " + NOT_AVAILABLE);
    return status;
  }
}
