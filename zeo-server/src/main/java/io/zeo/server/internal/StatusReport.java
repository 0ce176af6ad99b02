package io.zeo.server.internal;

import io.zeo.core.ZeoServer;
import io.zeo.spi.StorageInfo;
import io.zeo.spi.Tid;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The text {@link StatusStorage} serves: one {@code key: value} line per fact, server-wide lines
 * first ({@code server KEY: VALUE}), then per storage ({@code storage NAME KEY: VALUE}). The
 * counters are this server's since its start, kept by {@link OperatedStorage}.
 */
final class StatusReport {
  private final Instant started;
  private final boolean readOnly;
  private final Map<String, OperatedStorage> storages;
  private final Supplier<ZeoServer> server;

  StatusReport(Instant started, boolean readOnly, Map<String, OperatedStorage> storages, Supplier<ZeoServer> server) {
    this.started = started;
    this.readOnly = readOnly;
    this.storages = Map.copyOf(storages);
    this.server = server;
  }

  String text() {
    StringBuilder b = new StringBuilder(512);
    ZeoServer z = server.get();
    line(b, "server pid", ProcessHandle.current().pid());
    line(b, "server started", started);
    line(b, "server uptime", Duration.between(started, Instant.now()).withNanos(0));
    line(b, "server read-only", readOnly);
    if (z != null) {
      line(b, "server addresses", String.join(", ", z.addresses()));
      // the asking client's own connection is one of them
      line(b, "server connections", z.connectionCount());
    }
    for (String name : storages.keySet().stream().sorted().toList()) {
      OperatedStorage s = storages.get(name);
      StorageInfo i = s.info();
      String p = "storage " + name + " ";
      line(b, p + "last-transaction", Tid.describe(i.lastTid()));
      line(b, p + "size", i.size());
      line(b, p + "read-only", i.readOnly());
      line(b, p + "supports-undo", i.supportsUndo());
      line(b, p + "supports-pack", i.supportsPack());
      line(b, p + "commits", s.commits());
      line(b, p + "conflicts", s.conflicts());
      line(b, p + "transactions-in-progress", s.transactionsInProgress());
      line(b, p + "pack", s.packState());
    }
    return b.toString();
  }

  private static void line(StringBuilder b, String key, Object value) {
    b.append(key).append(": ").append(value).append('\n');
  }
}
