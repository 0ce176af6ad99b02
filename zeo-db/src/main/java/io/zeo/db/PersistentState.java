package io.zeo.db;

/** Where a {@link Persistent} object stands relative to its connection and the storage. */
public enum PersistentState {
  /** Not (yet) stored: no connection, no oid. Becomes {@link #NEW} when added or reached at commit. */
  UNSAVED,
  /** Has a connection and an oid and will be written by the current transaction's commit. */
  NEW,
  /** Its state is not in memory; the first access loads it from the connection's snapshot. */
  GHOST,
  /** Loaded and unchanged since it was loaded or committed. */
  SAVED,
  /** Changed in the current transaction; written at commit, discarded (ghosted) at abort. */
  CHANGED
}
