package io.zeo.db;

/**
 * Implemented by a persistent class whose concurrent changes can be merged instead of failing
 * with a {@link io.zeo.spi.ConflictError} (ZODB's {@code _p_resolveConflict}).
 *
 * <p>When a transaction stores an object that another transaction changed since it was read, the
 * storage asks the database's resolver at vote; the resolver decodes the three states with the
 * allow-listed marshaller and calls this method on an instance of the class created without a
 * constructor and without state (so the method must use only its arguments). It runs in the
 * committing process (on the client, for a {@code ClientStorage}), must be side-effect free and
 * deterministic, and must not touch other persistent objects.
 */
public interface ConflictResolvable {
  /**
   * Merges two concurrent changes.
   *
   * @param original the state both transactions started from
   * @param committed the state the other transaction committed
   * @param mine the state this transaction wants to store
   * @return the merged state (usually of the same class), or {@code null} if the changes cannot
   *     be merged; throwing has the same effect and its message is logged
   */
  ObjectState resolveConflict(ObjectState original, ObjectState committed, ObjectState mine);
}
