package io.zeo.spi;

import java.util.Set;

/**
 * Learns what changed in a storage. Registered with {@link Storage#addListener}.
 *
 * <p>Called on the committing thread (local storages) or the connection's thread (client
 * storages); implementations must be quick, must not block and must not call the storage's
 * two-phase-commit methods. An exception from a listener is logged and does not undo anything.
 */
public interface StorageListener {
  /**
   * Transaction {@code tid} committed and changed {@code oids}. Called for every committed
   * transaction, including those committed through the same storage instance, in tid order,
   * and before {@link Storage#lastTransaction()} returns {@code tid} to anyone.
   */
  void invalidate(long tid, Set<Long> oids);

  /**
   * Anything may have changed (a client storage reconnected and could not tell what changed
   * while it was away): drop every cached object. {@code tid} is the storage's last tid now.
   */
  default void invalidateAll(long tid) {}

  /** Size, last tid or other info changed (after a commit or a pack). */
  default void infoChanged(StorageInfo info) {}
}
