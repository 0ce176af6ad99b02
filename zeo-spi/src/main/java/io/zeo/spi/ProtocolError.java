package io.zeo.spi;

/**
 * The peer broke the wire protocol: a malformed or oversized frame, a wrong version, a call out
 * of order. The connection is closed.
 */
public class ProtocolError extends StorageError {
  private static final long serialVersionUID = 1L;

  public ProtocolError(String message) {
    super(message);
  }

  public ProtocolError(String message, Throwable cause) {
    super(message, cause);
  }
}
