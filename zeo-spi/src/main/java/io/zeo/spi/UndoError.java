package io.zeo.spi;

/**
 * An undo that cannot be done: the transaction is unknown or was packed away, or a later
 * transaction changed an object it wrote and no {@link ConflictResolver} could merge them.
 */
public class UndoError extends StorageError {
  private static final long serialVersionUID = 1L;
  private final long oid;

  /** An undo error about one object. */
  public UndoError(String message, long oid) {
    super(message + " (oid " + Oid.toString(oid) + ")");
    this.oid = oid;
  }

  /** An undo error about the whole transaction ({@link #oid()} is -1). */
  public UndoError(String message) {
    super(message);
    this.oid = -1;
  }

  /** The object that could not be undone, or -1 when the error concerns the whole transaction. */
  public long oid() {
    return oid;
  }
}
