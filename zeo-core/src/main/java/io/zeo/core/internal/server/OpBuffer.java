package io.zeo.core.internal.server;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
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
  InputStream open() {
    if (channel == null) {
      return new ByteArrayInputStream(mem, 0, memLength);
    }
    try {
      return new BufferedInputStream(Channels.newInputStream(channel.position(0)), 64 * 1024);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read transaction data back from " + file, e);
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
