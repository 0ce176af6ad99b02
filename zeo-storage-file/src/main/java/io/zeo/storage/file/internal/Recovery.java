package io.zeo.storage.file.internal;

import io.zeo.spi.StorageError;
import io.zeo.storage.file.FileAccess;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Opening a data file: check the header, load the saved index or scan, validate every
 * transaction scanned, cut off a torn tail, report.
 */
public final class Recovery {
  private static final Logger LOG = System.getLogger(Recovery.class.getName());
  private static final long PROGRESS_EVERY = 256L << 20;

  private Recovery() {}

  /** An opened data file and the oid high-water mark from its header. */
  public record Opened(DataFile file, long oidHighWater) {}

  /**
   * Opens and recovers {@code path}.
   *
   * @throws StorageError if the file is missing (and may not be created), not a data file, or
   *     damaged before its last transaction
   */
  public static Opened open(Path path, String name, FileAccess access, boolean writable, boolean create) {
    if (!Files.exists(path) && (!writable || !create)) {
      throw new StorageError("storage " + name + " does not exist"
          + (writable ? " (create=false)" : " (a read-only open never creates it)"));
    }
    FileAccess.Handle h = null;
    try {
      h = access.open(path, writable);
      if (h.size() == 0 && writable) {
        FileHeader.write(h, 1);
        h.force();
      }
      long highWater = FileHeader.check(h, name);
      DataFile f = new DataFile(path, name, h, Format.FILE_HEADER);
      long size = h.size();
      String why = IndexFile.load(f, size);
      if (why != null) {
        f = new DataFile(path, name, h, Format.FILE_HEADER);
        if (size > Format.FILE_HEADER) {
          LOG.log(Level.INFO, "{0}: scanning {1} bytes to rebuild the index ({2})", name, size, why);
        }
      }
      scan(f, size, writable, why != null);
      return new Opened(f, highWater);
    } catch (IOException | RuntimeException e) {
      if (h != null) {
        try {
          h.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      if (e instanceof StorageError se) {
        throw se;
      }
      throw new StorageError("cannot open storage " + name + ": " + e, e);
    }
  }

  private static void scan(DataFile f, long size, boolean writable, boolean logProgress) throws IOException {
    Scanner s = new Scanner(f.handle, size);
    long started = System.nanoTime();
    long nextReport = f.end + PROGRESS_EVERY;
    long pos = f.end;
    while (true) {
      Scanner.Step step = s.at(pos, f.lastTid);
      if (step instanceof Scanner.End) {
        break;
      }
      if (step instanceof Scanner.Bad bad) {
        if (s.intactTransactionAfter(pos)) {
          throw f.corrupt(bad.pos(), bad.tid(), bad.why()
              + "; later transactions are intact, so this is damage, not a torn write:"
              + " FileStorageTools.recover salvages the intact transactions into a new file");
        }
        cutTail(f, pos, size, bad.why(), writable, !bad.unfinished());
        break;
      }
      Txn t = ((Scanner.Ok) step).txn();
      f.committed(t);
      pos = f.end;
      if (logProgress && pos >= nextReport) {
        nextReport = pos + PROGRESS_EVERY;
        LOG.log(Level.INFO, "{0}: index rebuild at {1} of {2} bytes ({3}%), {4} objects, {5} ms", f.name, pos, size,
            pos * 100 / size, f.index.size(), (System.nanoTime() - started) / 1_000_000);
      }
    }
    if (logProgress && size > Format.FILE_HEADER) {
      LOG.log(Level.INFO, "{0}: index rebuilt: {1} transactions, {2} objects in {3} ms", f.name, f.tids.size(),
          f.index.size(), (System.nanoTime() - started) / 1_000_000);
    }
  }

  /** Saves the torn bytes beside the file (nothing is dropped silently), then truncates. */
  private static void cutTail(DataFile f, long pos, long size, String why, boolean writable, boolean keep)
      throws IOException {
    if (!writable) {
      LOG.log(Level.WARNING, "{0}: ignoring {1} bytes of torn tail at offset {2} ({3}); read-only, file unchanged",
          f.name, size - pos, pos, why);
      return;
    }
    if (!keep) {
      // an unfinished transaction is the normal trace of a crash during a commit: nothing to keep
      f.handle.truncate(pos);
      f.handle.force();
      LOG.log(Level.WARNING, "{0}: removed an unfinished transaction of {1} bytes at offset {2}", f.name,
          size - pos, pos);
      return;
    }
    Path saved = f.path.resolveSibling(f.path.getFileName() + ".torn-" + pos);
    try (FileChannel out = FileChannel.open(saved, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer b = ByteBuffer.allocate(1 << 16);
      long at = pos;
      while (at < size) {
        b.clear().limit((int) Math.min(b.capacity(), size - at));
        Io.readFully(f.handle, b, at);
        b.flip();
        at += b.remaining();
        while (b.hasRemaining()) {
          out.write(b);
        }
      }
      out.force(true);
    }
    f.handle.truncate(pos);
    f.handle.force();
    LOG.log(Level.WARNING, "{0}: truncated a torn tail of {1} bytes at offset {2} ({3}); the bytes are kept in {4}",
        f.name, size - pos, pos, why, saved);
  }
}
