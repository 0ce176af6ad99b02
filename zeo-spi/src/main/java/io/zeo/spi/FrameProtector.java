package io.zeo.spi;

/**
 * Seals and opens whole frames after an {@link AuthProvider} handshake (an AEAD, or TLS
 * records). Each direction is used by one thread at a time; sealing and opening are
 * independent. Frames must be opened in the order they were sealed: a tampered, replayed,
 * reordered or truncated frame raises {@link ProtocolError}, and the connection is closed.
 */
public interface FrameProtector {
  /** Seals one outbound frame. */
  byte[] seal(byte[] frame, int offset, int length);

  /**
   * Opens one inbound sealed frame.
   *
   * @throws ProtocolError if it fails authentication or is out of order
   */
  byte[] open(byte[] sealed, int offset, int length);
}
