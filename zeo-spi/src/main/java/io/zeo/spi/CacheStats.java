package io.zeo.spi;

/**
 * Counters of a {@link ClientCache} since it was opened.
 *
 * @param hits loads served
 * @param misses loads not served
 * @param evictions revisions dropped to make room
 * @param bytes bytes held now
 * @param entries revisions held now
 */
public record CacheStats(long hits, long misses, long evictions, long bytes, long entries) {
  /** Hits over all lookups, 0 when there were none. */
  public double hitRate() {
    long lookups = hits + misses;
    return lookups == 0 ? 0 : (double) hits / lookups;
  }
}
