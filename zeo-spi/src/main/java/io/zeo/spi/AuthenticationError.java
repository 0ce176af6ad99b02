package io.zeo.spi;

/**
 * Login failed or is missing, or the principal lacks the right for the call. The message never
 * says whether a user exists.
 */
public class AuthenticationError extends StorageError {
  private static final long serialVersionUID = 1L;

  public AuthenticationError(String message) {
    super(message);
  }
}
