package io.zeo.spi;

import java.util.Optional;

/**
 * One side of an authentication handshake, driven by zeo-core: the client calls
 * {@code step(null)} first and sends what it returns; each side then feeds every message it
 * receives to {@link #step} and sends the reply, until {@link #isComplete()} on both sides.
 */
public interface AuthExchange {
  /**
   * Consumes the peer's last message ({@code null} for the client's first step) and returns the
   * next message to send, or {@code null} if there is nothing to send.
   *
   * @throws AuthenticationError if the peer failed to authenticate (the server side raises the
   *     same error whether or not the user exists)
   * @throws ProtocolError if a message is malformed
   */
  byte[] step(byte[] received);

  /** True once this side has everything it needs. */
  boolean isComplete();

  /** The authenticated user name (on the server side: the client's), once complete. */
  String principal();

  /** The protector for every later frame, if the mechanism encrypts. Once complete. */
  Optional<FrameProtector> protector();
}
