package io.zeo.server.internal;

import io.zeo.core.ServerStatus;
import io.zeo.core.ZeoAdmin;
import io.zeo.server.ExitCodes;
import io.zeo.spi.StorageError;
import io.zeo.spi.Tid;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code zeo status ADDR [--storage NAME]...}: the server's status call ({@link ZeoAdmin#status()}):
 * per storage last tid, size, commits, conflicts, commit-lock waits, transactions in progress
 * and pack state; per client peer, storage, user and connected-since.
 */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Prints the state of a server, its storages and its clients.",
        "Lines \"server KEY: VALUE\", \"storage NAME KEY: VALUE\" and \"client PEER: storage S, user U, since T\".",
        "Counters (commits, conflicts, commit-lock waits) are the server's since it started.",
        "With login (--user), the user needs the admin right on the storage connected to."},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:reported", "1:the server or a named storage could not be reached, or status refused",
        "2:bad option"})
public final class StatusCommand implements Callable<Integer> {
  /** How the server names what it serves when asked for a storage it lacks. */
  private static final Pattern SERVES = Pattern.compile("it serves \\[(.*)\\]");

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ADDR", description = "Server address: tcp://HOST:PORT, HOST:PORT or unix:/PATH.")
  String address;

  @Option(names = "--storage", paramLabel = "NAME",
      description = "Report only these storages and their clients (repeatable); the first is the one connected to.")
  List<String> storages = new ArrayList<>();

  @Mixin
  ClientOptions client;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.println("server address: " + ClientOptions.address(address));
    ServerStatus status;
    try {
      status = fetch();
    } catch (StorageError e) {
      out.println("server error: " + ZeoCommand.describe(e));
      return ExitCodes.FAILED;
    }
    out.println("server started: " + status.started());
    out.println("server uptime: " + Duration.between(status.started(), Instant.now()).withNanos(0));
    out.println("server addresses: " + String.join(", ", status.addresses()));
    out.println("server connections: " + status.connections().size());
    int exit = ExitCodes.OK;
    for (String name : storages) {
      if (status.storage(name).isEmpty()) {
        out.println("storage " + name + " error: the server does not serve it");
        exit = ExitCodes.FAILED;
      }
    }
    for (ServerStatus.StorageStatus s : status.storages()) {
      if (!storages.isEmpty() && !storages.contains(s.name())) {
        continue;
      }
      String p = "storage " + s.name() + " ";
      out.println(p + "last-transaction: " + Tid.describe(s.lastTid()));
      out.println(p + "size: " + s.size());
      out.println(p + "read-only: " + s.readOnly());
      out.println(p + "commits: " + s.commits());
      out.println(p + "conflicts: " + s.conflicts());
      out.println(p + "commit-lock-waits: " + s.commitLockWaits());
      out.println(p + "transactions-in-progress: " + s.transactionsInProgress());
      out.println(p + "pack: " + s.pack());
    }
    for (ServerStatus.ConnectionStatus c : status.connections()) {
      if (storages.isEmpty() || storages.contains(c.storage())) {
        out.println("client " + c.peer() + ": storage " + c.storage() + ", user "
            + (c.principal().isEmpty() ? "-" : c.principal()) + ", since " + c.since());
      }
    }
    return exit;
  }

  /**
   * The handshake needs a storage name: the first --storage, else ZEO's default "1"; if the
   * server does not serve that one, the first it names in its refusal.
   */
  private ServerStatus fetch() {
    String first = storages.isEmpty() ? "1" : storages.get(0);
    try (ZeoAdmin admin = client.admin(address, first)) {
      return admin.status();
    } catch (StorageError e) {
      Matcher m = SERVES.matcher(String.valueOf(e.getMessage()));
      if (!m.find() || m.group(1).isBlank()) {
        throw e;
      }
      try (ZeoAdmin admin = client.admin(address, m.group(1).split(",")[0].trim())) {
        return admin.status();
      }
    }
  }
}
