package io.zeo.spi;

import java.time.Instant;
import java.util.Map;

/**
 * One revision of an object in {@link Storage#history}: the transaction that wrote it, that
 * transaction's metadata, and the size of the data the revision's record holds itself in bytes:
 * 0 for a record that points back to earlier data (as undo writes) or records that the object's
 * creation was undone, as ZODB's FileStorage reports the record's own data length.
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
