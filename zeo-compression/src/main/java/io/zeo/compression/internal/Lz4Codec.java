package io.zeo.compression.internal;

import io.zeo.spi.ProtocolError;
import java.util.Objects;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * LZ4 block compression with the checks a hostile peer calls for. The block format is LZ4's
 * raw block (no frame header, no checksum): the frame around it declares the uncompressed
 * length, and integrity is the frame protector's job.
 *
 * <p>Compression uses the fast compressor (the high one is 15 to 30 times slower, too slow for
 * the commit path). Decompression uses the safe decompressor, which bounds every read and
 * write by the lengths it is given, and then checks that the block filled exactly the
 * declared length. Thread-safe: lz4-java's compressors and decompressors are stateless.
 */
public final class Lz4Codec {
  private final LZ4Compressor compressor;
  private final LZ4SafeDecompressor decompressor;
  private final String implementation;

  public Lz4Codec(LZ4Factory factory) {
    this.compressor = factory.fastCompressor();
    this.decompressor = factory.safeDecompressor();
    this.implementation = factory.toString();
  }

  /** Which lz4-java instance does the work (JNI or pure Java), for logs. */
  public String implementation() {
    return implementation;
  }

  public int maxCompressedLength(int length) {
    if (length < 0) {
      throw new IllegalArgumentException("length must not be negative, got " + length);
    }
    return compressor.maxCompressedLength(length);
  }

  public int compress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff) {
    Objects.checkFromIndexSize(srcOff, srcLen, src.length);
    int max = maxCompressedLength(srcLen);
    if (dstOff < 0 || dstOff > dst.length || dst.length - dstOff < max) {
      throw new IllegalArgumentException("destination has " + Math.max(0, dst.length - dstOff)
          + " bytes from offset " + dstOff + "; compressing " + srcLen + " bytes needs up to " + max);
    }
    return compressor.compress(src, srcOff, srcLen, dst, dstOff, max);
  }

  public void decompress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int originalLength) {
    Objects.checkFromIndexSize(srcOff, srcLen, src.length);
    if (originalLength < 0) {
      throw new ProtocolError("declared uncompressed length " + originalLength + " is negative");
    }
    Objects.checkFromIndexSize(dstOff, originalLength, dst.length);
    int produced;
    try {
      produced = decompressor.decompress(src, srcOff, srcLen, dst, dstOff, originalLength);
    } catch (LZ4Exception | IndexOutOfBoundsException e) {
      // lz4-java reports malformed input as LZ4Exception; the index check is belt and braces.
      throw new ProtocolError("malformed lz4 block of " + srcLen + " bytes (declared uncompressed length "
          + originalLength + "): " + e.getMessage(), e);
    }
    if (produced != originalLength) {
      throw new ProtocolError("lz4 block of " + srcLen + " bytes decompressed to " + produced
          + " bytes, declared " + originalLength);
    }
  }
}
