package io.zeo.compression;

import io.zeo.compression.internal.Lz4Codec;
import io.zeo.spi.CompressionProvider;
import io.zeo.spi.ProtocolError;
import net.jpountz.lz4.LZ4Factory;

/**
 * The {@code lz4} compression codec: LZ4 raw blocks through lz4-java's fastest instance (JNI
 * where its native library loads, pure Java otherwise), the fast compressor and the safe
 * decompressor.
 *
 * <p>A lone small record barely shrinks (a 300-byte object record by about 1.1×); a batch of
 * them several times more, so callers compress whole frames, not records.
 *
 * <p>{@link #decompress} treats its input as hostile: whatever the bytes, it reads only
 * {@code src[srcOff, srcOff+srcLen)}, writes only {@code dst[dstOff, dstOff+originalLength)},
 * and either fills that range exactly or throws {@link ProtocolError}. Ranges outside the
 * arrays are the caller's bug and throw {@link IndexOutOfBoundsException}.
 *
 * <p>Found by {@link java.util.ServiceLoader} through
 * {@code META-INF/services/io.zeo.spi.CompressionProvider}. The library loads on first use, not
 * at discovery; if it cannot load, {@link #isAvailable()} is false and says why. Stateless and
 * thread-safe.
 */
public final class Lz4CompressionProvider extends CompressionProvider {
  /** The codec's name on the wire, {@value}. */
  public static final String NAME = "lz4";

  private final Lz4Codec explicit;

  /** The fastest lz4-java instance, loaded on first use; for {@link java.util.ServiceLoader}. */
  public Lz4CompressionProvider() {
    this.explicit = null;
  }

  /** A given lz4-java instance, e.g. {@link LZ4Factory#safeInstance()} to test the pure Java one. */
  Lz4CompressionProvider(LZ4Factory factory) {
    this.explicit = new Lz4Codec(factory);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean isAvailable() {
    return explicit != null || Fastest.FAILURE.isEmpty();
  }

  @Override
  public String unavailableReason() {
    return isAvailable() ? "" : Fastest.FAILURE;
  }

  /** Which lz4-java instance does the work, e.g. {@code LZ4Factory:JNI}, for logs. */
  public String implementation() {
    return codec().implementation();
  }

  @Override
  public int maxCompressedLength(int length) {
    return codec().maxCompressedLength(length);
  }

  @Override
  public int compress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff) {
    return codec().compress(src, srcOff, srcLen, dst, dstOff);
  }

  @Override
  public void decompress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int originalLength) {
    codec().decompress(src, srcOff, srcLen, dst, dstOff, originalLength);
  }

  private Lz4Codec codec() {
    if (explicit != null) {
      return explicit;
    }
    if (Fastest.CODEC == null) {
      throw new IllegalStateException("lz4 is unavailable: " + Fastest.FAILURE);
    }
    return Fastest.CODEC;
  }

  /** Loads lz4-java once, on first use, so that discovery stays cheap and never throws. */
  private static final class Fastest {
    static final Lz4Codec CODEC;
    static final String FAILURE;

    static {
      Lz4Codec codec = null;
      String failure = "";
      try {
        codec = new Lz4Codec(LZ4Factory.fastestInstance());
        System.getLogger(Lz4CompressionProvider.class.getName())
            .log(System.Logger.Level.DEBUG, "lz4 compression uses {0}", codec.implementation());
      } catch (LinkageError | RuntimeException e) {
        failure = "lz4-java could not load: " + e;
      }
      CODEC = codec;
      FAILURE = failure;
    }
  }
}
