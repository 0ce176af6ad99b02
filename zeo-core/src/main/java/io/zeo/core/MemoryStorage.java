package io.zeo.core;

import io.zeo.core.internal.memory.MemoryDatabase;
import io.zeo.core.internal.memory.MemoryReader;
import io.zeo.core.internal.memory.PendingTransaction;
import io.zeo.core.internal.memory.Transactions;
import io.zeo.spi.ConflictResolver;
import io.zeo.spi.HistoryEntry;
import io.zeo.spi.LoadResult;
import io.zeo.spi.ReadOnlyError;
import io.zeo.spi.ReferenceFinder;
import io.zeo.spi.Revision;
import io.zeo.spi.Storage;
import io.zeo.spi.StorageError;
import io.zeo.spi.StorageInfo;
import io.zeo.spi.StorageIterator;
import io.zeo.spi.StorageListener;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import io.zeo.spi.UndoLogEntry;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A complete {@link Storage} held in memory: revisions, MVCC reads, two-phase commit with
 * conflict detection and resolution, history, undo, pack and iteration/restore, as ZODB's
 * storages behave. Opened with {@code Zeo.open("memory:")} or built directly:
 *
 * <pre>{@code
 * Storage s = Zeo.open("memory:test?max-record-size=1MB");    // options: name, read-only, max-record-size
 * MemoryStorage m = MemoryStorage.builder().name("test").maxRecordSize(1 << 20).build();
 * }</pre>
 *
 * <p>Undo follows FileStorage: an undone object gets back the data of its previous revision, and
 * a later change to it makes the undo fail unless the {@link ConflictResolver} merges. Pack keeps
 * what snapshots at or after the pack tid read, following references from the root and from
 * every later revision (see {@link Storage#pack}).
 *
 * <p>Several handles may share one storage's data ({@link #newHandle()}, {@link #readOnlyView()}),
 * like several clients of one server: each has its own transactions and listeners, and every
 * handle's listeners hear of every commit. Thread-safe; reads never wait for a commit; votes
 * queue fairly for the commit lock, which is held from vote to finish or abort. Nothing is
 * durable: the data lives as long as some handle refers to it.
 */
public final class MemoryStorage implements Storage {
  /** The default maximum record size: 64 MiB. */
  public static final long DEFAULT_MAX_RECORD_SIZE = 64L << 20;

  private static final System.Logger LOG = System.getLogger(MemoryStorage.class.getName());

  private final MemoryDatabase db;
  private final MemoryReader reader;
  private final boolean readOnly;
  private final Transactions transactions;
  private final List<StorageListener> listeners = new CopyOnWriteArrayList<>();
  private final StorageListener dispatcher = new StorageListener() {
    @Override
    public void invalidate(long tid, Set<Long> oids) {
      for (StorageListener l : listeners) {
        try {
          l.invalidate(tid, oids);
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "listener " + l + " failed on the invalidation of "
              + Tid.toHex(tid) + " in " + db.name(), e);
        }
      }
    }

    @Override
    public void infoChanged(StorageInfo info) {
      StorageInfo mine = new StorageInfo(info.name(), info.lastTid(), info.size(), readOnly,
          info.supportsUndo(), info.supportsPack());
      for (StorageListener l : listeners) {
        try {
          l.infoChanged(mine);
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "listener " + l + " failed on an info change of " + db.name(), e);
        }
      }
    }
  };
  private volatile ConflictResolver resolver = ConflictResolver.NONE;
  private volatile boolean closed;

  private MemoryStorage(MemoryDatabase db, boolean readOnly) {
    this.db = db;
    this.reader = new MemoryReader(db);
    this.readOnly = readOnly;
    this.transactions = new Transactions(db);
    db.addDispatcher(dispatcher);
  }

  /** An empty writable storage named {@code memory} with the default limits. */
  public static MemoryStorage create() {
    return builder().build();
  }

  /** A builder; every setting has a default. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Another handle on the same data, as a second client of one server would be: its own
   * transactions, listeners and conflict resolver.
   */
  public MemoryStorage newHandle() {
    return new MemoryStorage(db, readOnly);
  }

  /** A handle on the same data that refuses every write with {@link ReadOnlyError}. */
  public MemoryStorage readOnlyView() {
    return new MemoryStorage(db, true);
  }

  @Override
  public String getName() {
    return db.name();
  }

  @Override
  public LoadResult load(long oid) {
    ensureOpen();
    return reader.load(oid);
  }

  @Override
  public Optional<Revision> loadBefore(long oid, long tid) {
    ensureOpen();
    return reader.loadBefore(oid, tid);
  }

  @Override
  public byte[] loadSerial(long oid, long serial) {
    ensureOpen();
    return reader.loadSerial(oid, serial);
  }

  @Override
  public long lastTransaction() {
    ensureOpen();
    return db.lastTid();
  }

  @Override
  public List<HistoryEntry> history(long oid, int size) {
    ensureOpen();
    return reader.history(oid, size);
  }

  @Override
  public StorageIterator iterator(long start, long stop) {
    ensureOpen();
    return reader.iterator(start, stop);
  }

  @Override
  public long size() {
    ensureOpen();
    return db.size();
  }

  @Override
  public StorageInfo info() {
    ensureOpen();
    return db.info(readOnly);
  }

  @Override
  public boolean isReadOnly() {
    return readOnly;
  }

  @Override
  public long newOid() {
    ensureWritable("newOid");
    return db.newOid();
  }

  @Override
  public void tpcBegin(TransactionMetadata txn) {
    ensureWritable("tpcBegin");
    transactions.begin(txn);
  }

  @Override
  public void tpcBegin(TransactionMetadata txn, long tid, char status) {
    ensureWritable("tpcBegin");
    transactions.begin(txn, tid, status);
  }

  @Override
  public void store(long oid, long serial, byte[] data, TransactionMetadata txn) {
    ensureWritable("store");
    transactions.store(oid, serial, data, txn);
  }

  @Override
  public void checkCurrentSerial(long oid, long serial, TransactionMetadata txn) {
    ensureWritable("checkCurrentSerial");
    transactions.checkCurrentSerial(oid, serial, txn);
  }

  @Override
  public void restore(long oid, long serial, byte[] data, long dataTid, TransactionMetadata txn) {
    ensureWritable("restore");
    transactions.restore(oid, serial, data, dataTid, txn);
  }

  @Override
  public Set<Long> tpcVote(TransactionMetadata txn) {
    ensureOpen();
    return transactions.vote(txn, resolver);
  }

  @Override
  public long tpcFinish(TransactionMetadata txn) {
    ensureOpen();
    return transactions.finish(txn);
  }

  @Override
  public void tpcAbort(TransactionMetadata txn) {
    ensureOpen();
    transactions.abort(txn);
  }

  @Override
  public void pack(long packTid, ReferenceFinder references) {
    ensureWritable("pack");
    Objects.requireNonNull(references, "references");
    db.pack(packTid, references);
  }

  @Override
  public List<UndoLogEntry> undoLog(int first, int last, Predicate<UndoLogEntry> filter) {
    ensureOpen();
    return reader.undoLog(first, last, filter);
  }

  @Override
  public Set<Long> undo(long undoneTid, TransactionMetadata txn) {
    ensureWritable("undo");
    return transactions.undo(undoneTid, txn, resolver);
  }

  @Override
  public void addListener(StorageListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void removeListener(StorageListener listener) {
    listeners.remove(listener);
  }

  @Override
  public void setConflictResolver(ConflictResolver resolver) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  /** Aborts this handle's transactions in progress; other handles and the data are unaffected. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    transactions.abortAll();
    db.removeDispatcher(dispatcher);
  }

  @Override
  public String toString() {
    return "MemoryStorage[" + db.name() + (readOnly ? ", read-only" : "") + (closed ? ", closed" : "") + "]";
  }

  private void ensureOpen() {
    if (closed) {
      throw new StorageError("storage " + db.name() + " is closed");
    }
  }

  private void ensureWritable(String call) {
    ensureOpen();
    if (readOnly) {
      throw new ReadOnlyError(call + " on read-only storage " + db.name());
    }
  }

  /** Settings of a new {@link MemoryStorage}. */
  public static final class Builder {
    private String name = "memory";
    private long maxRecordSize = DEFAULT_MAX_RECORD_SIZE;
    private boolean readOnly;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The storage's name in logs and errors; default {@code memory}. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** The largest record {@code store} accepts, in bytes; default 64 MiB. */
    public Builder maxRecordSize(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("max record size must be >= 0, got " + bytes);
      }
      this.maxRecordSize = bytes;
      return this;
    }

    /** Refuse every write (an empty read-only storage is of little use but allowed); default false. */
    public Builder readOnly(boolean readOnly) {
      this.readOnly = readOnly;
      return this;
    }

    /** The clock tids are taken from; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public MemoryStorage build() {
      return new MemoryStorage(new MemoryDatabase(name, maxRecordSize, clock), readOnly);
    }
  }
}
