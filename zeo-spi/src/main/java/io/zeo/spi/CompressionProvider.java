package io.zeo.spi;

/**
 * A block compression codec, negotiated per connection by {@link #name()} (e.g. {@code lz4}).
 * Stateless and thread-safe: each call compresses or decompresses one whole block.
 *
 * <h2>Contract for plugin authors</h2>
 * Public no-arg constructor, listed in {@code META-INF/services/io.zeo.spi.CompressionProvider};
 * discovery never throws (report problems through {@link #isAvailable()}); the
 * {@code CompressionTck} in zeo-testkit checks an implementation. Decompression must treat its
 * input as hostile: never read or write outside the given ranges, whatever the bytes.
 */
public abstract class CompressionProvider {
  /** The mechanism's name on the wire, lower case. */
  public abstract String name();

  /** False if this codec cannot work in this process (e.g. a native library is missing). */
  public boolean isAvailable() {
    return true;
  }

  /** Why {@link #isAvailable()} is false. */
  public String unavailableReason() {
    return "";
  }

  /** Higher wins among providers of the same name; default 5. */
  public int priority() {
    return 5;
  }

  /** The largest output {@link #compress} can produce for {@code length} input bytes. */
  public abstract int maxCompressedLength(int length);

  /**
   * Compresses {@code src[srcOff, srcOff+srcLen)} into {@code dst} from {@code dstOff}.
   * {@code dst} has at least {@link #maxCompressedLength}(srcLen) bytes from {@code dstOff}.
   *
   * @return the compressed length
   */
  public abstract int compress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff);

  /**
   * Decompresses exactly {@code originalLength} bytes into {@code dst} from {@code dstOff}.
   *
   * @throws ProtocolError if the input is malformed or does not decompress to exactly
   *     {@code originalLength} bytes
   */
  public abstract void decompress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int originalLength);
}
