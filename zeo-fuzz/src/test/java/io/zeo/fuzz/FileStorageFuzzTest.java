package io.zeo.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.zeo.spi.LoadResult;
import io.zeo.spi.POSKeyError;
import io.zeo.spi.StorageError;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import io.zeo.storage.file.FileStorage;
import io.zeo.storage.file.FileStorageTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A small valid FileStorage file, damaged by the fuzzer, then opened read-only and read-write.
 * Properties: opening either fails with a {@link StorageError} that says where, or every load
 * and loadSerial returns bytes that were committed under that serial (or a {@link POSKeyError});
 * and {@link FileStorageTools#verify} reports a problem whenever a committed byte changed.
 */
class FileStorageFuzzTest {
  /** oid -> serial -> committed data, for the template file. */
  private static final Map<Long, Map<Long, byte[]>> COMMITTED = new LinkedHashMap<>();
  private static final byte[] TEMPLATE = makeTemplate();
  /**
   * What a StorageError about a bad file must contain: an offset, or (for the 32-byte file
   * header, which has no offset to name) that the header is wrong.
   */
  private static final Pattern WHERE =
      Pattern.compile("offset \\d+|at \\d+|not a FileStorage data file|format version");

  /**
   * The file header (magic, version, oid high-water mark, reserved) belongs to no transaction:
   * the high-water mark is rewritten in place, and verify does not check the reserved bytes.
   */
  private static final int FILE_HEADER = 32;

  private static byte[] makeTemplate() {
    Path dir = Mutations.tempDir("zeo-fuzz-fs-template");
    try {
      Path file = dir.resolve("data.fs");
      try (FileStorage s = FileStorage.open(file)) {
        long a = s.newOid();
        long b = s.newOid();
        long c = s.newOid();
        commit(s, Map.of(a, "alpha 1"), Map.of());
        commit(s, Map.of(b, "beta 1"), Map.of("note", "extension"));
        commit(s, Map.of(a, "alpha 2 - a longer revision that spans more bytes", c, "gamma 1"), Map.of());
        commit(s, Map.of(b, ""), Map.of());
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new AssertionError(e);
    } finally {
      Mutations.deleteTree(dir);
    }
  }

  private static void commit(FileStorage s, Map<Long, String> objects, Map<String, String> ext) {
    TransactionMetadata txn = new TransactionMetadata("fuzz", "template", ext);
    s.tpcBegin(txn);
    Map<Long, byte[]> stored = new HashMap<>();
    for (Map.Entry<Long, String> e : objects.entrySet()) {
      Map<Long, byte[]> revs = COMMITTED.get(e.getKey());
      long serial = revs == null ? Tid.NONE : s.load(e.getKey()).serial();
      byte[] data = e.getValue().getBytes(StandardCharsets.UTF_8);
      s.store(e.getKey(), serial, data, txn);
      stored.put(e.getKey(), data);
    }
    s.tpcVote(txn);
    long tid = s.tpcFinish(txn);
    stored.forEach((oid, data) -> COMMITTED.computeIfAbsent(oid, k -> new LinkedHashMap<>()).put(tid, data));
  }

  @FuzzTest(maxDuration = "2m")
  void damagedFile(FuzzedDataProvider data) throws IOException {
    byte[] damaged = Mutations.apply(TEMPLATE, data);
    Path dir = Mutations.tempDir("zeo-fuzz-fs");
    try {
      Path file = dir.resolve("data.fs");
      Files.write(file, damaged);

      FileStorageTools.VerifyReport report = FileStorageTools.verify(file);
      if (Mutations.changedInPlace(TEMPLATE, damaged, FILE_HEADER)) {
        assertThat(report.ok()).as("verify of a file whose committed bytes changed").isFalse();
      }
      openAndCheck(file, true);
      FileStorage rw = openAndCheck(file, false);
      if (rw != null) {
        try (rw) {
          // a damaged high-water mark must not make the storage hand out an oid in use
          long oid = rw.newOid();
          if (COMMITTED.containsKey(oid)) {
            try {
              rw.load(oid);
              throw new AssertionError("newOid returned oid " + oid + ", which the reopened storage holds");
            } catch (POSKeyError expected) {
              // its transactions were cut off (e.g. the file was truncated): the oid is free again
            }
          }
        } catch (StorageError e) {
          assertThat(e.getMessage()).containsPattern(WHERE);
        }
      }
    } finally {
      Mutations.deleteTree(dir);
    }
  }

  /** Opens and checks every load; returns the storage still open if read-write, else null. */
  private static FileStorage openAndCheck(Path file, boolean readOnly) {
    FileStorage s;
    try {
      s = FileStorage.builder(file).readOnly(readOnly).open();
    } catch (StorageError e) {
      assertThat(e.getMessage()).as("open error names where").containsPattern(WHERE);
      return null;
    }
    try {
      for (Map.Entry<Long, Map<Long, byte[]>> e : COMMITTED.entrySet()) {
        long oid = e.getKey();
        Map<Long, byte[]> revs = e.getValue();
        try {
          LoadResult r = s.load(oid);
          assertThat(revs).as("load of oid %d returned an uncommitted serial", oid).containsKey(r.serial());
          assertThat(r.data()).isEqualTo(revs.get(r.serial()));
        } catch (POSKeyError gone) {
          // the transaction that made it was cut off
        } catch (StorageError damage) {
          assertThat(damage.getMessage()).containsPattern(WHERE);
        }
        for (Map.Entry<Long, byte[]> rev : revs.entrySet()) {
          try {
            assertThat(s.loadSerial(oid, rev.getKey())).isEqualTo(rev.getValue());
          } catch (POSKeyError gone) {
            // cut off
          } catch (StorageError damage) {
            assertThat(damage.getMessage()).containsPattern(WHERE);
          }
        }
      }
    } catch (RuntimeException | Error e) {
      s.close();
      throw e;
    }
    if (readOnly) {
      s.close();
      return null;
    }
    return s;
  }
}
