package io.zeo.storage.file;

import io.zeo.spi.ConflictResolver;
import io.zeo.spi.HistoryEntry;
import io.zeo.spi.LoadResult;
import io.zeo.spi.Oid;
import io.zeo.spi.ReadOnlyError;
import io.zeo.spi.ReferenceFinder;
import io.zeo.spi.Revision;
import io.zeo.spi.Storage;
import io.zeo.spi.StorageError;
import io.zeo.spi.StorageInfo;
import io.zeo.spi.StorageIterator;
import io.zeo.spi.StorageListener;
import io.zeo.spi.StorageTransactionError;
import io.zeo.spi.Tid;
import io.zeo.spi.TidGenerator;
import io.zeo.spi.TransactionMetadata;
import io.zeo.spi.UndoError;
import io.zeo.spi.UndoLogEntry;
import io.zeo.storage.file.internal.DataFile;
import io.zeo.storage.file.internal.FileHeader;
import io.zeo.storage.file.internal.Format;
import io.zeo.storage.file.internal.IndexFile;
import io.zeo.storage.file.internal.Io;
import io.zeo.storage.file.internal.LockFile;
import io.zeo.storage.file.internal.Recovery;
import io.zeo.storage.file.internal.Revisions;
import io.zeo.storage.file.internal.Txn;
import io.zeo.storage.file.internal.TxnIterator;
import io.zeo.storage.file.internal.TxnState;
import io.zeo.storage.file.internal.VoteWriter;
import io.zeo.storage.file.internal.Undoer;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;

/**
 * A durable storage in one append-only file, after ZODB's FileStorage: every transaction is a
 * record appended at vote and forced to disk at finish; an in-memory oid index points at each
 * object's current revision, whose record points back at the revision before. The format is
 * described in {@code docs/file-format.md}.
 *
 * <p>Open with {@link #open(Path)}, {@link #builder(Path)} or the URI
 * {@code file:/path/to/data.fs?read-only=false&create=true&max-record-size=64MB&pack-keep-old=true}.
 * Beside the data file live {@code .lock} (the pid of the process that has it open for
 * writing), {@code .index} (saved on clean close), after a pack {@code .old}, and after a torn
 * tail was cut off on open {@code .torn-<offset>} with the bytes removed.
 *
 * <p>Durability: {@link #tpcFinish} returns only after {@code FileChannel.force}; a transaction
 * whose finish did not return is cut off on the next open. A failed force makes the storage
 * refuse writes until it is reopened. Damage before the last transaction fails the open with
 * an error naming offset and tid; {@link FileStorageTools} verifies and recovers.
 *
 * <p>Concurrency: any number of transactions collect stores at once; {@link #tpcVote} takes a
 * fair commit lock, checks serials (conflict resolution included) and writes the record;
 * {@link #tpcFinish} forces it, tells listeners and publishes it. Reads take a short read lock
 * to look up an offset and then read the immutable file without locks, so they never wait for a
 * commit's I/O. Thread-safe.
 */
public final class FileStorage implements Storage {
  private static final Logger LOG = System.getLogger(FileStorage.class.getName());
  private static final long OID_BLOCK = 4096;

  private final Path path;
  private final String name;
  private final boolean readOnly;
  private final long maxRecordSize;
  private final boolean packKeepOld;
  private final FileAccess access;
  private final LockFile lock;
  private final TidGenerator tidGenerator;
  private final Packing packing;

  /** Guards the current file's in-memory indexes and the swap of files by pack. */
  private final ReentrantReadWriteLock indexLock = new ReentrantReadWriteLock();
  /** One voted transaction at a time; fair, so voters are served in arrival order. */
  private final Semaphore commitLock = new Semaphore(1, true);
  private final Map<TransactionMetadata, TxnState> txns = new IdentityHashMap<>();
  private final List<StorageListener> listeners = new CopyOnWriteArrayList<>();
  private final List<FileAccess.Handle> retired = new ArrayList<>();
  private final ReentrantLock packLock = new ReentrantLock();
  private final Object oidLock = new Object();

  private volatile DataFile file;
  private volatile long lastTid;
  private volatile ConflictResolver resolver = ConflictResolver.NONE;
  private volatile boolean closed;
  /** Why writes are refused after a failed force (null while healthy). */
  private volatile String broken;
  private long nextOid;
  private long oidHighWater;

  FileStorage(FileStorageBuilder b) {
    this.path = b.path;
    this.name = b.name != null ? b.name : b.path.toString();
    this.readOnly = b.readOnly;
    this.maxRecordSize = b.maxRecordSize;
    this.packKeepOld = b.packKeepOld;
    this.access = b.access;
    this.lock = readOnly ? null : LockFile.acquire(path, name);
    Recovery.Opened opened;
    try {
      opened = Recovery.open(path, name, access, !readOnly, b.create);
    } catch (RuntimeException e) {
      closeLock();
      throw e;
    }
    this.file = opened.file();
    this.lastTid = file.lastTid;
    this.tidGenerator = new TidGenerator(b.clock, lastTid);
    this.oidHighWater = opened.oidHighWater();
    this.nextOid = Math.max(Math.max(1, opened.oidHighWater()), file.maxOid + 1);
    this.packing = new Packing(this);
  }

  /** Opens (creating if missing) the storage in {@code path} for reading and writing. */
  public static FileStorage open(Path path) {
    return builder(path).open();
  }

  /** A builder for the storage in {@code path}. */
  public static FileStorageBuilder builder(Path path) {
    return new FileStorageBuilder(path);
  }

  /** The data file. */
  public Path path() {
    return path;
  }

  @Override
  public String getName() {
    return name;
  }

  // ---------------------------------------------------------------- reads

  private record At(DataFile file, long pos) {}

  private At current(long oid) {
    checkOpen();
    indexLock.readLock().lock();
    try {
      DataFile f = file;
      return new At(f, f.index.get(oid));
    } finally {
      indexLock.readLock().unlock();
    }
  }

  @Override
  public LoadResult load(long oid) {
    At at = current(oid);
    return Revisions.load(at.file, at.pos, oid);
  }

  @Override
  public Optional<Revision> loadBefore(long oid, long tid) {
    At at = current(oid);
    return Revisions.loadBefore(at.file, at.pos, oid, tid);
  }

  @Override
  public byte[] loadSerial(long oid, long serial) {
    At at = current(oid);
    return Revisions.loadSerial(at.file, at.pos, oid, serial);
  }

  @Override
  public long lastTransaction() {
    checkOpen();
    return lastTid;
  }

  @Override
  public List<HistoryEntry> history(long oid, int size) {
    if (size < 1) {
      throw new IllegalArgumentException("history size " + size + " is not at least 1");
    }
    At at = current(oid);
    return Revisions.history(at.file, at.pos, oid, size);
  }

  @Override
  public StorageIterator iterator(long start, long stop) {
    checkOpen();
    indexLock.readLock().lock();
    try {
      DataFile f = file;
      int i = f.tids.firstAtOrAfter(start);
      long from = i < f.tids.size() ? f.tids.pos(i) : f.end;
      return new TxnIterator(f, from, f.end, stop);
    } finally {
      indexLock.readLock().unlock();
    }
  }

  @Override
  public long size() {
    checkOpen();
    return file.end;
  }

  @Override
  public StorageInfo info() {
    checkOpen();
    indexLock.readLock().lock();
    try {
      return new StorageInfo(name, lastTid, file.end, readOnly, true, true);
    } finally {
      indexLock.readLock().unlock();
    }
  }

  @Override
  public boolean isReadOnly() {
    return readOnly;
  }

  // ---------------------------------------------------------------- writes

  @Override
  public long newOid() {
    checkWritable();
    synchronized (oidLock) {
      long oid = nextOid;
      if (oid + 1 > oidHighWater) {
        long mark = oid + OID_BLOCK;
        try {
          FileHeader.setOidHighWater(file.handle, mark);
        } catch (IOException e) {
          throw new StorageError("cannot record the oid high-water mark in " + name + ": " + e, e);
        }
        oidHighWater = mark;
      }
      nextOid = oid + 1;
      return oid;
    }
  }

  @Override
  public void tpcBegin(TransactionMetadata txn) {
    begin(txn, new TxnState(txn, Tid.NONE, ' '));
  }

  @Override
  public void tpcBegin(TransactionMetadata txn, long tid, char status) {
    if (!Format.isCommittedStatus(status)) {
      throw new IllegalArgumentException("transaction status '" + status + "' is not one of ' ', 'p', 'u'");
    }
    checkWritable();
    if (tid == Tid.NONE || Long.compareUnsigned(tid, lastTid) <= 0) {
      throw new StorageTransactionError("tid " + Tid.describe(tid) + " is not later than the last transaction "
          + Tid.describe(lastTid));
    }
    begin(txn, new TxnState(txn, tid, status));
  }

  private void begin(TransactionMetadata txn, TxnState state) {
    Objects.requireNonNull(txn, "txn");
    checkWritable();
    synchronized (txns) {
      if (txns.containsKey(txn)) {
        throw new StorageTransactionError("transaction " + txn + " is already in progress in " + name);
      }
      txns.put(txn, state);
    }
  }

  private TxnState state(TransactionMetadata txn, TxnState.Phase phase) {
    Objects.requireNonNull(txn, "txn");
    checkOpen();
    TxnState s;
    synchronized (txns) {
      s = txns.get(txn);
    }
    if (s == null) {
      throw new StorageTransactionError("transaction " + txn + " is not in progress in " + name);
    }
    if (s.phase != phase) {
      throw new StorageTransactionError("transaction " + txn + " is " + s.phase.name().toLowerCase()
          + ", expected " + phase.name().toLowerCase());
    }
    return s;
  }

  private void checkData(long oid, byte[] data) {
    if (oid < 0) {
      throw new IllegalArgumentException("oid " + Oid.toString(oid) + " is negative; oids are below 2^63");
    }
    if (data != null && data.length > maxRecordSize) {
      throw new StorageError("record of " + data.length + " bytes for oid " + Oid.toString(oid)
          + " exceeds max-record-size " + maxRecordSize + " of " + name);
    }
  }

  @Override
  public void store(long oid, long serial, byte[] data, TransactionMetadata txn) {
    Objects.requireNonNull(data, "data");
    checkNotReadOnly();
    checkData(oid, data);
    TxnState s = state(txn, TxnState.Phase.BEGUN);
    synchronized (s) {
      s.writes.put(oid, new TxnState.Store(serial, data));
    }
  }

  @Override
  public void checkCurrentSerial(long oid, long serial, TransactionMetadata txn) {
    checkNotReadOnly();
    TxnState s = state(txn, TxnState.Phase.BEGUN);
    synchronized (s) {
      s.checks.put(oid, serial);
    }
  }

  @Override
  public void restore(long oid, long serial, byte[] data, long dataTid, TransactionMetadata txn) {
    checkNotReadOnly();
    checkData(oid, data);
    TxnState s = state(txn, TxnState.Phase.BEGUN);
    if (s.fixedTid == Tid.NONE) {
      throw new StorageTransactionError("restore needs a transaction begun with a tid (tpcBegin(txn, tid, status))");
    }
    if (serial != s.fixedTid) {
      throw new IllegalArgumentException("restore serial " + Tid.describe(serial) + " is not the transaction's tid "
          + Tid.describe(s.fixedTid));
    }
    synchronized (s) {
      s.writes.put(oid, new TxnState.Restore(data, dataTid));
    }
  }

  @Override
  public Set<Long> tpcVote(TransactionMetadata txn) {
    TxnState s = state(txn, TxnState.Phase.BEGUN);
    commitLock.acquireUninterruptibly();
    boolean voted = false;
    try {
      checkWritable();
      synchronized (s) {
        write(s);
      }
      synchronized (txns) {
        if (txns.get(txn) != s) {
          truncateQuietly(file, s.pos);
          throw new StorageError("transaction " + txn + " was aborted while it voted (storage " + name + " closed)");
        }
        s.phase = TxnState.Phase.VOTED;
      }
      voted = true;
      return s.resolved;
    } finally {
      if (!voted) {
        commitLock.release();
      }
    }
  }

  /** Under the commit lock: checks serials, resolves conflicts, writes the record. */
  private void write(TxnState s) {
    DataFile f = file;
    long tid;
    if (s.fixedTid != Tid.NONE) {
      if (Long.compareUnsigned(s.fixedTid, lastTid) <= 0) {
        throw new StorageTransactionError("tid " + Tid.describe(s.fixedTid) + " is no longer later than the last"
            + " transaction " + Tid.describe(lastTid));
      }
      tid = s.fixedTid;
      tidGenerator.observe(tid);
    } else {
      tid = tidGenerator.next();
    }
    try {
      VoteWriter.write(f, s, tid, resolver);
    } catch (IOException ex) {
      truncateQuietly(f, f.end);
      synchronized (txns) {
        txns.remove(s.metadata);
      }
      throw new StorageError("cannot write a transaction to " + name + " (" + ex + "); the transaction is aborted",
          ex);
    }
  }

  @Override
  public long tpcFinish(TransactionMetadata txn) {
    TxnState s = state(txn, TxnState.Phase.VOTED);
    synchronized (txns) {
      if (txns.get(txn) != s) {
        throw new StorageError("transaction " + txn + " was aborted before it finished (storage " + name
            + " closed)");
      }
      s.finishing = true; // from here close waits for this finish instead of aborting it
    }
    DataFile f = file;
    try {
      ByteBuffer status = ByteBuffer.allocate(1).put((byte) s.writtenStatus).flip();
      Io.writeFully(f.handle, status, s.pos + Format.STATUS_AT);
      f.handle.force();
    } catch (IOException e) {
      // After a failed force the kernel may have dropped dirty pages: nothing written since the
      // last good force can be trusted, so stop writing (as h2 and BookKeeper do) until reopened.
      broken = "forcing transaction " + Tid.describe(s.tid) + " to disk failed: " + e;
      synchronized (txns) {
        txns.remove(txn);
      }
      truncateQuietly(f, s.pos);
      commitLock.release();
      LOG.log(Level.ERROR, name + ": " + broken + "; refusing writes until the storage is reopened");
      throw new StorageError("cannot make transaction " + Tid.describe(s.tid) + " durable in " + name + " (" + e
          + "); it is not committed and the storage refuses writes until reopened", e);
    }
    Set<Long> oids = new LinkedHashSet<>(s.oids.length * 2);
    long maxOid = -1;
    for (long oid : s.oids) {
      oids.add(oid);
      maxOid = Math.max(maxOid, oid);
    }
    Set<Long> changed = Collections.unmodifiableSet(oids);
    for (StorageListener l : listeners) {
      try {
        l.invalidate(s.tid, changed);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "listener " + l + " failed on invalidate of " + Tid.toHex(s.tid), e);
      }
    }
    indexLock.writeLock().lock();
    try {
      f.committed(s.tid, s.pos, s.length, s.oids, s.recordPositions);
      lastTid = s.tid;
    } finally {
      indexLock.writeLock().unlock();
    }
    synchronized (oidLock) {
      if (maxOid >= nextOid) {
        nextOid = maxOid + 1;
      }
    }
    synchronized (txns) {
      txns.remove(txn);
    }
    commitLock.release();
    fireInfoChanged();
    return s.tid;
  }

  @Override
  public void tpcAbort(TransactionMetadata txn) {
    checkOpen();
    TxnState s;
    synchronized (txns) {
      s = txns.remove(txn);
    }
    if (s != null && s.phase == TxnState.Phase.VOTED) {
      truncateQuietly(file, s.pos);
      commitLock.release();
    }
  }

  private void truncateQuietly(DataFile f, long pos) {
    try {
      f.handle.truncate(pos);
    } catch (IOException e) {
      // the next vote overwrites from the same offset, and an unfinished record is cut off on open
      LOG.log(Level.WARNING, name + ": cannot truncate back to " + pos + ": " + e);
    }
  }

  // ---------------------------------------------------------------- pack and undo

  @Override
  public void pack(long packTid, ReferenceFinder references) {
    Objects.requireNonNull(references, "references");
    checkWritable();
    packLock.lock();
    try {
      packing.pack(packTid, references);
    } finally {
      packLock.unlock();
    }
    fireInfoChanged();
  }

  @Override
  public List<UndoLogEntry> undoLog(int first, int last, Predicate<UndoLogEntry> filter) {
    checkOpen();
    int stop = last < 0 ? first - last : last;
    List<UndoLogEntry> out = new ArrayList<>();
    DataFile f;
    int i;
    indexLock.readLock().lock();
    try {
      f = file;
      i = f.tids.size();
    } finally {
      indexLock.readLock().unlock();
    }
    int matched = 0;
    while (matched < stop && --i >= 0) {
      long pos;
      indexLock.readLock().lock();
      try {
        pos = f.tids.pos(i);
      } finally {
        indexLock.readLock().unlock();
      }
      DataFile.TxnInfo t = f.txnInfo(pos);
      if (t.status() == 'p') {
        break;
      }
      TransactionMetadata m = t.metadata();
      UndoLogEntry e = new UndoLogEntry(t.tid(), m.user(), m.description(), m.extension());
      if (filter == null || filter.test(e)) {
        if (matched >= first) {
          out.add(e);
        }
        matched++;
      }
    }
    return out;
  }

  @Override
  public Set<Long> undo(long undoneTid, TransactionMetadata txn) {
    checkWritable();
    TxnState s = state(txn, TxnState.Phase.BEGUN);
    DataFile f;
    long txnPos;
    indexLock.readLock().lock();
    try {
      f = file;
      txnPos = f.tids.find(undoneTid);
    } finally {
      indexLock.readLock().unlock();
    }
    Txn t = Undoer.undoable(f, txnPos, undoneTid);
    Map<Long, Txn> txns = new HashMap<>();
    txns.put(undoneTid, t);
    Map<Long, TxnState.Undo> undos = new LinkedHashMap<>();
    synchronized (s) {
      for (int i = 0; i < t.size(); i++) {
        long oid = t.oid(i);
        List<Long> chain = new ArrayList<>();
        TxnState.Write earlier = s.writes.get(oid);
        if (earlier instanceof TxnState.Undo u) {
          chain.addAll(u.undoneTids());
        } else if (earlier != null) {
          throw new UndoError("the object was already changed in this transaction", oid);
        }
        chain.add(undoneTid);
        long currentPos;
        indexLock.readLock().lock();
        try {
          currentPos = f.index.get(oid);
        } finally {
          indexLock.readLock().unlock();
        }
        Undoer.computeAll(f, oid, currentPos, chain, txns, resolver); // fails now rather than at vote
        undos.put(oid, new TxnState.Undo(chain));
      }
      s.writes.putAll(undos);
    }
    return new LinkedHashSet<>(undos.keySet());
  }

  // ---------------------------------------------------------------- plumbing

  @Override
  public void addListener(StorageListener listener) {
    checkOpen();
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void removeListener(StorageListener listener) {
    checkOpen();
    listeners.remove(listener);
  }

  @Override
  public void setConflictResolver(ConflictResolver resolver) {
    checkOpen();
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  private void fireInfoChanged() {
    if (listeners.isEmpty()) {
      return;
    }
    StorageInfo info = info();
    for (StorageListener l : listeners) {
      try {
        l.infoChanged(info);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "listener " + l + " failed on infoChanged", e);
      }
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new StorageError("storage " + name + " is closed");
    }
  }

  /** ZODB raises ReadOnlyError for any write on a read-only storage, before looking at the transaction. */
  private void checkNotReadOnly() {
    checkOpen();
    if (readOnly) {
      throw new ReadOnlyError("storage " + name + " is read-only");
    }
  }

  private void checkWritable() {
    checkNotReadOnly();
    if (broken != null) {
      throw new StorageError("storage " + name + " refuses writes since " + broken + "; reopen it");
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    List<TxnState> open;
    synchronized (txns) {
      open = new ArrayList<>(txns.values());
      txns.clear();
    }
    for (TxnState s : open) {
      if (s.phase == TxnState.Phase.VOTED && !s.finishing) {
        truncateQuietly(file, s.pos);
        commitLock.release();
      }
    }
    if (!open.isEmpty()) {
      LOG.log(Level.INFO, "{0}: closed with {1} transaction(s) in progress; aborted them", name, open.size());
    }
    boolean quiet = false;
    try {
      quiet = commitLock.tryAcquire(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    DataFile f = file;
    if (!readOnly && quiet && broken == null) {
      try {
        f.handle.force();
        IndexFile.save(f);
      } catch (IOException e) {
        LOG.log(Level.WARNING, name + ": cannot save the index; the next open scans the file: " + e);
      }
    }
    closeQuietly(f.handle);
    // drop the index now: a closed storage may stay referenced for a while
    indexLock.writeLock().lock();
    try {
      f.index.clear();
      f.index.trim();
    } finally {
      indexLock.writeLock().unlock();
    }
    synchronized (retired) {
      retired.forEach(this::closeQuietly);
    }
    closeLock();
  }

  private void closeLock() {
    if (lock != null) {
      try {
        lock.close();
      } catch (IOException e) {
        LOG.log(Level.WARNING, name + ": cannot release the lock file: " + e);
      }
    }
  }

  private void closeQuietly(FileAccess.Handle h) {
    try {
      h.close();
    } catch (IOException e) {
      LOG.log(Level.WARNING, name + ": cannot close the data file: " + e);
    }
  }

  @Override
  public String toString() {
    return "FileStorage[" + name + "]";
  }

  // ---------------------------------------------------------------- for Packing

  FileAccess access() {
    return access;
  }

  boolean packKeepOld() {
    return packKeepOld;
  }

  ReentrantReadWriteLock indexLock() {
    return indexLock;
  }

  Semaphore commitLock() {
    return commitLock;
  }

  DataFile file() {
    return file;
  }

  boolean closed() {
    return closed;
  }

  /** What pack does on disk to put the packed file in place; may fail, leaving everything as it was. */
  interface FileSwap {
    void run() throws IOException;
  }

  /**
   * Under the commit lock: gives {@code packed} the oid high-water mark, runs {@code swap} (force
   * and rename) and then makes {@code packed} the current file. The oid lock is held throughout
   * so no oid is handed out against the old file's header meanwhile.
   */
  void swapIn(DataFile packed, FileAccess.Handle old, FileSwap swap) throws IOException {
    synchronized (oidLock) {
      long mark = Math.max(oidHighWater, nextOid + OID_BLOCK);
      FileHeader.setOidHighWater(packed.handle, mark);
      swap.run();
      oidHighWater = mark;
      indexLock.writeLock().lock();
      try {
        file = packed;
      } finally {
        indexLock.writeLock().unlock();
      }
    }
    synchronized (retired) {
      retired.add(old);
    }
  }
}
