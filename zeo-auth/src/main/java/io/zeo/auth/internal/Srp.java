package io.zeo.auth.internal;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.agreement.srp.SRP6StandardGroups;
import org.bouncycastle.crypto.agreement.srp.SRP6VerifierGenerator;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.SRP6GroupParameters;

/**
 * The SRP-6a parameters every ZEO login uses: the 2048-bit group of RFC 5054 (appendix A) and
 * SHA-256, with {@code x = H(salt | H(user ":" password))} as BouncyCastle computes it. Changing
 * the group or hash invalidates every stored verifier, so it is fixed per wire version.
 */
public final class Srp {
  /** The group: N and g. */
  public static final SRP6GroupParameters GROUP = SRP6StandardGroups.rfc5054_2048;
  /** Bytes of N, the length every group element is written with. */
  public static final int ELEMENT_BYTES = (GROUP.getN().bitLength() + 7) / 8;
  /** Bytes of a fresh salt. */
  public static final int SALT_BYTES = 16;

  private static final SecureRandom RANDOM = new SecureRandom();

  private Srp() {}

  /** A new digest for SRP (BouncyCastle digests are not thread-safe). */
  public static Digest digest() {
    return new SHA256Digest();
  }

  /** A fresh random salt. */
  public static byte[] newSalt() {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return salt;
  }

  /** The verifier {@code g^x mod N} for a user, written with {@link #ELEMENT_BYTES} bytes. */
  public static byte[] verifier(byte[] salt, String user, char[] password) {
    SRP6VerifierGenerator gen = new SRP6VerifierGenerator();
    gen.init(GROUP, digest());
    byte[] pw = utf8(password);
    try {
      return fixed(gen.generateVerifier(salt, user.getBytes(StandardCharsets.UTF_8), pw));
    } finally {
      Arrays.fill(pw, (byte) 0);
    }
  }

  /** The password as UTF-8; the caller zeroes the result. */
  public static byte[] utf8(char[] password) {
    ByteBuffer buf = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
    byte[] out = new byte[buf.remaining()];
    buf.get(out);
    if (buf.hasArray()) {
      Arrays.fill(buf.array(), (byte) 0);
    }
    return out;
  }

  /** A group element {@code v} as exactly {@link #ELEMENT_BYTES} big-endian bytes. */
  public static byte[] fixed(BigInteger v) {
    return fixed(v, ELEMENT_BYTES);
  }

  /** A non-negative {@code v} below {@code 2^(8 len)} as exactly {@code len} big-endian bytes. */
  public static byte[] fixed(BigInteger v, int len) {
    byte[] raw = v.toByteArray();
    if (raw.length == len) {
      return raw;
    }
    byte[] out = new byte[len];
    if (raw.length > len) {
      // only a leading sign byte can be dropped: values fit in len bytes
      System.arraycopy(raw, raw.length - len, out, 0, len);
    } else {
      System.arraycopy(raw, 0, out, len - raw.length, raw.length);
    }
    return out;
  }

  /** Bytes of a SHA-256 value (the evidence messages M1 and M2). */
  public static final int HASH_BYTES = 32;

  /** Session keys for both directions from the shared secret and the handshake transcript. */
  public static AeadFrameProtector protector(BigInteger sharedSecret, Transcript transcript, boolean client) {
    byte[] ikm = fixed(sharedSecret);
    byte[] salt = transcript.hash();
    byte[] c2s = Hkdf.derive(ikm, salt, "zeo srp v1 client to server", 32);
    byte[] s2c = Hkdf.derive(ikm, salt, "zeo srp v1 server to client", 32);
    try {
      return client ? new AeadFrameProtector(c2s, s2c) : new AeadFrameProtector(s2c, c2s);
    } finally {
      Arrays.fill(ikm, (byte) 0);
      Arrays.fill(c2s, (byte) 0);
      Arrays.fill(s2c, (byte) 0);
    }
  }

  /** A fresh SRP random source per exchange would be wasteful; SecureRandom is thread-safe. */
  public static SecureRandom random() {
    return RANDOM;
  }

  /** An unsigned big-endian value. */
  public static BigInteger unsigned(byte[] bytes) {
    return new BigInteger(1, bytes);
  }
}
