package io.zeo.storage.file;

import static io.zeo.storage.file.Commits.store;
import static org.assertj.core.api.Assertions.assertThat;

import io.zeo.spi.RecordEnvelope;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackWhileCommittingTest {
  @TempDir
  Path dir;

  @Test
  void commitsDuringAPackAreCopiedBeforeTheSwap() throws Exception {
    try (FileStorage s = FileStorage.builder(dir.resolve("p.fs")).packKeepOld(false).open()) {
      int n = 200;
      long[] oids = new long[n];
      for (int i = 0; i < n; i++) {
        oids[i] = s.newOid();
      }
      Map<Long, byte[]> first = new HashMap<>();
      first.put(0L, RecordEnvelope.wrap(oids, new byte[0]));
      for (long oid : oids) {
        first.put(oid, Commits.bytes("v0"));
      }
      Commits.storeAll(s, first);
      for (int round = 1; round <= 5; round++) {
        Map<Long, byte[]> next = new HashMap<>();
        for (long oid : oids) {
          next.put(oid, Commits.bytes("v" + round));
        }
        Commits.storeAll(s, next);
      }
      long packTid = s.lastTransaction();
      AtomicBoolean packing = new AtomicBoolean(true);
      Map<Long, Long> committed = new HashMap<>();
      CompletableFuture<Void> committer = CompletableFuture.runAsync(() -> {
        int i = 0;
        while (packing.get() || i < 20) {
          long oid = oids[i % n];
          long serial = s.load(oid).serial();
          long tid = store(s, oid, serial, "during " + i);
          committed.put(oid, tid);
          i++;
        }
      });
      long sizeBefore = s.size();
      s.packInBackground(packTid, RecordEnvelope.REFERENCES).get(60, TimeUnit.SECONDS);
      packing.set(false);
      committer.get(60, TimeUnit.SECONDS);
      assertThat(s.size()).isLessThan(sizeBefore);
      for (Map.Entry<Long, Long> e : committed.entrySet()) {
        assertThat(s.load(e.getKey()).serial()).isEqualTo(e.getValue());
      }
      assertThat(dir.resolve("p.fs.old")).doesNotExist();
      assertThat(FileStorageTools.verify(dir.resolve("p.fs")).ok()).isTrue();
      TransactionMetadata txn = TransactionMetadata.empty();
      s.tpcBegin(txn);
      s.store(s.newOid(), Tid.NONE, Commits.bytes("after"), txn);
      s.tpcVote(txn);
      s.tpcFinish(txn);
    }
  }

  @Test
  void manyTransactionsOpenAtOnceAndReadsDuringCommit() throws Exception {
    try (FileStorage s = FileStorage.open(dir.resolve("c.fs"))) {
      int threads = 4;
      CompletableFuture<?>[] all = new CompletableFuture<?>[threads];
      for (int t = 0; t < threads; t++) {
        long oid = s.newOid();
        all[t] = CompletableFuture.runAsync(() -> {
          long serial = Tid.NONE;
          for (int i = 0; i < 50; i++) {
            serial = store(s, oid, serial, "x" + i);
            assertThat(new String(s.load(oid).data())).isEqualTo("x" + i);
          }
        });
      }
      CompletableFuture.allOf(all).get(60, TimeUnit.SECONDS);
      assertThat(s.undoLog(0, -1000, null)).hasSize(200);
    }
  }
}
