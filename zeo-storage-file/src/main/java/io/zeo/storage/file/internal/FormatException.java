package io.zeo.storage.file.internal;

/** A record that does not follow the format; the caller adds offset and tid to the message. */
public final class FormatException extends Exception {
  private static final long serialVersionUID = 1L;

  public FormatException(String message) {
    super(message);
  }
}
