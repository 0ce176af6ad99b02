package io.zeo.spi;

import java.time.Instant;
import java.util.Map;

/**
 * One revision of an object in {@link Storage#history}: the transaction that wrote it, that
 * transaction's metadata, and the size of the revision's data in bytes.
 */
public record HistoryEntry(long tid, String user, String description, Map<String, String> extension, int size) {
  public HistoryEntry {
    extension = Map.copyOf(extension);
  }

  /** The commit time encoded in the tid. */
  public Instant time() {
    return Tid.toInstant(tid);
  }
}
