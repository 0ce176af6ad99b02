package io.zeo.storage.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** Fails the Nth write (counting from 1) after {@link #failWriteNumber} is armed, like a full disk. */
final class FaultyFileAccess implements FileAccess {
  private final AtomicInteger writes = new AtomicInteger();
  private volatile int failAt = Integer.MAX_VALUE;
  private volatile boolean partial;
  private volatile boolean failForce;

  /** The next force fails. */
  void failNextForce() {
    failForce = true;
  }

  /** The {@code n}th write from now fails; with {@code partial} it first writes half its bytes. */
  void failWriteNumber(int n, boolean partial) {
    this.partial = partial;
    writes.set(0);
    failAt = n;
  }

  /** Writes since the last {@link #failWriteNumber} (or since creation). */
  int writes() {
    return writes.get();
  }

  @Override
  public Handle open(Path path, boolean write) throws IOException {
    Handle h = FileAccess.system().open(path, write);
    return new Handle() {
      @Override
      public int read(ByteBuffer dst, long position) throws IOException {
        return h.read(dst, position);
      }

      @Override
      public int write(ByteBuffer src, long position) throws IOException {
        if (writes.incrementAndGet() == failAt) {
          failAt = Integer.MAX_VALUE;
          if (partial && src.remaining() > 1) {
            ByteBuffer half = src.duplicate();
            half.limit(half.position() + src.remaining() / 2);
            h.write(half, position);
          }
          throw new IOException("No space left on device (injected)");
        }
        return h.write(src, position);
      }

      @Override
      public void force() throws IOException {
        if (failForce) {
          failForce = false;
          throw new IOException("Input/output error (injected fsync failure)");
        }
        h.force();
      }

      @Override
      public void truncate(long size) throws IOException {
        h.truncate(size);
      }

      @Override
      public long size() throws IOException {
        return h.size();
      }

      @Override
      public void close() throws IOException {
        h.close();
      }
    };
  }
}
