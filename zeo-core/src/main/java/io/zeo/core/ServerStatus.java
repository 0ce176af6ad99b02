package io.zeo.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of a running {@link ZeoServer}: its storages with their counters and its open
 * connections. Counters are this server's since it started. Immutable; from
 * {@link ZeoServer#status()} in process or {@link ZeoAdmin#status()} over the wire.
 *
 * @param started when the server started
 * @param addresses the addresses it listens on
 * @param storages the served storages, in the order they were added
 * @param connections the open connections that finished their handshake, oldest first
 */
public record ServerStatus(Instant started, List<String> addresses, List<StorageStatus> storages,
    List<ConnectionStatus> connections) {
  public ServerStatus {
    Objects.requireNonNull(started, "started");
    addresses = List.copyOf(addresses);
    storages = List.copyOf(storages);
    connections = List.copyOf(connections);
  }

  /** The storage of that name, if served. */
  public Optional<StorageStatus> storage(String name) {
    return storages.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /**
   * One served storage.
   *
   * @param lastTid the last committed transaction id ({@code Tid.NONE} when empty)
   * @param size the storage's size in bytes, as it reports it
   * @param commits transactions committed through this server
   * @param conflicts votes and undos refused with a conflict (each try counts: a client that
   *     resolves and votes again may count twice)
   * @param commitLockWaits votes that found the commit lock taken and had to queue
   * @param transactionsInProgress transactions begun by a connected client and not yet finished
   *     or aborted
   */
  public record StorageStatus(String name, long lastTid, long size, boolean readOnly, long commits, long conflicts,
      long commitLockWaits, int transactionsInProgress, PackState pack) {
    public StorageStatus {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(pack, "pack");
    }
  }

  /**
   * The pack state of one storage, for packs requested through the server.
   *
   * @param runningSince when the running pack started; empty when none runs
   * @param lastEnded when the last pack ended; empty if none ended since the server started
   * @param lastResult {@code "ok"}, or {@code "failed: "} and the error; {@code ""} if none ended
   */
  public record PackState(Optional<Instant> runningSince, Optional<Instant> lastEnded, String lastResult) {
    /** No pack ran yet. */
    public static final PackState IDLE = new PackState(Optional.empty(), Optional.empty(), "");

    public PackState {
      Objects.requireNonNull(runningSince, "runningSince");
      Objects.requireNonNull(lastEnded, "lastEnded");
      Objects.requireNonNull(lastResult, "lastResult");
    }

    public boolean running() {
      return runningSince.isPresent();
    }

    /** One line for people: {@code idle}, {@code running since T}, plus the last result. */
    @Override
    public String toString() {
      String now = runningSince.map(t -> "running since " + t).orElse("idle");
      return lastEnded.map(t -> now + "; last ended " + t + ": " + lastResult).orElse(now);
    }
  }

  /**
   * One client connection.
   *
   * @param peer the client's address as the transport names it
   * @param storage the storage it opened
   * @param principal the user it logged in as, {@code ""} without authentication
   * @param since when it connected
   */
  public record ConnectionStatus(String peer, String storage, String principal, Instant since) {
    public ConnectionStatus {
      Objects.requireNonNull(peer, "peer");
      Objects.requireNonNull(storage, "storage");
      Objects.requireNonNull(principal, "principal");
      Objects.requireNonNull(since, "since");
    }
  }
}
