package io.zeo.spi;

/** The object (or the revision asked for) does not exist in the storage. */
public class POSKeyError extends StorageError {
  private static final long serialVersionUID = 1L;
  private final long oid;

  public POSKeyError(long oid) {
    this(oid, "no object " + Oid.toString(oid));
  }

  public POSKeyError(long oid, String message) {
    super(message);
    this.oid = oid;
  }

  /** The oid that was not found. */
  public long oid() {
    return oid;
  }
}
