package io.zeo.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.zeo.compression.Lz4CompressionProvider;
import io.zeo.spi.ProtocolError;
import java.util.Arrays;

/**
 * LZ4 decompression of fuzzer-chosen blocks and declared lengths. Properties: the call either
 * raises {@link ProtocolError} or fills exactly the declared range; bytes outside {@code
 * dst[dstOff, dstOff+declared)} are never touched; a block made by our own compressor always
 * decompresses to the original, and with any other declared length it is refused.
 */
class Lz4FuzzTest {
  private static final Lz4CompressionProvider LZ4 = new Lz4CompressionProvider();
  private static final byte CANARY = (byte) 0xA5;

  @FuzzTest(maxDuration = "2m")
  void hostileBlocks(FuzzedDataProvider data) {
    int declared = data.consumeInt(0, 1 << 16);
    int dstOff = data.consumeInt(0, 16);
    int slack = data.consumeInt(0, 16);
    int srcOff = data.consumeInt(0, 8);
    byte[] block = data.consumeRemainingAsBytes();
    byte[] src = new byte[srcOff + block.length + 3];
    Arrays.fill(src, CANARY);
    System.arraycopy(block, 0, src, srcOff, block.length);
    byte[] dst = new byte[dstOff + declared + slack];
    Arrays.fill(dst, CANARY);
    try {
      LZ4.decompress(src, srcOff, block.length, dst, dstOff, declared);
    } catch (ProtocolError expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
    for (int i = 0; i < dstOff; i++) {
      assertThat(dst[i]).as("byte %d before the output range", i).isEqualTo(CANARY);
    }
    for (int i = dstOff + declared; i < dst.length; i++) {
      assertThat(dst[i]).as("byte %d after the output range", i).isEqualTo(CANARY);
    }
  }

  @FuzzTest(maxDuration = "2m")
  void roundTripAndWrongLengths(FuzzedDataProvider data) {
    int lie = data.consumeInt(-3, 3);
    byte[] original = data.consumeRemainingAsBytes();
    byte[] compressed = new byte[LZ4.maxCompressedLength(original.length)];
    int n = LZ4.compress(original, 0, original.length, compressed, 0);

    byte[] out = new byte[original.length];
    LZ4.decompress(compressed, 0, n, out, 0, original.length);
    assertThat(out).isEqualTo(original);

    int declared = original.length + lie;
    if (lie != 0 && declared >= 0) {
      byte[] wrong = new byte[declared];
      try {
        LZ4.decompress(compressed, 0, n, wrong, 0, declared);
        throw new AssertionError("a block of " + original.length + " bytes decompressed to a declared " + declared);
      } catch (ProtocolError expected) {
        // the declared length must match exactly
      }
    }
  }
}
