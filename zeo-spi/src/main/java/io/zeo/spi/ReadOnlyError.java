package io.zeo.spi;

/** A write (commit, pack, undo, new oid where it matters) on a read-only storage or connection. */
public class ReadOnlyError extends StorageError {
  private static final long serialVersionUID = 1L;

  public ReadOnlyError(String message) {
    super(message);
  }
}
