package io.zeo.spi;

/**
 * A write conflict: the transaction stored {@link #oid()} starting from revision
 * {@link #oldSerial()}, but revision {@link #committedSerial()} was committed meanwhile.
 * Retrying the whole unit of work on a fresh snapshot usually succeeds.
 */
public class ConflictError extends StorageError {
  private static final long serialVersionUID = 1L;
  private final long oid;
  private final long oldSerial;
  private final long committedSerial;

  /**
   * @param oid the object in conflict
   * @param oldSerial the serial the transaction started from ({@link Tid#NONE} for a new object)
   * @param committedSerial the serial currently committed
   */
  public ConflictError(long oid, long oldSerial, long committedSerial) {
    this("database conflict error", oid, oldSerial, committedSerial);
  }

  protected ConflictError(String kind, long oid, long oldSerial, long committedSerial) {
    super(String.format("%s (oid %s, serial this transaction started with %s, serial currently committed %s)",
        kind, Oid.toString(oid), Tid.describe(oldSerial), Tid.describe(committedSerial)));
    this.oid = oid;
    this.oldSerial = oldSerial;
    this.committedSerial = committedSerial;
  }

  /** The object in conflict. */
  public long oid() {
    return oid;
  }

  /** The serial the transaction started from ({@link Tid#NONE} for an object it created). */
  public long oldSerial() {
    return oldSerial;
  }

  /** The serial committed by another transaction meanwhile. */
  public long committedSerial() {
    return committedSerial;
  }
}
