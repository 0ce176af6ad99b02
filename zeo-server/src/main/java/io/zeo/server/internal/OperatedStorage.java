package io.zeo.server.internal;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;

import io.zeo.spi.ConflictError;
import io.zeo.spi.ConflictResolver;
import io.zeo.spi.HistoryEntry;
import io.zeo.spi.LoadResult;
import io.zeo.spi.ReadOnlyError;
import io.zeo.spi.ReferenceFinder;
import io.zeo.spi.Revision;
import io.zeo.spi.Storage;
import io.zeo.spi.StorageInfo;
import io.zeo.spi.StorageIterator;
import io.zeo.spi.StorageListener;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import io.zeo.spi.UndoLogEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A served storage as the standalone server wraps it: logs every pack's start, end and failure
 * (the server core only logs failures), counts commits and conflicts for the shutdown log, and
 * with {@code --read-only} refuses every write whatever the storage itself allows (the server
 * core then marks every connection read-only, as it asks {@link #isReadOnly()}).
 */
public final class OperatedStorage implements Storage {
  private static final System.Logger LOG = System.getLogger(OperatedStorage.class.getName());

  private final String name;
  private final Storage delegate;
  private final boolean readOnly;
  private final AtomicLong commits = new AtomicLong();
  private final AtomicLong conflicts = new AtomicLong();
  /** Transactions begun and not yet finished or aborted; identity, as the SPI keys them. */
  private final Set<TransactionMetadata> inProgress = Collections.newSetFromMap(
      Collections.synchronizedMap(new IdentityHashMap<>()));
  private volatile String packState = "idle";

  public OperatedStorage(String name, Storage delegate, boolean readOnly) {
    this.name = name;
    this.delegate = delegate;
    this.readOnly = readOnly;
  }

  /** Commits finished through this server since start. */
  public long commits() {
    return commits.get();
  }

  /** Votes that failed with a conflict since start. */
  public long conflicts() {
    return conflicts.get();
  }

  /** Transactions begun through this server and not yet finished or aborted. */
  public int transactionsInProgress() {
    return inProgress.size();
  }

  /** "idle", "running since ...", or how the last pack ended. */
  public String packState() {
    return packState;
  }

  private void checkWritable() {
    if (readOnly) {
      throw new ReadOnlyError("storage " + name + " is served read-only (--read-only)");
    }
  }

  @Override
  public String getName() {
    return delegate.getName();
  }

  @Override
  public LoadResult load(long oid) {
    return delegate.load(oid);
  }

  @Override
  public Optional<Revision> loadBefore(long oid, long tid) {
    return delegate.loadBefore(oid, tid);
  }

  @Override
  public byte[] loadSerial(long oid, long serial) {
    return delegate.loadSerial(oid, serial);
  }

  @Override
  public long lastTransaction() {
    return delegate.lastTransaction();
  }

  @Override
  public List<HistoryEntry> history(long oid, int size) {
    return delegate.history(oid, size);
  }

  @Override
  public StorageIterator iterator(long start, long stop) {
    return delegate.iterator(start, stop);
  }

  @Override
  public long size() {
    return delegate.size();
  }

  @Override
  public StorageInfo info() {
    StorageInfo i = delegate.info();
    return readOnly ? new StorageInfo(i.name(), i.lastTid(), i.size(), true, i.supportsUndo(), i.supportsPack()) : i;
  }

  @Override
  public boolean isReadOnly() {
    return readOnly || delegate.isReadOnly();
  }

  @Override
  public long newOid() {
    checkWritable();
    return delegate.newOid();
  }

  @Override
  public void tpcBegin(TransactionMetadata txn) {
    checkWritable();
    delegate.tpcBegin(txn);
    inProgress.add(txn);
  }

  @Override
  public void tpcBegin(TransactionMetadata txn, long tid, char status) {
    checkWritable();
    delegate.tpcBegin(txn, tid, status);
    inProgress.add(txn);
  }

  @Override
  public void store(long oid, long serial, byte[] data, TransactionMetadata txn) {
    delegate.store(oid, serial, data, txn);
  }

  @Override
  public void checkCurrentSerial(long oid, long serial, TransactionMetadata txn) {
    delegate.checkCurrentSerial(oid, serial, txn);
  }

  @Override
  public void restore(long oid, long serial, byte[] data, long dataTid, TransactionMetadata txn) {
    delegate.restore(oid, serial, data, dataTid, txn);
  }

  @Override
  public Set<Long> tpcVote(TransactionMetadata txn) {
    try {
      return delegate.tpcVote(txn);
    } catch (ConflictError e) {
      conflicts.incrementAndGet();
      throw e;
    }
  }

  @Override
  public long tpcFinish(TransactionMetadata txn) {
    long tid = delegate.tpcFinish(txn);
    inProgress.remove(txn);
    commits.incrementAndGet();
    return tid;
  }

  @Override
  public void tpcAbort(TransactionMetadata txn) {
    try {
      delegate.tpcAbort(txn);
    } finally {
      inProgress.remove(txn);
    }
  }

  @Override
  public void pack(long packTid, ReferenceFinder references) {
    checkWritable();
    try {
      logged(packTid, () -> {
        delegate.pack(packTid, references);
        return CompletableFuture.completedFuture(null);
      }).join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  @Override
  public CompletableFuture<Void> packInBackground(long packTid, ReferenceFinder references) {
    checkWritable();
    return logged(packTid, () -> delegate.packInBackground(packTid, references));
  }

  private CompletableFuture<Void> logged(long packTid, Supplier<CompletableFuture<Void>> pack) {
    long sizeBefore = delegate.size();
    long started = System.nanoTime();
    packState = "running since " + Instant.now() + " (pack time " + Tid.describe(packTid) + ")";
    LOG.log(INFO, "pack of storage " + name + " started: removing what no snapshot after "
        + Tid.describe(packTid) + " needs; size " + sizeBefore + " bytes");
    CompletableFuture<Void> f;
    try {
      f = pack.get();
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    return f.whenComplete((v, e) -> {
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      packState = (e == null ? "last pack finished " : "last pack failed ") + Instant.now() + " after "
          + took.toMillis() + " ms" + (e == null ? "" : ": " + (e instanceof CompletionException && e.getCause() != null
          ? e.getCause() : e));
      if (e == null) {
        LOG.log(INFO, "pack of storage " + name + " finished in " + took.toMillis() + " ms; size "
            + sizeBefore + " -> " + delegate.size() + " bytes");
      } else {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        LOG.log(ERROR, "pack of storage " + name + " failed after " + took.toMillis() + " ms: " + cause);
      }
    });
  }

  @Override
  public boolean supportsPack() {
    return delegate.supportsPack();
  }

  @Override
  public boolean supportsUndo() {
    return delegate.supportsUndo();
  }

  @Override
  public List<UndoLogEntry> undoLog(int first, int last, Predicate<UndoLogEntry> filter) {
    return delegate.undoLog(first, last, filter);
  }

  @Override
  public Set<Long> undo(long undoneTid, TransactionMetadata txn) {
    checkWritable();
    return delegate.undo(undoneTid, txn);
  }

  @Override
  public void addListener(StorageListener listener) {
    delegate.addListener(listener);
  }

  @Override
  public void removeListener(StorageListener listener) {
    delegate.removeListener(listener);
  }

  @Override
  public void setConflictResolver(ConflictResolver resolver) {
    delegate.setConflictResolver(resolver);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
