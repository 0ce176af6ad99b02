package io.zeo.storage.file.internal;

import io.zeo.storage.file.FileAccess;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

/** Whole-buffer reads and writes over a {@link FileAccess.Handle}. */
public final class Io {
  private Io() {}

  /** Reads exactly {@code length} bytes at {@code position}. */
  public static ByteBuffer read(FileAccess.Handle h, long position, int length) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(length);
    readFully(h, b, position);
    b.flip();
    return b;
  }

  /** Fills {@code b} from {@code position}; EOFException if the file ends first. */
  public static void readFully(FileAccess.Handle h, ByteBuffer b, long position) throws IOException {
    long at = position;
    while (b.hasRemaining()) {
      int n = h.read(b, at);
      if (n < 0) {
        throw new EOFException("file ends at " + at + " while reading " + b.limit() + " bytes at " + position);
      }
      at += n;
    }
  }

  /** Writes all of {@code b} at {@code position}. */
  public static void writeFully(FileAccess.Handle h, ByteBuffer b, long position) throws IOException {
    long at = position;
    while (b.hasRemaining()) {
      at += h.write(b, at);
    }
  }
}
