package io.zeo.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The disk baseline: appends 4 KiB to a file in the run's directory and forces it, timed. */
final class ForceProbe implements AutoCloseable {
  static final int BLOCK = 4096;

  private final Path file;
  private final FileChannel ch;
  private final ByteBuffer block = ByteBuffer.allocateDirect(BLOCK);
  private long written;

  ForceProbe(Path dir) throws IOException {
    file = dir.resolve("force-baseline.bin");
    ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  }

  /** Times {@code n} appends + {@code force(false)} into {@code out}. */
  void block(int n, Samples out) throws IOException {
    for (int i = 0; i < n; i++) {
      block.clear();
      block.putLong(0, written++);
      long t0 = System.nanoTime();
      while (block.hasRemaining()) {
        ch.write(block);
      }
      ch.force(false);
      out.add(System.nanoTime() - t0);
    }
  }

  @Override
  public void close() throws IOException {
    ch.close();
    Files.deleteIfExists(file);
  }
}
