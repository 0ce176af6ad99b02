package io.zeo.spi;

import java.util.Optional;

/**
 * The cache a client storage keeps of object revisions, each with its validity range
 * {@code [start, end)} ({@code end == }{@link Tid#NONE} for the current revision), so it can
 * serve both {@link Storage#load} and {@link Storage#loadBefore}. It also remembers the last tid
 * it is consistent with, so a reconnecting client can verify it.
 *
 * <p>Bounded: it never holds more than its configured size; eviction is its own business.
 * Thread-safe. Only the client storage writes to it.
 */
public interface ClientCache extends AutoCloseable {
  /** The current revision of {@code oid}, if cached as current. Counts as a hit or a miss. */
  Optional<LoadResult> load(long oid);

  /**
   * The revision of {@code oid} valid just before {@code tid} (its {@code start < tid} and its
   * end is {@link Tid#NONE} or {@code >= tid}), if cached. A current revision is only returned
   * when {@code tid <= lastTid() + 1}: the cache cannot vouch for times it has not seen.
   */
  Optional<Revision> loadBefore(long oid, long tid);

  /**
   * Caches a revision valid over {@code [start, end)}; {@code end == Tid.NONE} for current. A
   * revision too large for the cache is ignored.
   */
  void store(long oid, long start, long end, byte[] data);

  /**
   * Transaction {@code tid} changed {@code oid}: a cached current revision of it ends at
   * {@code tid} (it stays usable for older snapshots).
   */
  void invalidate(long oid, long tid);

  /**
   * Records that the cache is consistent with every transaction up to {@code tid}. Call it only
   * after the invalidations of {@code tid} and earlier were applied: a persistent cache relies
   * on that order to stay correct across a crash.
   *
   * @throws IllegalArgumentException if {@code tid} is older than {@link #lastTid()} (after
   *     {@link #clear()} any tid is accepted)
   */
  void setLastTid(long tid);

  /** The last tid the cache is consistent with, {@link Tid#NONE} if it knows nothing. */
  long lastTid();

  /** Drops everything (and resets the last tid to {@link Tid#NONE}). */
  void clear();

  /** Hit, miss, eviction and size counters. */
  CacheStats stats();

  /** Flushes and releases the cache; a persistent cache saves what it needs to reopen. */
  @Override
  void close();
}
