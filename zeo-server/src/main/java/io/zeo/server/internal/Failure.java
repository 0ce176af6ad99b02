package io.zeo.server.internal;

import io.zeo.server.ExitCodes;

/** A command's failure with the exit status it maps to; its message is printed as is. */
public final class Failure extends RuntimeException {
  private final int exitCode;

  public Failure(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public Failure(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** Bad command line or configuration: exit status 2. */
  public static Failure usage(String message) {
    return new Failure(ExitCodes.USAGE, message);
  }

  public int exitCode() {
    return exitCode;
  }
}
