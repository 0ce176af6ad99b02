package io.zeo.spi;

import java.util.Optional;

/**
 * One side of an authentication handshake, driven by zeo-core: the client calls
 * {@code step(null)} first and sends what it returns; each side then feeds every message it
 * receives to {@link #step} and sends the reply, until {@link #isComplete()} on both sides.
 *
 * <p>A side whose step returns a message may already be complete; the peer then completes on
 * that message. Neither side sends anything after it is complete, so core stops carrying
 * handshake messages as soon as both sides are complete, and the next frame on the wire is a
 * protected one. A step that throws ends the handshake; the connection is closed (the server
 * first reports the {@link AuthenticationError} to the client).
 *
 * <p>Not thread-safe: one connection drives it. After completion, {@link #permits} and
 * {@link #checkAccess} may be called from any thread.
 */
public interface AuthExchange {
  /** What a call needs from the principal on one storage. */
  enum Access {
    /** Loads, history, iteration: every storage call. */
    READ,
    /** Commits ({@code tpcBegin}), undo, new oids for writing. */
    WRITE,
    /** Pack and other administrative calls. */
    ADMIN
  }

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

  /**
   * Server side, once complete: whether the principal may do {@code access} on the named
   * storage now (a mechanism may consult a live user store, so rights changed by an
   * administrator apply to open connections). The default permits everything, for mechanisms
   * that only authenticate.
   */
  default boolean permits(String storage, Access access) {
    return true;
  }

  /**
   * Server side: the check core makes before each call. Before the login completes it raises
   * {@link AuthenticationError}. Missing {@link Access#WRITE} raises
   * {@link ReadOnlyError}; missing {@link Access#READ} or {@link Access#ADMIN} raises
   * {@link AuthorizationError}.
   *
   * @param operation the call's name, for the message (e.g. {@code "pack"})
   */
  default void checkAccess(String storage, Access access, String operation) {
    if (!isComplete()) {
      throw new AuthenticationError("not logged in: " + operation + " before the login completed");
    }
    if (permits(storage, access)) {
      return;
    }
    String message = "user '" + principal() + "' may not " + operation + " on storage '" + storage
        + "' (needs the " + access.name().toLowerCase(java.util.Locale.ROOT) + " right)";
    if (access == Access.WRITE) {
      throw new ReadOnlyError(message);
    }
    throw new AuthorizationError(message);
  }
}
