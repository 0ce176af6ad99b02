package io.zeo.spi;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * A transactional store of object revisions: ZODB's storage contract in Java.
 *
 * <h2>Model</h2>
 * Objects are identified by oids ({@link Oid}); every revision of an object carries the tid of
 * the transaction that wrote it, its <em>serial</em>. Tids ({@link Tid}) strictly increase within
 * a storage. A revision's data is opaque bytes; records written by the object layer begin with
 * a {@link RecordEnvelope} naming the oids they refer to. The root object is oid
 * {@link Oid#ROOT}; {@link #newOid()} never returns it.
 *
 * <h2>Two-phase commit</h2>
 * A transaction is identified by a {@link TransactionMetadata} instance (by identity):
 * <ol>
 * <li>{@link #tpcBegin} registers it. Any number of transactions may be open at once; beginning
 *     takes no lock.</li>
 * <li>{@link #store} and {@link #checkCurrentSerial} add to it. Storing the same oid twice in
 *     one transaction replaces the earlier data.</li>
 * <li>{@link #tpcVote} takes the storage's commit lock (one voted transaction at a time; voters
 *     queue fairly), checks every serial, resolves conflicts through the
 *     {@link ConflictResolver} where it can, and writes the data. A {@link ConflictError} or
 *     {@link ReadConflictError} from vote means nothing is committed; the caller then calls
 *     {@link #tpcAbort}.</li>
 * <li>{@link #tpcFinish} makes the transaction durable (for durable storages) and visible,
 *     releases the lock and returns its tid. Then the transaction is over.</li>
 * </ol>
 * {@link #tpcAbort} may be called at any point before finish and forgets everything the
 * transaction did, releasing the lock if it held it. Misuse (a transaction not begun, a store
 * after vote, finish without vote, a second begin of the same transaction) raises
 * {@link StorageTransactionError} and changes nothing.
 *
 * <h2>Reads and visibility</h2>
 * Reads never wait for a commit. A committed transaction becomes visible to {@link #load},
 * {@link #loadBefore} and {@link #lastTransaction} at once: a reader sees all of it or none of
 * it. {@link StorageListener}s hear of it ({@link StorageListener#invalidate}) before
 * {@code lastTransaction()} returns its tid. For a consistent view across several objects read
 * as of a snapshot tid {@code s} with {@code loadBefore(oid, s + 1)}.
 *
 * <h2>Errors</h2>
 * Every method raises only {@link StorageError} subclasses for storage conditions (and
 * {@link IllegalArgumentException} / {@link NullPointerException} for arguments that can never
 * be valid); each method's documentation names which in which case. A storage that has been
 * closed raises {@link StorageError} from every method but {@link #close()} and
 * {@link #isReadOnly()}.
 *
 * <h2>Thread-safety</h2>
 * Implementations are thread-safe: many threads may read and run separate transactions at once.
 */
public interface Storage extends AutoCloseable {

  /** A short name for logs and error messages (the server's name for it, or a path). */
  String getName();

  // ---------------------------------------------------------------- reads

  /**
   * The current revision of {@code oid}.
   *
   * @throws POSKeyError if the object does not exist (never created, or its current revision
   *     records that its creation was undone)
   */
  LoadResult load(long oid);

  /**
   * The revision of {@code oid} that a snapshot just before {@code tid} reads: the newest
   * revision whose serial is less than {@code tid}, with the serial of the next revision as
   * its end ({@link Tid#NONE} if it is current).
   *
   * @return empty only if the object has no revision before {@code tid}
   * @throws POSKeyError if the storage has no revision of the object at all, or the revision
   *     found records that the object's creation was undone (as ZODB's FileStorage)
   */
  Optional<Revision> loadBefore(long oid, long tid);

  /**
   * The data of the revision of {@code oid} written by transaction {@code serial}.
   *
   * @throws POSKeyError if there is no such revision (or it was packed away), or it records that
   *     the object's creation was undone
   */
  byte[] loadSerial(long oid, long serial);

  /** The tid of the last committed transaction, {@link Tid#NONE} if none. */
  long lastTransaction();

  /**
   * Revisions of {@code oid}, newest first, at most {@code size} of them.
   *
   * @throws POSKeyError if the object does not exist
   * @throws IllegalArgumentException if {@code size < 1}
   */
  List<HistoryEntry> history(long oid, int size);

  /**
   * Committed transactions with {@code start <= tid <= stop} (unsigned), in tid order, with
   * their data records. Pass {@link Tid#NONE} and {@code -1L} (all ones) for everything. The
   * iterator reads lazily; transactions committed after it was created may or may not appear.
   */
  StorageIterator iterator(long start, long stop);

  /** Approximate size of the storage in bytes. */
  long size();

  /** Name, last tid, size and capabilities in one consistent reading. */
  StorageInfo info();

  /** True if every write (commit, pack, undo) raises {@link ReadOnlyError}. */
  boolean isReadOnly();

  // ---------------------------------------------------------------- writes

  /**
   * A new oid, never handed out before by this storage (nor, for durable storages, before a
   * restart) and never {@link Oid#ROOT}. Needs no transaction.
   *
   * @throws ReadOnlyError if the storage is read-only
   */
  long newOid();

  /**
   * Begins a transaction; the storage assigns its tid at vote or finish.
   *
   * @throws ReadOnlyError if the storage is read-only
   * @throws StorageTransactionError if {@code txn} is already in progress here
   */
  void tpcBegin(TransactionMetadata txn);

  /**
   * Begins a transaction with a tid chosen by the caller, for copying transactions between
   * storages with {@link #restore}. {@code tid} must be later than {@link #lastTransaction()}.
   *
   * @param status the status to record ({@code ' '} normally, {@code 'p'} for packed
   *     transactions being copied)
   * @throws ReadOnlyError if the storage is read-only
   * @throws StorageTransactionError if {@code txn} is already in progress, or {@code tid} is not
   *     later than the last committed tid
   */
  void tpcBegin(TransactionMetadata txn, long tid, char status);

  /**
   * Stores a new revision of {@code oid} in {@code txn}. {@code serial} is the revision the
   * data was derived from: {@link Tid#NONE} for a new object. The data is not copied; the
   * caller must not change it afterwards.
   *
   * <p>A stale {@code serial} is reported as a {@link ConflictError} by {@link #tpcVote} (a
   * storage may report it here already); a resolved conflict is listed by {@code tpcVote}.
   *
   * @throws StorageTransactionError if {@code txn} was not begun or has voted
   * @throws StorageError if {@code data} is larger than the storage's maximum record size
   * @throws IllegalArgumentException for an oid the storage never handed out as valid
   *     (negative oids are rejected)
   */
  void store(long oid, long serial, byte[] data, TransactionMetadata txn);

  /**
   * Records the revision of {@code oid} that {@code txn} read and relies on: if by vote another
   * transaction has committed a later revision, the vote raises {@link ReadConflictError}.
   *
   * @throws StorageTransactionError if {@code txn} was not begun or has voted
   */
  void checkCurrentSerial(long oid, long serial, TransactionMetadata txn);

  /**
   * Writes a revision with a given serial and no conflict check, for copying a storage. Must be
   * inside a transaction begun with {@link #tpcBegin(TransactionMetadata, long, char)};
   * {@code serial} is that transaction's tid.
   *
   * @param data the data, or {@code null} for a revision recording that the object's creation
   *     was undone
   * @param dataTid the {@link DataRecord#dataTid()} of the copied record (a hint storages with
   *     back-pointers may use), else {@link Tid#NONE}
   * @throws StorageTransactionError if {@code txn} was not begun (with a tid) or has voted
   */
  void restore(long oid, long serial, byte[] data, long dataTid, TransactionMetadata txn);

  /**
   * Votes: takes the commit lock, checks serials, resolves conflicts, writes the data.
   *
   * @return the oids whose data was replaced by conflict resolution (their cached copies are
   *     stale), possibly empty
   * @throws ConflictError if a stored serial is stale and no resolver merged it
   * @throws ReadConflictError if a {@link #checkCurrentSerial} check fails
   * @throws StorageTransactionError if {@code txn} was not begun or has already voted
   * @throws StorageError if writing failed; the transaction is then aborted
   */
  Set<Long> tpcVote(TransactionMetadata txn);

  /**
   * Commits a voted transaction: durable (for durable storages) and visible when this returns.
   * Listeners hear of it before it becomes visible through {@link #lastTransaction()}.
   *
   * @return the transaction's tid
   * @throws StorageTransactionError if {@code txn} was not begun or has not voted
   */
  long tpcFinish(TransactionMetadata txn);

  /**
   * Forgets {@code txn} and everything it stored, releasing the commit lock if it holds it.
   * Aborting a transaction that is not in progress (never begun, already finished or aborted)
   * does nothing.
   */
  void tpcAbort(TransactionMetadata txn);

  // ---------------------------------------------------------------- pack and undo

  /**
   * Removes what no snapshot at or after {@code packTid} needs. Keeps every revision written
   * after {@code packTid}; of the revisions written at or before it, keeps for each object the
   * newest one (the one a snapshot at {@code packTid} reads) only if the object is reachable
   * at {@code packTid} — referenced through {@code references} from the root's revision at
   * {@code packTid}, transitively — or is referenced by a kept revision; drops the rest and the
   * undo information of transactions at or before {@code packTid}. Objects created after
   * {@code packTid} are kept. Commits and reads go on while it runs; it returns when done.
   *
   * @throws ReadOnlyError if the storage is read-only
   * @throws UnsupportedOperationException if the storage cannot pack
   * @throws StorageError if packing failed; the storage is then unchanged
   */
  void pack(long packTid, ReferenceFinder references);

  /**
   * {@link #pack} on a background thread; the future completes when it is done, exceptionally
   * with its error if it failed.
   */
  default CompletableFuture<Void> packInBackground(long packTid, ReferenceFinder references) {
    return CompletableFuture.runAsync(() -> pack(packTid, references),
        r -> {
          Thread t = new Thread(r, "zeo-pack-" + getName());
          t.setDaemon(true);
          t.start();
        });
  }

  /** True if {@link #pack} is supported. */
  default boolean supportsPack() {
    return true;
  }

  /** True if {@link #undo} and {@link #undoLog} are supported. */
  default boolean supportsUndo() {
    return true;
  }

  /**
   * Undoable transactions, newest first: of those {@code filter} accepts, the ones numbered
   * {@code first} (inclusive) to {@code last} (exclusive), counting from 0. A negative
   * {@code last} means {@code first - last} (ZODB's convention: {@code undoLog(0, -20, null)}
   * is the 20 newest). A {@code null} filter accepts all.
   */
  List<UndoLogEntry> undoLog(int first, int last, Predicate<UndoLogEntry> filter);

  /**
   * Undoes transaction {@code undoneTid} inside {@code txn}: every object it wrote gets back
   * the revision it had before (an object it created gets a revision recording that its
   * creation was undone). The undo becomes a transaction of its own when {@code txn} commits.
   *
   * @return the oids the undo changes
   * @throws UndoError if the transaction is unknown or packed away, or an object it wrote was
   *     changed by a later transaction and the {@link ConflictResolver} could not merge
   * @throws StorageTransactionError if {@code txn} was not begun or has voted
   * @throws UnsupportedOperationException if the storage cannot undo
   */
  Set<Long> undo(long undoneTid, TransactionMetadata txn);

  // ---------------------------------------------------------------- plumbing

  /** Registers a listener of commits and info changes. */
  void addListener(StorageListener listener);

  /** Unregisters a listener; unknown listeners are ignored. */
  void removeListener(StorageListener listener);

  /** Sets the resolver consulted at vote and undo ({@link ConflictResolver#NONE} by default). */
  void setConflictResolver(ConflictResolver resolver);

  /**
   * Closes the storage: aborts transactions in progress, releases files and connections.
   * Idempotent; never throws for a storage already closed.
   */
  @Override
  void close();
}
