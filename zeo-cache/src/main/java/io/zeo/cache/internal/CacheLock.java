package io.zeo.cache.internal;

import io.zeo.spi.StorageError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive OS lock on {@code <cache>.lock}, holding the owner's pid so the error a second
 * process gets names it. The lock file itself stays behind on release: deleting it would let
 * a process that opened it just before lock a file nobody else can see any more.
 */
public final class CacheLock implements AutoCloseable {
  private final Path path;
  private final FileChannel channel;
  private final FileLock lock;

  private CacheLock(Path path, FileChannel channel, FileLock lock) {
    this.path = path;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Locks {@code lockPath} for this process.
   *
   * @throws StorageError naming the holder's pid if another process (or this one) holds it
   */
  public static CacheLock acquire(Path lockPath, Path cachePath) throws IOException {
    FileChannel ch = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      ch.close();
      throw new StorageError("client cache " + cachePath + " is already open in this process (pid "
          + ProcessHandle.current().pid() + ", lock file " + lockPath + ")");
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    if (lock == null) {
      String holder = readHolder(lockPath);
      ch.close();
      throw new StorageError("client cache " + cachePath + " is in use by process " + holder
          + " (lock file " + lockPath + "); two processes cannot share a cache file");
    }
    try {
      ch.truncate(0);
      ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
      ch.force(false);
    } catch (IOException | RuntimeException e) {
      lock.release();
      ch.close();
      throw e;
    }
    return new CacheLock(lockPath, ch, lock);
  }

  private static String readHolder(Path lockPath) {
    try {
      String pid = Files.readString(lockPath, StandardCharsets.US_ASCII).trim();
      return pid.isEmpty() ? "(unknown pid)" : pid;
    } catch (IOException | RuntimeException e) {
      return "(unknown pid: " + e.getMessage() + ")";
    }
  }

  public Path path() {
    return path;
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
