package io.zeo.testkit.internal;

import io.zeo.testkit.SampleData;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Random mutations of compressed blocks for the compression suite's fuzz loop: bit flips,
 * overwritten bytes, truncation, appended, inserted and deleted bytes, copied ranges and
 * splices of two blocks. All randomness comes from the caller's seeded generator, so a
 * failing iteration reproduces from its seed.
 */
public final class BlockMutator {
  private BlockMutator() {}

  /** {@code block} with one random mutation; a splice takes its tail from {@code other}. */
  public static byte[] mutate(SplittableRandom r, byte[] block, byte[] other) {
    int op = r.nextInt(8);
    byte[] b = block.clone();
    int n = b.length;
    switch (op) {
      case 0 -> { // flip a bit
        if (n > 0) {
          b[r.nextInt(n)] ^= (byte) (1 << r.nextInt(8));
        }
      }
      case 1 -> { // overwrite a byte, often with a length-ish extreme
        if (n > 0) {
          b[r.nextInt(n)] = (byte) (r.nextBoolean() ? 0xFF : r.nextInt(256));
        }
      }
      case 2 -> b = Arrays.copyOf(b, n == 0 ? 0 : r.nextInt(n)); // truncate
      case 3 -> { // append random bytes
        b = Arrays.copyOf(b, n + r.nextInt(1, 16));
        for (int i = n; i < b.length; i++) {
          b[i] = (byte) r.nextInt(256);
        }
      }
      case 4 -> { // insert random bytes
        int at = r.nextInt(n + 1);
        byte[] ins = SampleData.random(r.nextLong(), r.nextInt(1, 8));
        b = concat(Arrays.copyOfRange(block, 0, at), ins, Arrays.copyOfRange(block, at, n));
      }
      case 5 -> { // delete a range
        if (n > 0) {
          int at = r.nextInt(n);
          int len = r.nextInt(1, Math.min(32, n - at) + 1);
          b = concat(Arrays.copyOfRange(block, 0, at), Arrays.copyOfRange(block, at + len, n));
        }
      }
      case 6 -> { // copy a range over another place
        if (n > 1) {
          int from = r.nextInt(n);
          int to = r.nextInt(n);
          int len = Math.min(r.nextInt(1, 64), Math.min(n - from, n - to));
          System.arraycopy(block, from, b, to, len);
        }
      }
      default -> { // splice the head of this block onto the tail of another
        int head = r.nextInt(n + 1);
        int tail = r.nextInt(other.length + 1);
        b = concat(Arrays.copyOf(block, head), Arrays.copyOfRange(other, tail, other.length));
      }
    }
    return b;
  }

  /** A declared length near, at zero, random, or far above {@code declared}. */
  public static int mutateLength(SplittableRandom r, int declared) {
    return switch (r.nextInt(4)) {
      case 0 -> Math.max(0, declared + r.nextInt(-3, 4));
      case 1 -> 0;
      case 2 -> r.nextInt(1 << 16);
      default -> declared * 2 + 1;
    };
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int off = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, off, p.length);
      off += p.length;
    }
    return out;
  }
}
