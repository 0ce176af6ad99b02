package io.zeo.spi;

/**
 * An error raised on the server whose type the client does not know. Carries the server-side
 * type name and message.
 */
public class StorageServerError extends StorageError {
  private static final long serialVersionUID = 1L;
  private final String remoteType;

  public StorageServerError(String remoteType, String remoteMessage) {
    super(remoteType + ": " + remoteMessage);
    this.remoteType = remoteType;
  }

  /** The fully qualified class name of the error on the server. */
  public String remoteType() {
    return remoteType;
  }
}
