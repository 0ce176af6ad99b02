package io.zeo.core.internal.server;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The encoded operations (stores, checks, restores) of one transaction as the client sent them,
 * kept until vote. In memory up to a threshold, then in a temporary file, so a large transaction
 * costs bounded memory. Single-threaded use (guarded by its {@link ServerTxn}).
 */
final class OpBuffer implements AutoCloseable {
  private final long spillThreshold;
  private byte[] mem = new byte[256];
  private int memLength;
  private Path file;
  private FileChannel channel;
  private long fileLength;

  OpBuffer(long spillThreshold) {
    this.spillThreshold = spillThreshold;
  }

  void append(byte[] src, int off, int len) {
    if (len == 0) {
      return;
    }
    try {
      if (channel == null && memLength + (long) len > spillThreshold) {
        file = Files.createTempFile("zeo-txn-", ".spill");
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ,
            StandardOpenOption.DELETE_ON_CLOSE);
        writeFile(ByteBuffer.wrap(mem, 0, memLength));
        mem = null;
        memLength = 0;
      }
      if (channel != null) {
        writeFile(ByteBuffer.wrap(src, off, len));
        return;
      }
      if (memLength + len > mem.length) {
        mem = Arrays.copyOf(mem, Math.max(mem.length * 2, memLength + len));
      }
      System.arraycopy(src, off, mem, memLength, len);
      memLength += len;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot buffer transaction data in " + file, e);
    }
  }

  private void writeFile(ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      fileLength += channel.write(b, fileLength);
    }
  }

  boolean spilled() {
    return channel != null;
  }

  long length() {
    return channel != null ? fileLength : memLength;
  }

  /** The buffered bytes from the start; valid until the next append. */
  Reader open() {
    if (channel == null) {
      return new Reader(mem, 0, memLength, null, memLength);
    }
    try {
      return new Reader(new byte[64 * 1024], 0, 0, Channels.newInputStream(channel.position(0)), fileLength);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read transaction data back from " + file, e);
    }
  }

  /**
   * Big-endian reads straight from a byte array, refilled from a stream when the buffer was
   * spilled. At vote, under the commit lock, the operations are parsed here: a
   * DataInputStream over a ByteArrayInputStream cost a synchronized call and a copy through a
   * scratch array per field.
   */
  static final class Reader implements AutoCloseable {
    private final byte[] buf;
    private final InputStream in;
    private int pos;
    private int limit;
    /** Bytes not yet read, in the array and the stream together. */
    private long unread;

    Reader(byte[] buf, int off, int len, InputStream in, long total) {
      this.buf = buf;
      this.pos = off;
      this.limit = off + len;
      this.in = in;
      this.unread = total;
    }

    /**
     * Checks a declared length against what is left before anything is allocated for it: a
     * hostile length must not make the server allocate more than the client sent.
     */
    void expect(int n) throws EOFException {
      if (n > unread) {
        throw new EOFException("declared length " + n + " exceeds the " + unread + " bytes left");
      }
    }

    /** The next byte (an operation code), or -1 at the end. */
    int next() throws IOException {
      if (pos == limit && !fill(1)) {
        return -1;
      }
      unread--;
      return buf[pos++] & 0xff;
    }

    int readInt() throws IOException {
      need(4);
      int v = (buf[pos] & 0xff) << 24 | (buf[pos + 1] & 0xff) << 16
          | (buf[pos + 2] & 0xff) << 8 | buf[pos + 3] & 0xff;
      pos += 4;
      unread -= 4;
      return v;
    }

    long readLong() throws IOException {
      return (long) readInt() << 32 | readInt() & 0xffffffffL;
    }

    char readChar() throws IOException {
      need(2);
      char v = (char) ((buf[pos] & 0xff) << 8 | buf[pos + 1] & 0xff);
      pos += 2;
      unread -= 2;
      return v;
    }

    void readFully(byte[] b) throws IOException {
      unread -= b.length;
      int n = Math.min(b.length, limit - pos);
      System.arraycopy(buf, pos, b, 0, n);
      pos += n;
      if (n < b.length) {
        if (in == null || in.readNBytes(b, n, b.length - n) != b.length - n) {
          throw new EOFException();
        }
      }
    }

    private void need(int n) throws IOException {
      if (limit - pos < n && !fill(n)) {
        throw new EOFException();
      }
    }

    /** Moves the unread bytes to the front and reads until {@code n} are there. */
    private boolean fill(int n) throws IOException {
      if (in == null) {
        return false;
      }
      int left = limit - pos;
      System.arraycopy(buf, pos, buf, 0, left);
      pos = 0;
      limit = left;
      while (limit < n) {
        int r = in.read(buf, limit, buf.length - limit);
        if (r < 0) {
          return false;
        }
        limit += r;
      }
      return true;
    }

    @Override
    public void close() throws IOException {
      if (in != null) {
        in.close();
      }
    }
  }

  @Override
  public void close() {
    mem = null;
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // DELETE_ON_CLOSE removes the file; a failure leaves only a temp file behind
      }
      channel = null;
    }
  }
}
