package io.zeo.spi;

/**
 * A client storage has no connection to a server and the call needs one: a read its cache
 * cannot serve, or any commit call. A commit cut by a disconnect also raises it.
 */
public class ClientDisconnectedError extends StorageError {
  private static final long serialVersionUID = 1L;

  public ClientDisconnectedError(String message) {
    super(message);
  }

  public ClientDisconnectedError(String message, Throwable cause) {
    super(message, cause);
  }
}
