package io.zeo.cache;

import io.zeo.cache.internal.CacheFile;
import io.zeo.cache.internal.CacheLock;
import io.zeo.cache.internal.CacheStore;
import io.zeo.cache.internal.Entry;
import io.zeo.cache.internal.IndexFile;
import io.zeo.cache.internal.Layout;
import io.zeo.cache.internal.Recovery;
import io.zeo.cache.internal.TempCaches;
import io.zeo.cache.internal.Trace;
import io.zeo.cache.internal.UntrustedCacheException;
import io.zeo.spi.CacheStats;
import io.zeo.spi.ClientCache;
import io.zeo.spi.ClientCacheConfig;
import io.zeo.spi.LoadResult;
import io.zeo.spi.Revision;
import io.zeo.spi.StorageError;
import io.zeo.spi.Tid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;

/**
 * A persistent client cache in one file of bounded size: object revisions with their validity
 * ranges, served by {@link #load} and {@link #loadBefore}, plus the last tid the cache is
 * consistent with. The file format is in docs/cache-format.md.
 *
 * <ul>
 * <li>Bounded: the file is created at its full size and never grows; eviction is a clock over
 *     segments that gives entries read since their last move a second chance.</li>
 * <li>Crash-safe: every record carries a CRC32C, checked on every hit; after a crash the index
 *     is rebuilt by a scan that keeps only intact records. A clean close saves the index so the
 *     next open skips the scan.</li>
 * <li>Trusted or dropped: a file of another owner, of an unknown format version or with a
 *     damaged header is deleted with a warning and the cache starts empty.</li>
 * <li>Exclusive: {@code <file>.lock} keeps a second process out, with an error naming the
 *     holder's pid.</li>
 * <li>Temporary when {@link ClientCacheConfig#path()} is empty: the file lives in
 *     {@link TempCaches#defaultDirectory()} and is deleted on close, or by the next open in any
 *     process once its owner is dead.</li>
 * </ul>
 *
 * <p>Thread-safe: one lock guards everything; a hit holds it for a lookup and a copy.
 * Durability: writes go to a shared memory mapping, so they survive the process being killed;
 * the whole file is forced only at close. After an operating-system crash the checksums still
 * keep damaged records out, and the client's verification against the server (from the last
 * tid) repairs validity ranges.
 */
public final class FileClientCache implements ClientCache {
  private static final System.Logger LOG = System.getLogger(FileClientCache.class.getName());

  private final Path path;
  private final boolean temporary;
  private final CacheLock lock;
  private final CacheFile file;
  private final CacheStore store;
  private final Trace.Writer trace;
  private long lastTid;
  private long hits;
  private long misses;
  private boolean closed;

  private FileClientCache(Path path, boolean temporary, CacheLock lock, CacheFile file, CacheStore store,
      Trace.Writer trace) {
    this.path = path;
    this.temporary = temporary;
    this.lock = lock;
    this.file = file;
    this.store = store;
    this.trace = trace;
    this.lastTid = file.lastTid();
  }

  /** Opens a cache as configured, without a trace. */
  public static FileClientCache open(ClientCacheConfig config) {
    return builder(config).open();
  }

  /** Starts configuring a cache. */
  public static Builder builder(ClientCacheConfig config) {
    return new Builder(config);
  }

  /** Options beyond {@link ClientCacheConfig}. */
  public static final class Builder {
    private final ClientCacheConfig config;
    private Path trace;
    private Path tempDirectory = TempCaches.defaultDirectory();

    private Builder(ClientCacheConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    /** Writes a trace of every operation to {@code path} (default: no trace). */
    public Builder trace(Path path) {
      this.trace = path;
      return this;
    }

    /** Where temporary caches live (default {@link TempCaches#defaultDirectory()}). */
    public Builder tempDirectory(Path dir) {
      this.tempDirectory = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /**
     * Opens the cache.
     *
     * @throws StorageError if another process holds the cache, or the file cannot be made
     * @throws IllegalArgumentException if the size is below {@link Layout#minimumSize()}
     */
    public FileClientCache open() {
      Layout layout = Layout.forSize(config.maxBytes());
      try {
        boolean temporary = config.path().isEmpty();
        Path path;
        if (temporary) {
          TempCaches.removeStale(tempDirectory);
          path = TempCaches.newPath(tempDirectory);
        } else {
          path = config.path().get().toAbsolutePath();
          Path parent = path.getParent();
          if (parent != null) {
            Files.createDirectories(parent);
          }
        }
        CacheLock lock = CacheLock.acquire(side(path, ".lock"), path);
        try {
          return CacheOpener.open(path, temporary, layout, config.owner(), lock, trace);
        } catch (IOException | RuntimeException e) {
          lock.close();
          throw e;
        }
      } catch (IOException e) {
        throw new StorageError("cannot open client cache: " + e, e);
      }
    }
  }

  static Path side(Path cache, String suffix) {
    return cache.resolveSibling(cache.getFileName() + suffix);
  }

  /** Opening: trust check, index load or scan, marking the file open. */
  private static final class CacheOpener {
    static FileClientCache open(Path path, boolean temporary, Layout layout, String owner, CacheLock lock,
        Path tracePath) throws IOException {
      Path indexPath = side(path, ".index");
      CacheFile file = null;
      CacheStore store = null;
      if (!temporary && Files.exists(path)) {
        try {
          file = CacheFile.openExisting(path, layout, owner);
        } catch (UntrustedCacheException e) {
          LOG.log(System.Logger.Level.WARNING, "dropping client cache " + path + ": " + e.getMessage());
        }
      }
      if (file != null) {
        store = new CacheStore(file, 1024);
        String why = IndexFile.load(indexPath, file.cleanStamp(), file, store);
        if (why != null) {
          store = new CacheStore(file, 1024);
          Recovery.Result r = Recovery.scan(file, store);
          LOG.log(System.Logger.Level.INFO, "rebuilt client cache index of " + path + " by a scan (" + why + "): "
              + r.entries() + " entries kept, " + r.dropped() + " dropped records skipped");
        }
      } else {
        Files.deleteIfExists(indexPath);
        file = CacheFile.create(path, layout, owner);
        store = new CacheStore(file, 1024);
        store.restoreRing(new long[layout.segmentCount()], 0, 0);
      }
      // From here on the file is "open": a crash must not let the saved index be trusted.
      Files.deleteIfExists(indexPath);
      file.writeCleanStamp(0);
      file.forceHeader();
      Trace.Writer trace = tracePath == null ? null : new Trace.Writer(tracePath, layout.fileLength());
      return new FileClientCache(path, temporary, lock, file, store, trace);
    }
  }

  /** The cache file. */
  public Path path() {
    return path;
  }

  @Override
  public synchronized Optional<LoadResult> load(long oid) {
    checkOpen();
    Entry e = store.current(oid);
    byte[] data = e == null ? null : readHit(e);
    if (data == null) {
      misses++;
      trace(Trace.LOAD_MISS, oid, 0, 0);
      return Optional.empty();
    }
    hits++;
    trace(Trace.LOAD_HIT, oid, e.start(), data.length);
    return Optional.of(new LoadResult(data, e.start()));
  }

  @Override
  public synchronized Optional<Revision> loadBefore(long oid, long tid) {
    checkOpen();
    Entry e = store.before(oid, tid, lastTid);
    byte[] data = e == null ? null : readHit(e);
    if (data == null) {
      misses++;
      trace(Trace.LOAD_BEFORE_MISS, oid, tid, 0);
      return Optional.empty();
    }
    hits++;
    trace(Trace.LOAD_BEFORE_HIT, oid, tid, data.length);
    return Optional.of(new Revision(data, e.start(), e.end()));
  }

  private byte[] readHit(Entry e) {
    byte[] data = store.read(e);
    if (data == null) {
      LOG.log(System.Logger.Level.WARNING, "client cache " + path + ": damaged record of oid "
          + Long.toHexString(e.oid()) + " at " + Tid.toHex(e.start()) + " dropped");
      return null;
    }
    store.markReferenced(e);
    return data;
  }

  @Override
  public synchronized void store(long oid, long start, long end, byte[] data) {
    checkOpen();
    Objects.requireNonNull(data, "data");
    if (end != Tid.NONE && Long.compareUnsigned(start, end) >= 0) {
      throw new IllegalArgumentException("revision of oid " + Long.toHexString(oid) + " starts at "
          + Tid.toHex(start) + ", not before its end " + Tid.toHex(end));
    }
    trace(end == Tid.NONE ? Trace.STORE : Trace.STORE_OLD, oid, start, data.length);
    if (!store.fits(data.length)) {
      return;
    }
    Entry same = store.find(oid, start);
    if (same != null) {
      // Already cached; a known end is never forgotten, and a current one may learn its end.
      if (same.end() == Tid.NONE && end != Tid.NONE) {
        store.setEnd(same, end);
      }
      return;
    }
    if (end == Tid.NONE) {
      Entry current = store.current(oid);
      if (current != null) {
        if (Long.compareUnsigned(current.start(), start) > 0) {
          return; // a newer revision is already current
        }
        store.setEnd(current, start);
      }
    }
    store.add(oid, start, end, data);
  }

  @Override
  public synchronized void invalidate(long oid, long tid) {
    checkOpen();
    trace(Trace.INVALIDATE, oid, tid, 0);
    Entry current = store.current(oid);
    if (current == null) {
      return;
    }
    if (Long.compareUnsigned(current.start(), tid) < 0) {
      store.setEnd(current, tid);
    } else {
      store.remove(current); // cannot end before it starts: it is not what tid replaced
    }
  }

  @Override
  public synchronized void setLastTid(long tid) {
    checkOpen();
    if (Long.compareUnsigned(tid, lastTid) < 0) {
      throw new IllegalArgumentException("last tid " + Tid.toHex(tid) + " is older than the cache's "
          + Tid.toHex(lastTid));
    }
    lastTid = tid;
    file.writeLastTid(tid);
  }

  @Override
  public synchronized long lastTid() {
    return lastTid;
  }

  @Override
  public synchronized void clear() {
    checkOpen();
    trace(Trace.CLEAR, 0, 0, 0);
    store.clear();
    lastTid = Tid.NONE;
    file.writeLastTid(Tid.NONE);
  }

  @Override
  public synchronized CacheStats stats() {
    return new CacheStats(hits, misses, store.evictions(), store.liveBytes(), store.liveEntries());
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (trace != null) {
        trace.close();
      }
      if (temporary) {
        file.close();
        Files.deleteIfExists(path);
        lock.close();
        Files.deleteIfExists(side(path, ".lock"));
        return;
      }
      file.force();
      long stamp = new SecureRandom().nextLong() | 1;
      IndexFile.save(side(path, ".index"), store, stamp);
      file.writeCleanStamp(stamp);
      file.forceHeader();
      file.close();
      lock.close();
    } catch (IOException e) {
      throw new UncheckedIOException("closing client cache " + path, e);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("client cache " + path + " is closed");
    }
  }

  private void trace(int op, long oid, long tid, int size) {
    if (trace == null) {
      return;
    }
    try {
      trace.record(op, oid, tid, size);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cache trace failed, no longer tracing: " + e);
    }
  }

  @Override
  public String toString() {
    return "FileClientCache[" + path + (temporary ? ", temporary" : "") + "]";
  }
}
