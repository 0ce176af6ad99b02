package io.zeo.spi;

/**
 * The root of every error a {@link Storage} raises. Unchecked: most callers let it reach the
 * unit of work that retries or reports it. Each subclass carries the fields a caller needs to
 * act on it, and crosses the client/server wire as the same type with the same fields.
 */
public class StorageError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StorageError(String message) {
    super(message);
  }

  public StorageError(String message, Throwable cause) {
    super(message, cause);
  }
}
