package io.zeo.auth.internal;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/** HKDF-SHA256 (RFC 5869), extract then expand. */
public final class Hkdf {
  private Hkdf() {}

  /** {@code length} bytes of key material for {@code info} from {@code ikm} and {@code salt}. */
  public static byte[] derive(byte[] ikm, byte[] salt, String info, int length) {
    HKDFBytesGenerator gen = new HKDFBytesGenerator(new SHA256Digest());
    gen.init(new HKDFParameters(ikm, salt, info.getBytes(StandardCharsets.UTF_8)));
    byte[] out = new byte[length];
    gen.generateBytes(out, 0, length);
    return out;
  }
}
