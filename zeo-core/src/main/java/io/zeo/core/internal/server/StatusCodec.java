package io.zeo.core.internal.server;

import io.zeo.core.ServerStatus;
import io.zeo.core.ServerStatus.ConnectionStatus;
import io.zeo.core.ServerStatus.PackState;
import io.zeo.core.ServerStatus.StorageStatus;
import io.zeo.core.internal.wire.MessageReader;
import io.zeo.core.internal.wire.MessageWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The STATUS reply's layout, written by the server and read by {@link io.zeo.core.ZeoAdmin};
 * {@code docs/protocol.md} ("Administration") describes it. Instants travel as epoch
 * milliseconds, 0 meaning absent.
 */
public final class StatusCodec {
  private StatusCodec() {}

  static void write(MessageWriter w, ServerStatus s) {
    w.i64(s.started().toEpochMilli()).strings(s.addresses()).i32(s.storages().size());
    for (StorageStatus t : s.storages()) {
      w.string(t.name()).i64(t.lastTid()).i64(t.size()).bool(t.readOnly()).i64(t.commits()).i64(t.conflicts())
          .i64(t.commitLockWaits()).i32(t.transactionsInProgress())
          .i64(millis(t.pack().runningSince())).i64(millis(t.pack().lastEnded())).string(t.pack().lastResult());
    }
    w.i32(s.connections().size());
    for (ConnectionStatus c : s.connections()) {
      w.string(c.peer()).string(c.storage()).string(c.principal()).i64(c.since().toEpochMilli());
    }
  }

  public static ServerStatus read(MessageReader r) {
    Instant started = Instant.ofEpochMilli(r.i64());
    List<String> addresses = r.strings();
    int n = r.count(8);
    List<StorageStatus> storages = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String name = r.string();
      long lastTid = r.i64();
      long size = r.i64();
      boolean readOnly = r.bool();
      long commits = r.i64();
      long conflicts = r.i64();
      long waits = r.i64();
      int inProgress = r.i32();
      Optional<Instant> running = instant(r.i64());
      Optional<Instant> ended = instant(r.i64());
      PackState pack = new PackState(running, ended, r.string());
      storages.add(new StorageStatus(name, lastTid, size, readOnly, commits, conflicts, waits, inProgress, pack));
    }
    int m = r.count(8);
    List<ConnectionStatus> connections = new ArrayList<>(m);
    for (int i = 0; i < m; i++) {
      connections.add(new ConnectionStatus(r.string(), r.string(), r.string(), Instant.ofEpochMilli(r.i64())));
    }
    r.end();
    return new ServerStatus(started, addresses, storages, connections);
  }

  private static long millis(Optional<Instant> t) {
    return t.map(Instant::toEpochMilli).orElse(0L);
  }

  private static Optional<Instant> instant(long millis) {
    return millis == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
  }
}
