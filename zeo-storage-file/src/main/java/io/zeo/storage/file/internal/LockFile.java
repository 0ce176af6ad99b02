package io.zeo.storage.file.internal;

import io.zeo.spi.StorageError;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The exclusive lock ({@code <data file>.lock}) that keeps a second writer out. The file holds
 * the holder's pid so the refused opener can name it. The OS drops the lock when the process
 * dies, so a crash leaves nothing to clean up.
 */
public final class LockFile implements Closeable {
  private final FileChannel channel;
  private final FileLock lock;

  private LockFile(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  public static Path pathFor(Path dataFile) {
    return dataFile.resolveSibling(dataFile.getFileName() + ".lock");
  }

  /**
   * Takes the lock at once or fails.
   *
   * @throws StorageError naming the storage and the pid holding the lock
   */
  public static LockFile acquire(Path dataFile, String storageName) {
    Path p = pathFor(dataFile);
    FileChannel ch = null;
    try {
      ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        String holder = readPid(ch);
        ch.close();
        throw new StorageError("storage " + storageName + " is locked by process " + holder + " (lock file " + p
            + "); close it there first");
      }
      ch.truncate(0);
      ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
      return new LockFile(ch, lock);
    } catch (IOException e) {
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException ignored) {
          // already failing
        }
      }
      throw new StorageError("cannot lock storage " + storageName + " through " + p + ": " + e, e);
    }
  }

  private static String readPid(FileChannel ch) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(32);
    ch.read(b, 0);
    String s = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).trim();
    return s.isEmpty() ? "(unknown pid)" : s;
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
