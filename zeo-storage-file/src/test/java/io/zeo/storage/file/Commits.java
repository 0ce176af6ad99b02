package io.zeo.storage.file;

import io.zeo.spi.Storage;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Small commit helpers for tests. */
final class Commits {
  private Commits() {}

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Commits one store and returns the tid. */
  static long store(Storage s, long oid, long serial, String data) {
    return store(s, oid, serial, bytes(data));
  }

  static long store(Storage s, long oid, long serial, byte[] data) {
    TransactionMetadata txn = TransactionMetadata.of("tester", "store " + oid);
    s.tpcBegin(txn);
    try {
      s.store(oid, serial, data, txn);
      s.tpcVote(txn);
      return s.tpcFinish(txn);
    } catch (RuntimeException e) {
      s.tpcAbort(txn);
      throw e;
    }
  }

  /** Commits several stores of new objects (serial NONE) in one transaction. */
  static long storeAll(Storage s, Map<Long, byte[]> objects) {
    TransactionMetadata txn = TransactionMetadata.of("tester", "batch");
    s.tpcBegin(txn);
    try {
      for (Map.Entry<Long, byte[]> e : objects.entrySet()) {
        long serial;
        try {
          serial = s.load(e.getKey()).serial();
        } catch (io.zeo.spi.POSKeyError none) {
          serial = Tid.NONE;
        }
        s.store(e.getKey(), serial, e.getValue(), txn);
      }
      s.tpcVote(txn);
      return s.tpcFinish(txn);
    } catch (RuntimeException e) {
      s.tpcAbort(txn);
      throw e;
    }
  }

  /** Undoes {@code tid} in its own transaction; returns the new tid. */
  static long undo(Storage s, long tid) {
    TransactionMetadata txn = TransactionMetadata.of("tester", "undo");
    s.tpcBegin(txn);
    try {
      s.undo(tid, txn);
      s.tpcVote(txn);
      return s.tpcFinish(txn);
    } catch (RuntimeException e) {
      s.tpcAbort(txn);
      throw e;
    }
  }
}
