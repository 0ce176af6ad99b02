package io.zeo.spi;

/** An authenticated principal lacks the right (read, write, admin) a call needs. */
public class AuthorizationError extends AuthenticationError {
  private static final long serialVersionUID = 1L;

  public AuthorizationError(String message) {
    super(message);
  }
}
