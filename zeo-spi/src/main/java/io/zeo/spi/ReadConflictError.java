package io.zeo.spi;

/**
 * A read conflict: the transaction asked, with {@link Storage#checkCurrentSerial}, that
 * {@link #oid()} still be at {@link #oldSerial()} when it commits, and it was not. Never resolved
 * by a {@link ConflictResolver}.
 */
public class ReadConflictError extends ConflictError {
  private static final long serialVersionUID = 1L;

  public ReadConflictError(long oid, long oldSerial, long committedSerial) {
    super("database read conflict error", oid, oldSerial, committedSerial);
  }
}
