package io.zeo.auth.internal;

import io.zeo.spi.FrameProtector;
import io.zeo.spi.ProtocolError;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM over whole frames, one key per direction. The 96-bit nonce is four zero bytes
 * followed by the frame's 64-bit sequence number in its direction; it is never sent: the
 * receiver uses the number it expects next, so a replayed, reordered, dropped or reflected
 * frame fails authentication like a tampered one. A sealed frame is the ciphertext followed by
 * the 16-byte tag. After the first failure the opener stays broken: the connection is dead.
 */
public final class AeadFrameProtector implements FrameProtector {
  private static final int TAG_BYTES = 16;

  private final Direction sealer;
  private final Direction opener;

  /** Keys are copied; the caller should clear its arrays. */
  public AeadFrameProtector(byte[] sealKey, byte[] openKey) {
    sealer = new Direction(sealKey, Cipher.ENCRYPT_MODE);
    opener = new Direction(openKey, Cipher.DECRYPT_MODE);
  }

  @Override
  public byte[] seal(byte[] frame, int offset, int length) {
    synchronized (sealer) {
      try {
        return sealer.next().doFinal(frame, offset, length);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES-GCM failed to seal a frame", e);
      }
    }
  }

  @Override
  public byte[] open(byte[] sealed, int offset, int length) {
    synchronized (opener) {
      if (opener.broken) {
        throw new ProtocolError("connection's frame protection already failed; no further frames accepted");
      }
      long seq = opener.sequence;
      if (length < TAG_BYTES) {
        opener.broken = true;
        throw new ProtocolError("sealed frame #" + seq + " of " + length + " bytes is shorter than the "
            + TAG_BYTES + "-byte tag (truncated)");
      }
      try {
        return opener.next().doFinal(sealed, offset, length);
      } catch (AEADBadTagException e) {
        opener.broken = true;
        throw new ProtocolError("sealed frame #" + seq + " of " + length
            + " bytes failed authentication (tampered, replayed, reordered or truncated)");
      } catch (GeneralSecurityException e) {
        opener.broken = true;
        throw new ProtocolError("sealed frame #" + seq + " could not be opened: " + e.getMessage(), e);
      }
    }
  }

  private static final class Direction {
    private final SecretKeySpec key;
    private final int mode;
    private final Cipher cipher;
    private final byte[] nonce = new byte[12];
    long sequence;
    boolean broken;

    Direction(byte[] keyBytes, int mode) {
      this.key = new SecretKeySpec(keyBytes, "AES");
      this.mode = mode;
      try {
        this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("the JDK lacks AES/GCM/NoPadding", e);
      }
    }

    /** The cipher initialised for the next sequence number, which is then used up. */
    Cipher next() throws GeneralSecurityException {
      if (sequence == -1L) {
        throw new ProtocolError("frame sequence numbers exhausted; reconnect");
      }
      long s = sequence++;
      for (int i = 0; i < 8; i++) {
        nonce[4 + i] = (byte) (s >>> (56 - 8 * i));
      }
      cipher.init(mode, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
      return cipher;
    }
  }

  @Override
  public String toString() {
    return "AeadFrameProtector[AES-256-GCM]";
  }
}
