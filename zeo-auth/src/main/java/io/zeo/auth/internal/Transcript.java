package io.zeo.auth.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** A running SHA-256 over the handshake messages, each prefixed with its length. */
public final class Transcript {
  private final MessageDigest digest;

  public Transcript() {
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  /** Adds one message. */
  public void add(byte[] message) {
    int n = message.length;
    digest.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
    digest.update(message);
  }

  /** The hash of everything added so far. */
  public byte[] hash() {
    try {
      return ((MessageDigest) digest.clone()).digest();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException(e);
    }
  }
}
