package io.zeo.storage.file;

import io.zeo.spi.ReferenceFinder;
import io.zeo.spi.StorageError;
import io.zeo.spi.Tid;
import io.zeo.storage.file.internal.DataFile;
import io.zeo.storage.file.internal.IndexFile;
import io.zeo.storage.file.internal.Packer;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Runs a pack of a {@link FileStorage}: writes the packed copy while commits go on, then, under
 * the commit lock, copies the transactions committed meanwhile and swaps the files. The data
 * file's name always names a complete file: the old file is first hard-linked as {@code .old},
 * then the packed file is renamed over the data file in one atomic step.
 */
final class Packing {
  private static final Logger LOG = System.getLogger(Packing.class.getName());

  private final FileStorage storage;

  Packing(FileStorage storage) {
    this.storage = storage;
  }

  void pack(long requestedTid, ReferenceFinder references) {
    DataFile old;
    long packEnd;
    long packTid;
    long packPos;
    var lock = storage.indexLock();
    lock.readLock().lock();
    try {
      old = storage.file();
      packEnd = old.end;
      packTid = Long.compareUnsigned(requestedTid, old.lastTid) < 0 ? requestedTid : old.lastTid;
      int first = old.tids.firstAtOrAfter(packTid + 1);
      if (first == 0 || packTid == Tid.NONE) {
        return; // nothing at or before the pack time
      }
      packPos = first < old.tids.size() ? old.tids.pos(first) : old.end;
    } finally {
      lock.readLock().unlock();
    }
    Path tmp = sibling(old.path, ".pack");
    Packer packer = new Packer(old, packTid, packPos, references, oid -> {
      lock.readLock().lock();
      try {
        return old.index.get(oid);
      } finally {
        lock.readLock().unlock();
      }
    });
    DataFile packed = null;
    try {
      packed = packer.run(packEnd, storage.access(), tmp);
      storage.commitLock().acquireUninterruptibly();
      try {
        if (storage.closed()) {
          throw new StorageError("storage " + storage.getName() + " was closed while packing");
        }
        packer.copy(old.end);
        // every step that can fail comes before the rename; after it only memory changes
        DataFile done = packed;
        storage.swapIn(done, old.handle, () -> {
          done.handle.force();
          replaceFile(old.path, tmp);
        });
        try {
          Files.deleteIfExists(IndexFile.pathFor(old.path));
        } catch (IOException e) {
          LOG.log(Level.WARNING, "cannot delete the pre-pack index (it no longer matches and will be ignored): " + e);
        }
      } finally {
        storage.commitLock().release();
      }
    } catch (IOException | RuntimeException e) {
      if (packed != null && storage.file() != packed) {
        try {
          packed.handle.close();
          Files.deleteIfExists(tmp);
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      if (e instanceof StorageError se) {
        throw se;
      }
      throw new StorageError("pack of " + storage.getName() + " failed; the storage is unchanged: " + e, e);
    }
    if (!storage.packKeepOld()) {
      try {
        Files.deleteIfExists(sibling(old.path, ".old"));
      } catch (IOException e) {
        LOG.log(Level.WARNING, "cannot delete the pre-pack file: " + e);
      }
    }
  }

  private static Path sibling(Path p, String suffix) {
    return p.resolveSibling(p.getFileName() + suffix);
  }

  /** Keeps the old file as {@code .old} and renames {@code packed} over {@code data} atomically. */
  private static void replaceFile(Path data, Path packed) throws IOException {
    Path old = sibling(data, ".old");
    Files.deleteIfExists(old);
    try {
      Files.createLink(old, data);
    } catch (UnsupportedOperationException | IOException e) {
      Files.copy(data, old);
    }
    try {
      Files.move(packed, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(packed, data, StandardCopyOption.REPLACE_EXISTING);
    }
    syncDirectory(data.toAbsolutePath().getParent());
  }

  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | RuntimeException e) {
      // not every platform can force a directory; the rename is still atomic
    }
  }
}
