package io.zeo.spi;

import java.time.Instant;
import java.util.Map;

/**
 * A transaction that {@link Storage#undo} can be asked to undo, as {@link Storage#undoLog}
 * lists it, newest first. Its id for {@code undo} is its {@link #tid()}.
 */
public record UndoLogEntry(long tid, String user, String description, Map<String, String> extension) {
  public UndoLogEntry {
    extension = Map.copyOf(extension);
  }

  /** The commit time encoded in the tid. */
  public Instant time() {
    return Tid.toInstant(tid);
  }
}
