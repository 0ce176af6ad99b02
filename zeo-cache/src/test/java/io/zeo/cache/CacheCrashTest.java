package io.zeo.cache;

import static io.zeo.cache.CacheTestSupport.config;
import static io.zeo.cache.CacheTestSupport.data;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeo.spi.LoadResult;
import io.zeo.spi.Revision;
import io.zeo.spi.StorageError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real faults: child JVMs killed with SIGKILL mid-write, locks held by other processes, damaged files. */
class CacheCrashTest {
  static final long SIZE = 1 << 20;

  @TempDir
  Path dir;

  @Test
  void killedMidWriteTheCacheReopensWithOnlyIntactAndCurrentEntries() throws Exception {
    Path p = dir.resolve("crash.zcache");
    int cycles = Boolean.getBoolean("zeo.soak") ? 20 : 3;
    long lastSeen = 0;
    for (int cycle = 0; cycle < cycles; cycle++) {
      try (ChildJvm child = new ChildJvm(CrashWriter.class, p.toString(), Long.toString(SIZE))) {
        long opened = Long.parseLong(child.await(l -> l.startsWith("open "), 60).substring(5));
        assertThat(opened).isGreaterThanOrEqualTo(lastSeen);
        // enough rounds that the 1 MB cache wraps and recycles segments before the kill
        long target = opened + 400;
        child.await(l -> l.startsWith("round ") && Long.parseLong(l.substring(6)) >= target, 120);
        child.kill();
      }
      assertThat(p.resolveSibling("crash.zcache.index")).doesNotExist();
      try (FileClientCache c = FileClientCache.open(config(p, SIZE))) {
        long last = c.lastTid();
        assertThat(last).isGreaterThanOrEqualTo(lastSeen + 400);
        lastSeen = last;
        Schedule s = new Schedule(last + 1);
        int current = 0;
        for (long oid = 0; oid < CrashWriter.OIDS; oid++) {
          Optional<LoadResult> r = c.load(oid);
          if (r.isPresent()) {
            current++;
            long serial = r.get().serial();
            assertThat(r.get().data()).as("bytes of oid %d at %d", oid, serial).isEqualTo(data(oid, serial, CrashWriter.MAX_DATA));
            assertThat(s.changes(oid)).as("serial of oid %d", oid).contains(serial);
            Long later = s.changes(oid).higher(serial);
            assertThat(later == null || later > last).as("oid %d current at %d but changed at %s <= last tid %d",
                oid, serial, later, last).isTrue();
          }
          for (long tid : new long[] {last + 1, last, last - 50, last - 300}) {
            Optional<Revision> rev = c.loadBefore(oid, tid);
            if (rev.isPresent()) {
              Revision v = rev.get();
              assertThat(v.data()).isEqualTo(data(oid, v.start(), CrashWriter.MAX_DATA));
              assertThat(v.start()).isLessThan(tid);
              Long next = s.changes(oid).higher(v.start());
              if (v.isCurrent()) {
                assertThat(next == null || next >= tid).as("oid %d before %d: stale current %d, changed at %d",
                    oid, tid, v.start(), next).isTrue();
              } else {
                assertThat(v.end()).isEqualTo(next).isGreaterThanOrEqualTo(tid);
              }
            }
          }
        }
        assertThat(current).as("a warm cache after the crash").isGreaterThan(100);
        assertThat(Files.size(p)).isLessThanOrEqualTo(SIZE);
      }
    }
  }

  /** The child's schedule up to a round: which rounds changed each oid. */
  private static final class Schedule {
    private final List<TreeSet<Long>> changes = new ArrayList<>();

    Schedule(long upTo) {
      for (int i = 0; i < CrashWriter.OIDS; i++) {
        changes.add(new TreeSet<>());
      }
      for (long round = 1; round <= upTo; round++) {
        for (long oid : CrashWriter.changed(round)) {
          changes.get((int) oid).add(round);
        }
      }
    }

    TreeSet<Long> changes(long oid) {
      return changes.get((int) oid);
    }
  }

  @Test
  void aCacheLockedByAnotherProcessIsRefusedNamingItsPid() throws Exception {
    Path p = dir.resolve("locked.zcache");
    try (ChildJvm child = new ChildJvm(LockHolder.class, p.toString())) {
      child.await(l -> l.startsWith("ready "), 60);
      assertThatThrownBy(() -> FileClientCache.open(config(p, SIZE))).isInstanceOf(StorageError.class)
          .hasMessageContaining("in use by process " + child.pid())
          .hasMessageContaining(p.toString());
      child.kill();
    }
    // the OS released the dead holder's lock; what it wrote is there (recovered by a scan)
    try (FileClientCache c = FileClientCache.open(config(p, SIZE))) {
      assertThat(c.load(1)).contains(new LoadResult(new byte[] {1, 2, 3}, 10));
      assertThat(c.lastTid()).isEqualTo(10);
    }
  }

  @Test
  void aTemporaryCacheOfAKilledProcessIsRemovedByTheNextStart() throws Exception {
    Path tmp = dir.resolve("tmp");
    Path left;
    try (ChildJvm child = new ChildJvm(LockHolder.class, "-", tmp.toString())) {
      left = Path.of(child.await(l -> l.startsWith("ready "), 60).substring(6));
      child.kill();
    }
    assertThat(left).exists();
    assertThat(left.getFileName().toString()).startsWith("tmp-");
    FileClientCache c = FileClientCache.builder(new io.zeo.spi.ClientCacheConfig(CacheTestSupport.OWNER, SIZE,
        Optional.empty())).tempDirectory(tmp).open();
    assertThat(left).doesNotExist();
    assertThat(left.resolveSibling(left.getFileName() + ".lock")).doesNotExist();
    c.close();
    try (var files = Files.list(tmp)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aTornRecordEndsItsSegmentAndNothingDamagedIsServed() throws IOException {
    Path p = dir.resolve("torn.zcache");
    try (FileClientCache c = FileClientCache.open(config(p, SIZE))) {
      for (long oid = 0; oid < 10; oid++) {
        c.store(oid, 5, 0, data(oid, 5, 100));
      }
      c.setLastTid(5);
    }
    Files.delete(p.resolveSibling("torn.zcache.index")); // as after a crash: recovery must scan
    long recordAt = 4096 + 32;
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      for (long oid = 0; oid < 4; oid++) {
        recordAt += io.zeo.cache.internal.EntryCodec.entrySize(data(oid, 5, 100).length);
      }
      // tear oid 4's record: its last data bytes never made it
      int length = data(4, 5, 100).length;
      ch.write(ByteBuffer.allocate(Math.min(8, length)), recordAt + 48 + length - Math.min(8, length));
    }
    try (FileClientCache c = FileClientCache.open(config(p, SIZE))) {
      for (long oid = 0; oid < 10; oid++) {
        Optional<LoadResult> r = c.load(oid);
        if (oid < 4) {
          assertThat(r).contains(new LoadResult(data(oid, 5, 100), 5));
        } else {
          assertThat(r).as("oid %d after the torn record", oid).isEmpty();
        }
      }
      // writing resumes in a fresh segment and the cache works as before
      c.store(4, 5, 0, data(4, 5, 100));
      assertThat(c.load(4)).contains(new LoadResult(data(4, 5, 100), 5));
    }
  }
}
