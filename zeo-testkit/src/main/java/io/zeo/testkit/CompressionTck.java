package io.zeo.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.zeo.spi.CompressionProvider;
import io.zeo.spi.ProtocolError;
import io.zeo.testkit.internal.BlockMutator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The conformance suite every {@link CompressionProvider} passes. Extend it in a JUnit 5 test:
 *
 * <pre>{@code
 * class Lz4CompressionTckTest extends CompressionTck {
 *   protected CompressionProvider provider() { return new Lz4CompressionProvider(); }
 * }
 * }</pre>
 *
 * <p>It checks that blocks round-trip (empty, small, large, incompressible, repetitive, at
 * offsets inside larger arrays), that {@code compress} stays within
 * {@link CompressionProvider#maxCompressedLength}, and above all that {@code decompress} treats
 * its input as hostile: truncated, garbage or corrupted blocks and wrong declared lengths end
 * in a {@link ProtocolError} (or, for corruption the format cannot see, in wrong bytes inside
 * the destination range), never in another exception, a write outside the range or a hang.
 * A seeded fuzz loop mutates valid blocks ({@link #fuzzIterations()} of them; many more with
 * {@code -Dzeo.soak=true}); a failure names the iteration's seed so it reproduces. Tests are
 * bounded in time.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class CompressionTck {
  /** Written around every destination range; must survive every call. */
  private static final byte GUARD = (byte) 0xA5;
  private static final int MARGIN = 32;
  private static final System.Logger LOG = System.getLogger(CompressionTck.class.getName());

  /** The codec under test. */
  protected abstract CompressionProvider provider();

  @Test
  void providerIsFoundByServiceLoaderAndNamedInLowerCase() {
    CompressionProvider p = provider();
    assertThat(ServiceLoader.load(CompressionProvider.class).stream().map(ServiceLoader.Provider::type))
        .as("META-INF/services/io.zeo.spi.CompressionProvider lists " + p.getClass().getName())
        .contains(p.getClass());
    assertThat(p.name()).isNotEmpty().isEqualTo(p.name().toLowerCase(Locale.ROOT));
    assertThat(p.isAvailable()).as(p.unavailableReason()).isTrue();
  }

  @Test
  void emptyInputRoundTrips() {
    assertRoundTrip(new byte[0], "empty");
  }

  @Test
  void smallInputsOfEveryLengthRoundTrip() {
    for (int n = 1; n <= 300; n++) {
      assertRoundTrip(SampleData.record(n, n), "record of " + n + " bytes");
      assertRoundTrip(SampleData.random(n, n), "random " + n + " bytes");
    }
    assertRoundTrip(new byte[] {0}, "one zero byte");
  }

  @Test
  void largeInputsRoundTrip() {
    assertRoundTrip(SampleData.textLike(1, 2 << 20), "2 MiB of text");
    assertRoundTrip(SampleData.random(2, 4 << 20), "4 MiB random");
    assertRoundTrip(new byte[4 << 20], "4 MiB of zeros");
    byte[] cycle = new byte[3 << 20];
    for (int i = 0; i < cycle.length; i++) {
      cycle[i] = (byte) (i % 251);
    }
    assertRoundTrip(cycle, "3 MiB repeating every 251 bytes");
  }

  @Test
  void repetitiveDataShrinks() {
    byte[] zeros = new byte[65536];
    assertThat(compress(zeros, 0, zeros.length).length).isLessThan(zeros.length / 10);
    byte[] text = SampleData.records(1, 100, 300);
    assertThat(compress(text, 0, text.length).length).isLessThan(text.length);
  }

  @Test
  void offsetsInsideLargerArraysAreRespected() {
    byte[] data = SampleData.textLike(3, 10_000);
    for (int srcOff : new int[] {0, 1, 7, 4093}) {
      for (int dstOff : new int[] {0, 3, 13}) {
        byte[] src = new byte[srcOff + data.length + 5];
        Arrays.fill(src, (byte) 0x5A);
        System.arraycopy(data, 0, src, srcOff, data.length);
        byte[] srcCopy = src.clone();
        int max = provider().maxCompressedLength(data.length);
        byte[] dst = guarded(dstOff, max);
        int n = provider().compress(src, srcOff, data.length, dst, dstOff);
        assertThat(src).as("compress leaves its input alone").isEqualTo(srcCopy);
        assertGuardsIntact(dst, dstOff, max);
        // Decompress from a block that also sits at an offset.
        byte[] block = new byte[srcOff + n + 9];
        System.arraycopy(dst, dstOff, block, srcOff, n);
        byte[] out = guarded(dstOff, data.length);
        provider().decompress(block, srcOff, n, out, dstOff, data.length);
        assertGuardsIntact(out, dstOff, data.length);
        assertThat(Arrays.copyOfRange(out, dstOff, dstOff + data.length))
            .as("srcOff %d dstOff %d", srcOff, dstOff).isEqualTo(data);
      }
    }
  }

  @Test
  void maxCompressedLengthIsHonoured() {
    int previous = 0;
    for (int n : new int[] {0, 1, 2, 15, 16, 100, 1000, 65535, 65536, 1 << 20}) {
      int max = provider().maxCompressedLength(n);
      assertThat(max).as("maxCompressedLength(%d)", n).isGreaterThanOrEqualTo(n).isGreaterThanOrEqualTo(previous);
      previous = max;
      byte[] incompressible = SampleData.random(n, n);
      byte[] dst = guarded(5, max);
      int len = provider().compress(incompressible, 0, n, dst, 5);
      assertThat(len).as("compressed length of %d random bytes", n).isBetween(0, max);
      assertGuardsIntact(dst, 5, max);
    }
  }

  @Test
  void truncatedBlocksAreProtocolErrors() {
    byte[] data = SampleData.textLike(4, 2000);
    byte[] block = compress(data, 0, data.length);
    for (int len = 0; len < block.length; len++) {
      int cut = len;
      assertThatThrownBy(() -> decompressGuarded(block, cut, data.length))
          .as("block of %d bytes cut to %d", block.length, cut).isInstanceOf(ProtocolError.class);
    }
  }

  @Test
  void wrongDeclaredLengthsAreProtocolErrors() {
    byte[] data = SampleData.textLike(5, 5000);
    byte[] block = compress(data, 0, data.length);
    for (int wrong : new int[] {0, 1, data.length - 1, data.length + 1, data.length * 2}) {
      assertThatThrownBy(() -> decompressGuarded(block, block.length, wrong))
          .as("declared %d instead of %d", wrong, data.length).isInstanceOf(ProtocolError.class);
    }
    assertThatThrownBy(() -> provider().decompress(block, 0, block.length, new byte[10], 0, -1))
        .as("negative declared length").isInstanceOf(ProtocolError.class);
  }

  @Test
  void trailingBytesAfterABlockAreProtocolErrors() {
    byte[] data = SampleData.textLike(6, 3000);
    byte[] block = compress(data, 0, data.length);
    byte[] longer = Arrays.copyOf(block, block.length + 8);
    assertThatThrownBy(() -> decompressGuarded(longer, longer.length, data.length)).isInstanceOf(ProtocolError.class);
  }

  @Test
  void garbageNeverEscapesTheDestinationRange() {
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < 3000; i++) {
      byte[] garbage = SampleData.random(r.nextLong(), r.nextInt(1, 600));
      decodeHostile(garbage, r.nextInt(0, 5000), "garbage #" + i);
    }
  }

  @Test
  void corruptedBlocksNeverEscapeTheDestinationRange() {
    byte[] data = SampleData.textLike(8, 1500);
    byte[] block = compress(data, 0, data.length);
    SplittableRandom r = new SplittableRandom(9);
    for (int pos = 0; pos < block.length; pos++) {
      for (int v : new int[] {0x00, 0xFF, r.nextInt(256), block[pos] ^ 0x80}) {
        byte[] bad = block.clone();
        bad[pos] = (byte) v;
        decodeHostile(bad, data.length, "byte " + pos + " set to " + v);
      }
    }
  }

  @Test
  void severalThreadsShareOneProvider() throws Exception {
    CompressionProvider p = provider();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        results.add(pool.submit(() -> {
          for (int i = 0; i < 200; i++) {
            byte[] data = SampleData.textLike(thread * 1000L + i, 100 + (i * 997) % 20_000);
            byte[] block = new byte[p.maxCompressedLength(data.length)];
            int n = p.compress(data, 0, data.length, block, 0);
            byte[] out = new byte[data.length];
            p.decompress(block, 0, n, out, 0, data.length);
            assertThat(out).as("thread %d round %d", thread, i).isEqualTo(data);
          }
          return 200;
        }));
      }
      for (Future<Integer> f : results) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void seededMutationsOfValidBlocksNeverEscape() {
    byte[][] originals = {
      SampleData.textLike(10, 700), SampleData.textLike(11, 20_000), SampleData.random(12, 300),
      new byte[5000], SampleData.records(13, 30, 300), SampleData.textLike(14, 17)};
    byte[][] blocks = new byte[originals.length][];
    for (int i = 0; i < originals.length; i++) {
      blocks[i] = compress(originals[i], 0, originals[i].length);
    }
    long iterations = fuzzIterations();
    // A soak stops early rather than run into the suite's timeout on a slow codec.
    long stopAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
    long i = 0;
    long rejected = 0;
    for (; i < iterations && (i % 1024 != 0 || System.nanoTime() < stopAt); i++) {
      long seed = 0x5EED_0000_0000L + i;
      SplittableRandom r = new SplittableRandom(seed);
      int which = r.nextInt(blocks.length);
      byte[] block = blocks[which];
      int declared = originals[which].length;
      int steps = r.nextInt(1, 4);
      for (int s = 0; s < steps; s++) {
        if (r.nextInt(9) == 0) {
          declared = BlockMutator.mutateLength(r, declared);
        } else {
          block = BlockMutator.mutate(r, block, blocks[r.nextInt(blocks.length)]);
        }
      }
      byte[] out = decodeHostile(block, declared, "fuzz seed 0x" + Long.toHexString(seed));
      rejected += out == null ? 1 : 0;
      if (out != null && declared == originals[which].length && Arrays.equals(block, blocks[which])) {
        assertThat(out).as("fuzz seed 0x%s left the block intact", Long.toHexString(seed)).isEqualTo(originals[which]);
      }
    }
    LOG.log(System.Logger.Level.INFO, "{0}: {1} mutated blocks, {2} rejected with ProtocolError, the rest decoded in bounds",
        provider().name(), i, rejected);
  }

  /**
   * Mutated blocks the fuzz test tries: 20,000 by default; with -Dzeo.soak=true 2,000,000 or as
   * many as fit in 45 seconds.
   */
  protected long fuzzIterations() {
    return Boolean.getBoolean("zeo.soak") ? 2_000_000 : 20_000;
  }

  // ---- helpers, also for subclasses' own tests ----

  /** Compresses {@code data[off, off+len)} into a block of exactly the compressed length. */
  protected byte[] compress(byte[] data, int off, int len) {
    byte[] dst = new byte[provider().maxCompressedLength(len)];
    int n = provider().compress(data, off, len, dst, 0);
    return Arrays.copyOf(dst, n);
  }

  /**
   * Decompresses a possibly hostile block into a guarded range: returns the bytes, or throws
   * {@link ProtocolError}; fails the test on any other exception or a write outside the range.
   */
  protected byte[] decodeHostile(byte[] block, int declaredLength, String what) {
    try {
      return decompressGuarded(block, block.length, declaredLength);
    } catch (ProtocolError expected) {
      return null;
    } catch (RuntimeException e) {
      throw new AssertionError(what + ": decompress must throw ProtocolError, threw " + e, e);
    }
  }

  private byte[] decompressGuarded(byte[] block, int blockLen, int declaredLength) {
    byte[] out = guarded(MARGIN, declaredLength);
    provider().decompress(block, 0, blockLen, out, MARGIN, declaredLength);
    assertGuardsIntact(out, MARGIN, declaredLength);
    return Arrays.copyOfRange(out, MARGIN, MARGIN + declaredLength);
  }

  private void assertRoundTrip(byte[] data, String what) {
    byte[] block = compress(data, 0, data.length);
    byte[] out = decompressGuarded(block, block.length, data.length);
    if (!Arrays.equals(out, data)) {
      fail(what + ": round trip changed the data");
    }
  }

  private static byte[] guarded(int off, int len) {
    byte[] b = new byte[off + len + MARGIN];
    Arrays.fill(b, GUARD);
    return b;
  }

  private static void assertGuardsIntact(byte[] b, int off, int len) {
    for (int i = 0; i < off; i++) {
      if (b[i] != GUARD) {
        fail("byte " + i + " before the destination range [" + off + ", " + (off + len) + ") was written");
      }
    }
    for (int i = off + len; i < b.length; i++) {
      if (b[i] != GUARD) {
        fail("byte " + i + " after the destination range [" + off + ", " + (off + len) + ") was written");
      }
    }
  }
}
