package io.zeo.testkit.internal;

import io.zeo.spi.TransportChannel;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;
import java.util.zip.CRC32;
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

  /**
   * Waits, for at most a few seconds, until {@code thread} looks blocked: parked, or inside a
   * native call such as a socket read. Best effort: a test that closes something under a
   * blocked thread must pass whether or not the thread got there first, so running on after
   * the wait expires is no error.
   */
  public static void awaitBlocked(Thread thread) {
    try {
      Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
          .until(() -> looksBlocked(thread));
    } catch (ConditionTimeoutException e) {
      // Carry on: the outcome asserted afterwards must hold either way.
    }
  }

  /** True if {@code thread} is parked, waiting, or inside a native call such as a socket read. */
  public static boolean looksBlocked(Thread thread) {
    Thread.State state = thread.getState();
    if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING || state == Thread.State.BLOCKED) {
      return true;
    }
    StackTraceElement[] stack = thread.getStackTrace();
    return state == Thread.State.RUNNABLE && stack.length > 0 && stack[0].isNativeMethod();
  }

  /** Writes back everything read until the stream ends, then closes. */
  public static Void echoUntilEnd(TransportChannel channel) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(8192);
    while (channel.read(b) >= 0) {
      b.flip();
      channel.writeFully(b);
      b.clear();
    }
    channel.close();
    return null;
  }

  /** Writes {@code data} in pieces of odd, growing sizes, so reads never line up with writes. */
  public static Void sendInPieces(TransportChannel channel, byte[] data) throws IOException {
    int off = 0;
    int piece = 1;
    while (off < data.length) {
      int n = Math.min(piece, data.length - off);
      channel.writeFully(ByteBuffer.wrap(data, off, n));
      off += n;
      piece = piece * 3 % 1_000_003 + 1;
    }
    return null;
  }

  /** The CRC-32 of the next {@code length} bytes read. */
  public static long crcOfNext(TransportChannel channel, int length) throws IOException {
    CRC32 crc = new CRC32();
    ByteBuffer b = ByteBuffer.allocate(1 << 16);
    long left = length;
    while (left > 0) {
      b.clear().limit((int) Math.min(b.capacity(), left));
      int n = channel.read(b);
      if (n < 0) {
        throw new IOException("stream ended with " + left + " of " + length + " bytes unread");
      }
      b.flip();
      crc.update(b);
      left -= n;
    }
    return crc.getValue();
  }

  /** The CRC-32 of {@code data}. */
  public static long crc(byte[] data) {
    CRC32 crc = new CRC32();
    crc.update(data);
    return crc.getValue();
  }
}
