package io.zeo.spi;

/**
 * Two-phase commit misuse: a call with a transaction that was not begun, one that is in the
 * wrong phase (store after vote, finish without vote), or a duplicate begin. Nothing changes.
 */
public class StorageTransactionError extends StorageError {
  private static final long serialVersionUID = 1L;

  public StorageTransactionError(String message) {
    super(message);
  }
}
