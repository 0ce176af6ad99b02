package io.zeo.cache;

import static io.zeo.cache.CacheTestSupport.config;
import static org.assertj.core.api.Assertions.assertThat;

import io.zeo.spi.CacheStats;
import io.zeo.spi.LoadResult;
import io.zeo.spi.Revision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded random mixes of commits, reads through the cache (storing on a miss, as a client does)
 * and historical reads, checked against a model server: the cache never holds more than its
 * size, and every hit is exactly what the server would have answered.
 */
class RandomMixTest {
  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4})
  void neverGrowsPastItsSizeAndEveryHitIsRight(long seed) throws Exception {
    SplittableRandom r = new SplittableRandom(seed);
    long size = (1 << 20) + r.nextInt(1 << 20);
    int oids = 500 + r.nextInt(3000);
    int maxData = r.nextBoolean() ? 200 : 20_000; // small objects, or objects up to ~ a segment
    int ops = Boolean.getBoolean("zeo.soak") ? 500_000 : 60_000;
    Path p = dir.resolve("mix.zcache");
    Server server = new Server(oids);
    FileClientCache c = FileClientCache.open(config(p, size));
    long tid = 1;
    for (int i = 0; i < ops; i++) {
      int op = r.nextInt(100);
      long oid = r.nextInt(oids);
      if (op < 10) { // a commit changing a few objects
        tid += 1 + r.nextInt(3);
        for (int k = r.nextInt(5); k >= 0; k--) {
          long changed = r.nextInt(oids);
          server.commit(changed, tid, r.nextInt(maxData + 1), r);
          c.invalidate(changed, tid);
        }
        c.setLastTid(tid);
      } else if (op < 80) { // load through the cache
        Optional<LoadResult> hit = c.load(oid);
        Server.Rev cur = server.current(oid);
        if (hit.isPresent()) {
          assertThat(cur).isNotNull();
          assertThat(hit.get().serial()).as("serial of %d", oid).isEqualTo(cur.start);
          assertThat(hit.get().data()).isEqualTo(cur.data);
        } else if (cur != null) {
          c.store(oid, cur.start, 0, cur.data);
        }
      } else if (op < 98) { // historical read at a snapshot
        long snapshot = Math.max(1, tid - r.nextInt(20));
        Optional<Revision> hit = c.loadBefore(oid, snapshot + 1);
        Server.Rev rev = server.before(oid, snapshot + 1);
        if (hit.isPresent()) {
          assertThat(rev).isNotNull();
          assertThat(hit.get().start()).isEqualTo(rev.start);
          assertThat(hit.get().data()).isEqualTo(rev.data);
          if (!hit.get().isCurrent()) {
            assertThat(hit.get().end()).isEqualTo(rev.end);
          } else {
            assertThat(rev.end == 0 || rev.end > snapshot).isTrue();
          }
        } else if (rev != null) {
          c.store(oid, rev.start, rev.end, rev.data);
        }
      } else if (op < 99 && r.nextInt(20) == 0) { // restart (a close forces the file: keep it rare)
        c.close();
        if (r.nextBoolean()) {
          Files.deleteIfExists(p.resolveSibling("mix.zcache.index"));
        }
        c = FileClientCache.open(config(p, size));
        assertThat(c.lastTid()).isEqualTo(tid);
      } else if (r.nextInt(20) == 0) {
        c.clear();
        c.setLastTid(tid);
      }
      CacheStats s = c.stats();
      assertThat(s.bytes()).isLessThanOrEqualTo(size).isNotNegative();
      if (i % 1000 == 0) {
        assertThat(Files.size(p)).isLessThanOrEqualTo(size);
      }
    }
    CacheStats s = c.stats();
    assertThat(s.hits()).as("the cache serves something").isPositive();
    c.close();
    assertThat(Files.size(p)).isLessThanOrEqualTo(size);
  }

  /** Every revision ever committed. */
  private static final class Server {
    record Rev(long start, long end, byte[] data) {}

    private final List<List<Rev>> history = new ArrayList<>();

    Server(int oids) {
      for (int i = 0; i < oids; i++) {
        List<Rev> h = new ArrayList<>();
        h.add(new Rev(1, 0, new byte[] {(byte) i}));
        history.add(h);
      }
    }

    void commit(long oid, long tid, int length, SplittableRandom r) {
      List<Rev> h = history.get((int) oid);
      Rev last = h.get(h.size() - 1);
      if (last.start == tid) {
        return;
      }
      h.set(h.size() - 1, new Rev(last.start, tid, last.data));
      byte[] data = new byte[length];
      r.nextBytes(data);
      h.add(new Rev(tid, 0, data));
    }

    Rev current(long oid) {
      List<Rev> h = history.get((int) oid);
      return h.get(h.size() - 1);
    }

    Rev before(long oid, long tid) {
      for (Rev v : history.get((int) oid)) {
        if (v.start < tid && (v.end == 0 || v.end >= tid)) {
          return v;
        }
      }
      return null;
    }
  }
}
