package io.zeo.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.zeo.spi.RecordEnvelope;
import io.zeo.spi.Storage;
import io.zeo.spi.StorageError;
import io.zeo.spi.StorageIterator;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import io.zeo.spi.TransactionRecord;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.awaitility.Awaitility;

/**
 * Small helpers the scenarios share: committing, expecting a failure from store <em>or</em> vote
 * (a network client may report a conflict only at vote), data makers, bounded waits.
 */
public final class TckOps {
  /** How long any scenario waits for anything before failing. */
  public static final Duration WAIT = Duration.ofSeconds(30);

  private static final AtomicLong FAILING = new AtomicLong();

  private TckOps() {}

  /** Runs {@code body} in a new transaction and commits it; aborts and rethrows on failure. */
  public static long commit(Storage s, Consumer<TransactionMetadata> body) {
    return commit(s, TransactionMetadata.of("tck", "test transaction"), body);
  }

  /** As {@link #commit(Storage, Consumer)} with the given metadata. */
  public static long commit(Storage s, TransactionMetadata txn, Consumer<TransactionMetadata> body) {
    s.tpcBegin(txn);
    try {
      body.accept(txn);
      s.tpcVote(txn);
    } catch (RuntimeException | Error e) {
      s.tpcAbort(txn);
      throw e;
    }
    return s.tpcFinish(txn);
  }

  /** Commits one store. */
  public static long store(Storage s, long oid, long serial, byte[] data) {
    return commit(s, t -> s.store(oid, serial, data, t));
  }

  /** Commits a new object (serial {@link Tid#NONE}). */
  public static long create(Storage s, long oid, byte[] data) {
    return store(s, oid, Tid.NONE, data);
  }

  /** Commits a new revision of an object based on its current serial. */
  public static long update(Storage s, long oid, byte[] data) {
    return store(s, oid, s.load(oid).serial(), data);
  }

  /**
   * Runs {@code body} in a transaction and votes, expecting a {@code type} error from the body
   * or from the vote; aborts, checks nothing was committed and returns the error.
   */
  public static <E extends StorageError> E failsAtStoreOrVote(Class<E> type, Storage s,
      Consumer<TransactionMetadata> body) {
    long before = s.lastTransaction();
    String description = "expected to fail #" + FAILING.incrementAndGet();
    TransactionMetadata txn = TransactionMetadata.of("tck", description);
    s.tpcBegin(txn);
    try {
      body.accept(txn);
      s.tpcVote(txn);
    } catch (StorageError e) {
      s.tpcAbort(txn);
      if (!type.isInstance(e)) {
        throw new AssertionError("expected " + type.getSimpleName() + " but got " + e, e);
      }
      // other clients may commit meanwhile; this transaction must not be among the commits
      long from = before == Tid.NONE ? Tid.NONE : before + 1;
      assertThat(transactions(s, from, -1L)).as("transactions after a failed one")
          .noneMatch(t -> t.metadata().description().equals(description));
      return type.cast(e);
    }
    s.tpcAbort(txn);
    return fail("expected " + type.getSimpleName() + " from store or vote, but the vote succeeded");
  }

  /** Packs {@code s} at {@code tid}, following {@link RecordEnvelope} references. */
  public static void pack(Storage s, long tid) {
    s.pack(tid, RecordEnvelope.REFERENCES);
  }

  /** Undoes {@code tid} in a transaction of its own and commits it; returns the undo's tid. */
  public static long undo(Storage s, long tid) {
    return commit(s, TransactionMetadata.of("tck", "undo " + Tid.toHex(tid)), t -> s.undo(tid, t));
  }

  /** The tid of entry {@code i} of the full undo log (0 is the newest undoable transaction). */
  public static long undoLogTid(Storage s, int i) {
    return s.undoLog(0, i + 1, null).get(i).tid();
  }

  /** Every transaction the storage iterates, in order. */
  public static List<TransactionRecord> transactions(Storage s) {
    return transactions(s, Tid.NONE, -1L);
  }

  /** The transactions with {@code start <= tid <= stop}. */
  public static List<TransactionRecord> transactions(Storage s, long start, long stop) {
    List<TransactionRecord> out = new ArrayList<>();
    try (StorageIterator it = s.iterator(start, stop)) {
      it.forEachRemaining(out::add);
    }
    return out;
  }

  /** UTF-8 bytes of a string. */
  public static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  /** A string from UTF-8 bytes. */
  public static String text(byte[] b) {
    return new String(b, UTF_8);
  }

  /** A counter value as 8 bytes. */
  public static byte[] counter(long value) {
    return ByteBuffer.allocate(8).putLong(value).array();
  }

  /** Reads {@link #counter} bytes. */
  public static long counterValue(byte[] data) {
    return ByteBuffer.wrap(data).getLong();
  }

  /** A record whose envelope references {@code refs}, with a text payload. */
  public static byte[] object(String payload, long... refs) {
    return RecordEnvelope.wrap(refs, bytes(payload));
  }

  /** The text payload of an {@link #object} record. */
  public static String payload(byte[] record) {
    return text(RecordEnvelope.payloadOf(record));
  }

  /** Waits at most {@link #WAIT} for a future; fails the scenario on timeout. */
  public static <T> T await(Future<T> f) {
    try {
      return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new AssertionError("no result within " + WAIT, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error r) {
        throw r;
      }
      throw new AssertionError(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /**
   * Waits at most {@link #WAIT} until {@code s} has caught up with {@code tid} (another client's
   * commit reaches a network client's view asynchronously, with its invalidations).
   */
  public static void awaitLastTransaction(Storage s, long tid) {
    Awaitility.await().atMost(WAIT).until(() -> Long.compareUnsigned(s.lastTransaction(), tid) >= 0);
  }

  /** Runs a task on a new daemon thread; the returned future completes with its result. */
  public static <T> Future<T> async(String name, Callable<T> task) {
    java.util.concurrent.FutureTask<T> f = new java.util.concurrent.FutureTask<>(task);
    Thread t = new Thread(f, "tck-" + name);
    t.setDaemon(true);
    t.start();
    return f;
  }
}
