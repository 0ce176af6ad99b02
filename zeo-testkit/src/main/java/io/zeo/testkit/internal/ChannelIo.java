package io.zeo.testkit.internal;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;
import java.util.SplittableRandom;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** Whole-message reads and writes on byte channels, and other small helpers of the suites. */
public final class ChannelIo {
  private ChannelIo() {}

  /** Writes every byte of {@code data}. */
  public static void writeAll(WritableByteChannel channel, byte[] data) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(data);
    while (b.hasRemaining()) {
      channel.write(b);
    }
  }

  /**
   * Reads exactly {@code length} bytes.
   *
   * @throws EOFException if the stream ends first
   */
  public static byte[] readExactly(ReadableByteChannel channel, int length) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(length);
    while (b.hasRemaining()) {
      if (channel.read(b) < 0) {
        throw new EOFException("stream ended after " + b.position() + " of " + length + " bytes");
      }
    }
    return b.array();
  }

  /** Reads until the stream ends. */
  public static byte[] readToEnd(ReadableByteChannel channel) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer b = ByteBuffer.allocate(8192);
    while (channel.read(b) >= 0) {
      out.write(b.array(), 0, b.position());
      b.clear();
    }
    out.write(b.array(), 0, b.position());
    return out.toByteArray();
  }

  /** {@code length} pseudo-random bytes, the same for the same seed. */
  public static byte[] randomBytes(long seed, int length) {
    byte[] data = new byte[length];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < length; i += 8) {
      long v = random.nextLong();
      for (int j = i; j < Math.min(length, i + 8); j++) {
        data[j] = (byte) v;
        v >>>= 8;
      }
    }
    return data;
  }

  /**
   * Waits, for at most a few seconds, until {@code thread} looks blocked: parked, or inside a
   * native call such as a socket read. Best effort: a test that closes something under a
   * blocked thread must pass whether or not the thread got there first, so running on after
   * the wait expires is no error.
   */
  public static void awaitBlocked(Thread thread) {
    try {
      Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
          .until(() -> isBlocked(thread));
    } catch (ConditionTimeoutException e) {
      // Carry on: the outcome asserted afterwards must hold either way.
    }
  }

  private static boolean isBlocked(Thread thread) {
    Thread.State state = thread.getState();
    if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING || state == Thread.State.BLOCKED) {
      return true;
    }
    StackTraceElement[] stack = thread.getStackTrace();
    return state == Thread.State.RUNNABLE && stack.length > 0 && stack[0].isNativeMethod();
  }
}
