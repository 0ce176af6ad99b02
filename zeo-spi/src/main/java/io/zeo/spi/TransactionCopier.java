package io.zeo.spi;

import java.util.function.Consumer;

/**
 * Copies transactions from one storage into another with {@link Storage#restore}, keeping tids,
 * metadata, statuses and data, so the copy iterates identically (ZODB's
 * {@code copyTransactionsFrom}).
 */
public final class TransactionCopier {
  private TransactionCopier() {}

  /** Copies every transaction of {@code source}; returns how many were copied. */
  public static long copyAll(Storage source, Storage destination) {
    return copy(source, destination, Tid.NONE, t -> {});
  }

  /**
   * Copies the transactions of {@code source} later than {@code after} (resume a copy with
   * {@code destination.lastTransaction()}), reporting each one copied to {@code progress}.
   *
   * @return how many transactions were copied
   */
  public static long copy(Storage source, Storage destination, long after, Consumer<TransactionRecord> progress) {
    long copied = 0;
    long start = after == Tid.NONE ? Tid.NONE : after + 1;
    try (StorageIterator it = source.iterator(start, -1L)) {
      while (it.hasNext()) {
        TransactionRecord t = it.next();
        TransactionMetadata txn = new TransactionMetadata(
            t.metadata().user(), t.metadata().description(), t.metadata().extension());
        destination.tpcBegin(txn, t.tid(), t.status());
        try {
          for (DataRecord r : t.records()) {
            destination.restore(r.oid(), t.tid(), r.data(), r.dataTid(), txn);
          }
          destination.tpcVote(txn);
          destination.tpcFinish(txn);
        } catch (RuntimeException e) {
          destination.tpcAbort(txn);
          throw e;
        }
        copied++;
        progress.accept(t);
      }
    }
    return copied;
  }
}
