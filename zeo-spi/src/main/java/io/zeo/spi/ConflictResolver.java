package io.zeo.spi;

import java.util.Optional;

/**
 * Merges a write conflict instead of failing it. A storage that detects that a transaction
 * stored {@code oid} starting from an older revision asks its resolver, at vote, for data that
 * combines both changes; if the resolver returns it, the storage stores that instead and reports
 * the oid from {@link Storage#tpcVote}, otherwise the vote raises {@link ConflictError}.
 *
 * <p>{@code ClientStorage} runs its resolver on the client: the server reports conflicts, the
 * client merges and re-stores, so the server never needs application classes. Undo uses the
 * resolver as well, with the roles described below. Implementations must be thread-safe and
 * side-effect free; returning {@link Optional#empty()} (or throwing) means "cannot merge".
 */
@FunctionalInterface
public interface ConflictResolver {
  /** Resolves nothing: every conflict is reported. */
  ConflictResolver NONE = (oid, original, committed, mine) -> Optional.empty();

  /**
   * @param oid the object in conflict
   * @param original the revision the transaction started from (for undo: the revision being
   *     undone), or {@code null} if it started from nothing
   * @param committed the revision committed meanwhile (for undo: the current revision)
   * @param mine the data the transaction wants to store (for undo: the revision before the
   *     undone one)
   * @return the merged data, or empty if the changes cannot be merged
   */
  Optional<byte[]> resolve(long oid, byte[] original, byte[] committed, byte[] mine);
}
