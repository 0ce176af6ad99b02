package io.zeo.storage.file;

import static io.zeo.storage.file.Commits.bytes;
import static io.zeo.storage.file.Commits.store;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeo.spi.POSKeyError;
import io.zeo.spi.StorageError;
import io.zeo.spi.StorageTransactionError;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStorageFaultTest {
  @TempDir
  Path dir;

  private Path fs() {
    return dir.resolve("data.fs");
  }

  /** Commits {@code n} one-object transactions; returns their tids. */
  private List<Long> fill(int n) {
    List<Long> tids = new ArrayList<>();
    try (FileStorage s = FileStorage.open(fs())) {
      for (int i = 0; i < n; i++) {
        tids.add(store(s, s.newOid(), Tid.NONE, "object " + i));
      }
    }
    return tids;
  }

  @Test
  void tornTailIsTruncatedOnOpenAndKeptAside() throws IOException {
    List<Long> tids = fill(5);
    long good = Files.size(fs());
    Files.write(fs(), new byte[] {0, 0, 0, 1, 2, 3, 4, 5, 0, 0, 0, 0, 0, 0, 1, 0, 32, 0},
        java.nio.file.StandardOpenOption.APPEND);
    try (FileStorage s = FileStorage.open(fs())) {
      assertThat(s.lastTransaction()).isEqualTo(tids.get(4));
      assertThat(Files.size(fs())).isEqualTo(good);
      assertThat(dir.resolve("data.fs.torn-" + good)).exists();
      store(s, s.newOid(), Tid.NONE, "after");
    }
    // a last transaction cut in half
    long size = Files.size(fs());
    try (RandomAccessFile f = new RandomAccessFile(fs().toFile(), "rw")) {
      f.setLength(size - 7);
    }
    try (FileStorage s = FileStorage.open(fs())) {
      assertThat(s.lastTransaction()).isEqualTo(tids.get(4));
    }
  }

  @Test
  void flippedByteInTheMiddleFailsOpenNamingOffsetAndTidAndRecoverSalvages() throws IOException {
    List<Long> tids = fill(10);
    long offset;
    try (FileStorage s = FileStorage.open(fs())) {
      offset = -1;
      try (var it = s.iterator(tids.get(4), tids.get(4))) {
        assertThat(it.hasNext()).isTrue();
      }
      offset = txnOffset(s, tids.get(4));
    }
    try (RandomAccessFile f = new RandomAccessFile(fs().toFile(), "rw")) {
      f.seek(offset + 60);
      int b = f.read();
      f.seek(offset + 60);
      f.write(b ^ 0x10);
    }
    assertThatThrownBy(() -> FileStorage.open(fs()))
        .isInstanceOf(StorageError.class)
        .hasMessageContaining("offset " + offset)
        .hasMessageContaining(Tid.toHex(tids.get(4)))
        .hasMessageContaining("crc");
    FileStorageTools.VerifyReport report = FileStorageTools.verify(fs());
    assertThat(report.ok()).isFalse();
    assertThat(report.problems()).first().extracting(FileStorageTools.Problem::offset).isEqualTo(offset);
    assertThat(report.transactions()).isEqualTo(9);
    Path out = dir.resolve("recovered.fs");
    FileStorageTools.RecoverReport r = FileStorageTools.recover(fs(), out);
    assertThat(r.copied()).isEqualTo(9);
    assertThat(FileStorageTools.verify(out).ok()).isTrue();
    try (FileStorage s = FileStorage.open(out)) {
      assertThat(s.lastTransaction()).isEqualTo(tids.get(9));
      assertThat(new String(s.load(10).data())).isEqualTo("object 9");
      assertThatThrownBy(() -> s.load(5)).isInstanceOf(POSKeyError.class);
    }
  }

  @Test
  void damageInTheMiddleIsNotMistakenForATornTailWhenAnUnfinishedCommitFollows() throws IOException {
    List<Long> tids = fill(6);
    long offset;
    try (FileStorage s = FileStorage.open(fs())) {
      offset = txnOffset(s, tids.get(2));
      // leave a voted, unfinished transaction at the end, as a crash between vote and finish does
      TransactionMetadata txn = TransactionMetadata.empty();
      s.tpcBegin(txn);
      s.store(1, tids.get(0), bytes("unfinished"), txn);
      s.tpcVote(txn);
      try (RandomAccessFile f = new RandomAccessFile(fs().toFile(), "rw")) {
        f.seek(offset + 40);
        int b = f.read();
        f.seek(offset + 40);
        f.write(b ^ 0x01);
      }
      Files.copy(fs(), dir.resolve("snapshot.fs"));
      s.tpcAbort(txn);
    }
    Files.delete(dir.resolve("data.fs.index"));
    Files.move(dir.resolve("snapshot.fs"), fs(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    long size = Files.size(fs());
    assertThatThrownBy(() -> FileStorage.open(fs())).isInstanceOf(StorageError.class)
        .hasMessageContaining("offset " + offset);
    assertThat(Files.size(fs())).isEqualTo(size);
  }

  /** Offset of the transaction record with {@code tid}: walks from the header using the lengths. */
  private long txnOffset(FileStorage s, long tid) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(s.path().toFile(), "r")) {
      long pos = 32;
      while (pos < f.length()) {
        f.seek(pos);
        long t = f.readLong();
        long len = f.readLong();
        if (t == tid) {
          return pos;
        }
        pos += len;
      }
    }
    throw new AssertionError("no transaction " + tid);
  }

  @Test
  void ioErrorDuringVoteAbortsTruncatesAndStorageStaysUsable() throws IOException {
    FaultyFileAccess faulty = new FaultyFileAccess();
    try (FileStorage s = FileStorage.builder(fs()).fileAccess(faulty).open()) {
      long a = s.newOid();
      long t1 = store(s, a, Tid.NONE, "a1");
      long size = Files.size(fs());
      for (boolean partial : new boolean[] {false, true}) {
        faulty.failWriteNumber(1, partial);
        TransactionMetadata txn = TransactionMetadata.empty();
        s.tpcBegin(txn);
        s.store(a, t1, bytes("a2"), txn);
        assertThatThrownBy(() -> s.tpcVote(txn)).isInstanceOf(StorageError.class)
            .hasMessageContaining("No space left");
        s.tpcAbort(txn);
        assertThat(Files.size(fs())).isEqualTo(size);
        assertThat(s.lastTransaction()).isEqualTo(t1);
        assertThat(new String(s.load(a).data())).isEqualTo("a1");
      }
      long t2 = store(s, a, t1, "a3");
      assertThat(s.load(a).serial()).isEqualTo(t2);
    }
    try (FileStorage s = FileStorage.open(fs())) {
      assertThat(new String(s.load(1).data())).isEqualTo("a3");
    }
  }

  @Test
  void aFailedForceRefusesFurtherWritesUntilReopened() {
    FaultyFileAccess faulty = new FaultyFileAccess();
    long t1;
    try (FileStorage s = FileStorage.builder(fs()).fileAccess(faulty).open()) {
      long a = s.newOid();
      t1 = store(s, a, Tid.NONE, "a1");
      faulty.failNextForce();
      assertThatThrownBy(() -> store(s, a, t1, "a2")).isInstanceOf(StorageError.class)
          .hasMessageContaining("refuses writes until reopened");
      assertThat(s.lastTransaction()).isEqualTo(t1);
      assertThat(new String(s.load(a).data())).isEqualTo("a1");
      assertThatThrownBy(() -> s.tpcBegin(TransactionMetadata.empty())).hasMessageContaining("reopen it");
    }
    try (FileStorage s = FileStorage.open(fs())) {
      assertThat(s.lastTransaction()).isEqualTo(t1);
      store(s, 1, t1, "a3");
    }
  }

  @Test
  void secondOpenerFailsAtOnceNamingTheHolderPidAndReadOnlyNeedsNoLock() throws Exception {
    fill(1);
    Process child = CrashTest.spawn(LockHolder.class, fs().toString());
    try {
      String line = CrashTest.readLine(child, 60);
      assertThat(line).isEqualTo("locked");
      assertThatThrownBy(() -> FileStorage.open(fs()))
          .isInstanceOf(StorageError.class)
          .hasMessageContaining(fs().toString())
          .hasMessageContaining("process " + child.pid());
      try (FileStorage ro = FileStorage.builder(fs()).readOnly(true).open()) {
        assertThat(ro.load(1).data()).isNotEmpty();
      }
    } finally {
      child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    try (FileStorage s = FileStorage.open(fs())) {
      assertThat(s.load(1).data()).isNotEmpty();
      assertThatThrownBy(() -> FileStorage.open(fs())).hasMessageContaining("locked by process "
          + ProcessHandle.current().pid());
    }
  }

  /** A child process that opens the storage and holds it until killed. */
  public static final class LockHolder {
    public static void main(String[] args) throws Exception {
      FileStorage s = FileStorage.open(Path.of(args[0]));
      System.out.println("locked");
      System.out.flush();
      new java.util.concurrent.CountDownLatch(1).await(); // holds the lock until the parent kills it
      s.close();
    }
  }

  @Test
  void disagreeingOrDamagedIndexIsDiscardedAndRebuilt() throws IOException {
    List<Long> tids = fill(20);
    Path index = dir.resolve("data.fs.index");
    byte[] saved = Files.readAllBytes(index);
    byte[] bad = saved.clone();
    bad[bad.length / 2] ^= 1;
    Files.write(index, bad);
    try (FileStorage s = FileStorage.open(fs())) {
      assertThat(s.lastTransaction()).isEqualTo(tids.get(19));
      assertThat(new String(s.load(20).data())).isEqualTo("object 19");
    }
    // an index from an earlier state of the file: the tail after it is scanned
    try (FileStorage s = FileStorage.open(fs())) {
      store(s, 21, Tid.NONE, "later");
    }
    Files.write(index, saved);
    try (FileStorage s = FileStorage.open(fs())) {
      assertThat(new String(s.load(21).data())).isEqualTo("later");
      assertThat(new String(s.load(3).data())).isEqualTo("object 2");
    }
  }

  @Test
  void closeWithOpenTransactionsAbortsThem() throws IOException {
    FileStorage s = FileStorage.open(fs());
    long a = s.newOid();
    long t1 = store(s, a, Tid.NONE, "a1");
    TransactionMetadata voted = TransactionMetadata.empty();
    s.tpcBegin(voted);
    s.store(a, t1, bytes("voted"), voted);
    s.tpcVote(voted);
    TransactionMetadata begun = TransactionMetadata.empty();
    s.tpcBegin(begun);
    s.store(a, t1, bytes("begun"), begun);
    s.close();
    assertThatThrownBy(() -> s.tpcFinish(voted)).isInstanceOf(StorageError.class);
    assertThatThrownBy(() -> s.tpcAbort(begun)).isInstanceOf(StorageError.class).hasMessageContaining("closed");
    s.close();
    try (FileStorage again = FileStorage.open(fs())) {
      assertThat(again.lastTransaction()).isEqualTo(t1);
      assertThat(new String(again.load(a).data())).isEqualTo("a1");
      TransactionMetadata t = TransactionMetadata.empty();
      again.tpcBegin(t);
      assertThatThrownBy(() -> again.tpcFinish(t)).isInstanceOf(StorageTransactionError.class);
      again.tpcAbort(t);
    }
  }
}
