package io.zeo.storage.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeo.spi.RecordEnvelope;
import io.zeo.spi.StorageError;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fails the Nth write of a scripted workload (commits, an undo, a pack, more commits) for every
 * N in turn, then reopens the file normally: it must verify clean, and every commit whose
 * finish returned must be there with its data.
 */
class WriteFailureSweepTest {
  @TempDir
  Path dir;

  @Test
  void failingAnySingleWriteLeavesAConsistentStorage() {
    FaultyFileAccess counting = new FaultyFileAccess();
    try (FileStorage s = FileStorage.builder(dir.resolve("count.fs")).fileAccess(counting).open()) {
      counting.failWriteNumber(Integer.MAX_VALUE, false);
      runWorkload(s, new HashMap<>());
    }
    int total = counting.writes();
    assertThat(total).as("writes in the workload (commits, undo, pack, commits)").isGreaterThan(40);
    for (int n = 1; n <= total; n++) {
      Path fs = dir.resolve("sweep-" + n + ".fs");
      FaultyFileAccess faulty = new FaultyFileAccess();
      Map<Long, String> committed = new HashMap<>();
      FileStorage s = FileStorage.builder(fs).fileAccess(faulty).open();
      faulty.failWriteNumber(n, n % 2 == 0);
      try {
        runWorkload(s, committed);
      } finally {
        s.close();
      }
      try (FileStorage again = FileStorage.open(fs)) {
        for (Map.Entry<Long, String> e : committed.entrySet()) {
          assertThat(new String(RecordEnvelope.payloadOf(again.load(e.getKey()).data())))
              .as("write %d failed; oid %d", n, e.getKey()).isEqualTo(e.getValue());
        }
        Commits.store(again, again.newOid(), Tid.NONE, "after");
      }
      assertThat(FileStorageTools.verify(fs).problems()).as("write %d failed", n).isEmpty();
    }
  }

  private static void runWorkload(FileStorage s, Map<Long, String> committed) {
    long[] oids = new long[6];
    for (int i = 0; i < oids.length; i++) {
      oids[i] = attempt(s::newOid, -1L);
    }
    if (java.util.Arrays.stream(oids).anyMatch(o -> o < 0)) {
      return;
    }
    attempt(() -> commit(s, committed, 0L, RecordEnvelope.wrap(oids, new byte[0]), "root"), 0L);
    for (int round = 0; round < 2; round++) {
      for (long oid : oids) {
        String value = "v" + round + "-" + oid;
        attempt(() -> commit(s, committed, oid, RecordEnvelope.wrap(new long[0], value.getBytes()), value), 0L);
      }
    }
    long last = s.lastTransaction();
    attempt(() -> {
      TransactionMetadata txn = TransactionMetadata.of("sweep", "undo");
      s.tpcBegin(txn);
      try {
        s.undo(last, txn);
        s.tpcVote(txn);
        s.tpcFinish(txn);
        committed.remove(oids[oids.length - 1]); // its value is now the previous round's
      } catch (RuntimeException e) {
        s.tpcAbort(txn);
        throw e;
      }
      return 0L;
    }, 0L);
    attempt(() -> {
      s.pack(s.lastTransaction(), RecordEnvelope.REFERENCES);
      return 0L;
    }, 0L);
    for (long oid : oids) {
      String value = "after pack " + oid;
      attempt(() -> commit(s, committed, oid, RecordEnvelope.wrap(new long[0], value.getBytes()), value), 0L);
    }
  }

  private static long commit(FileStorage s, Map<Long, String> committed, long oid, byte[] data, String value) {
    long serial;
    try {
      serial = s.load(oid).serial();
    } catch (io.zeo.spi.POSKeyError e) {
      serial = Tid.NONE;
    }
    long tid = Commits.store(s, oid, serial, data);
    if (oid != 0) {
      committed.put(oid, value);
    }
    return tid;
  }

  private interface Step {
    long run();
  }

  /** Runs a step; an injected I/O failure surfaces as a StorageError and is tolerated. */
  private static long attempt(Step step, long failed) {
    try {
      return step.run();
    } catch (StorageError e) {
      return failed;
    }
  }
}
