package io.zeo.server.internal;

import io.zeo.spi.ConflictResolver;
import io.zeo.spi.HistoryEntry;
import io.zeo.spi.LoadResult;
import io.zeo.spi.POSKeyError;
import io.zeo.spi.ReadOnlyError;
import io.zeo.spi.ReferenceFinder;
import io.zeo.spi.Revision;
import io.zeo.spi.Storage;
import io.zeo.spi.StorageInfo;
import io.zeo.spi.StorageIterator;
import io.zeo.spi.StorageListener;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import io.zeo.spi.TransactionRecord;
import io.zeo.spi.UndoLogEntry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The server's own counters, served read-only as storage {@value #NAME}: object 0 holds the
 * current report as UTF-8 {@code key: value} lines, rebuilt at every load. {@code zeo status}
 * reads it through an ordinary client connection, so it travels over any transport and behind
 * the same login as the data; the client protocol has no status call of its own (yet).
 */
public final class StatusStorage implements Storage {
  /** The name it is served under. */
  public static final String NAME = "_status";

  private final Supplier<String> report;
  /** Constant: every report is "object 0 as of the server's start", never cached past the session. */
  private final long tid = Tid.of(java.time.Instant.now());

  public StatusStorage(Supplier<String> report) {
    this.report = report;
  }

  private static ReadOnlyError readOnly() {
    return new ReadOnlyError("storage " + NAME + " is the server's status report; it is read-only");
  }

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public LoadResult load(long oid) {
    if (oid != 0) {
      throw new POSKeyError(oid);
    }
    return new LoadResult(report.get().getBytes(StandardCharsets.UTF_8), tid);
  }

  @Override
  public Optional<Revision> loadBefore(long oid, long before) {
    if (oid != 0) {
      throw new POSKeyError(oid);
    }
    return Optional.empty();
  }

  @Override
  public byte[] loadSerial(long oid, long serial) {
    throw new POSKeyError(oid);
  }

  @Override
  public long lastTransaction() {
    return tid;
  }

  @Override
  public List<HistoryEntry> history(long oid, int size) {
    return List.of();
  }

  @Override
  public StorageIterator iterator(long start, long stop) {
    return new StorageIterator() {
      @Override
      public boolean hasNext() {
        return false;
      }

      @Override
      public TransactionRecord next() {
        throw new NoSuchElementException();
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public long size() {
    return 0;
  }

  @Override
  public StorageInfo info() {
    return new StorageInfo(NAME, tid, 0, true, false, false);
  }

  @Override
  public boolean isReadOnly() {
    return true;
  }

  @Override
  public long newOid() {
    throw readOnly();
  }

  @Override
  public void tpcBegin(TransactionMetadata txn) {
    throw readOnly();
  }

  @Override
  public void tpcBegin(TransactionMetadata txn, long beginTid, char status) {
    throw readOnly();
  }

  @Override
  public void store(long oid, long serial, byte[] data, TransactionMetadata txn) {
    throw readOnly();
  }

  @Override
  public void checkCurrentSerial(long oid, long serial, TransactionMetadata txn) {
    throw readOnly();
  }

  @Override
  public void restore(long oid, long serial, byte[] data, long dataTid, TransactionMetadata txn) {
    throw readOnly();
  }

  @Override
  public Set<Long> tpcVote(TransactionMetadata txn) {
    throw readOnly();
  }

  @Override
  public long tpcFinish(TransactionMetadata txn) {
    throw readOnly();
  }

  @Override
  public void tpcAbort(TransactionMetadata txn) {
    // nothing was ever begun
  }

  @Override
  public void pack(long packTid, ReferenceFinder references) {
    throw new UnsupportedOperationException("storage " + NAME + " cannot pack");
  }

  @Override
  public boolean supportsPack() {
    return false;
  }

  @Override
  public boolean supportsUndo() {
    return false;
  }

  @Override
  public List<UndoLogEntry> undoLog(int first, int last, Predicate<UndoLogEntry> filter) {
    return List.of();
  }

  @Override
  public Set<Long> undo(long undoneTid, TransactionMetadata txn) {
    throw readOnly();
  }

  @Override
  public void addListener(StorageListener listener) {}

  @Override
  public void removeListener(StorageListener listener) {}

  @Override
  public void setConflictResolver(ConflictResolver resolver) {}

  @Override
  public void close() {}
}
