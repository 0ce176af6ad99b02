package io.zeo.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.zeo.cache.FileClientCache;
import io.zeo.spi.ClientCacheConfig;
import io.zeo.spi.LoadResult;
import io.zeo.spi.Revision;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A persistent client cache file (and its saved index), damaged by the fuzzer, then reopened.
 * Property: the cache may drop the file or keep part of it, but everything it serves (load and
 * loadBefore) is exactly a revision that was stored; oids never stored are never served.
 */
class CacheFileFuzzTest {
  private static final String OWNER = "inproc:fuzz#main";
  /** The smallest file cache (a header and two 16 KiB segments): small files fuzz faster. */
  private static final long SIZE = 4096 + 2 * 16 * 1024;

  private record Stored(long oid, long start, long end, byte[] data) {}

  private static final List<Stored> STORED = new ArrayList<>();
  private static final byte[] CACHE;
  private static final byte[] INDEX;

  static {
    Path dir = Mutations.tempDir("zeo-fuzz-cache-template");
    try {
      Path path = dir.resolve("c.zcache");
      try (FileClientCache c = FileClientCache.open(new ClientCacheConfig(OWNER, SIZE, Optional.of(path)))) {
        store(c, 1, 100, 200, "one, old");
        store(c, 1, 200, 0, "one, current");
        store(c, 2, 150, 0, "two " + "x".repeat(300));
        store(c, 3, 120, 180, "");
        store(c, 4, 190, 0, "four");
        c.setLastTid(250);
      }
      CACHE = Files.readAllBytes(path);
      Path index = dir.resolve("c.zcache.index");
      INDEX = Files.exists(index) ? Files.readAllBytes(index) : null;
    } catch (IOException e) {
      throw new ExceptionInInitializerError(e);
    } finally {
      Mutations.deleteTree(dir);
    }
  }

  private static void store(FileClientCache c, long oid, long start, long end, String data) {
    byte[] b = data.getBytes(StandardCharsets.UTF_8);
    c.store(oid, start, end, b);
    STORED.add(new Stored(oid, start, end, b));
  }

  @FuzzTest(maxDuration = "2m")
  void damagedCache(FuzzedDataProvider data) throws IOException {
    boolean damageIndex = INDEX != null && data.consumeBoolean();
    byte[] cache = damageIndex ? CACHE : Mutations.apply(CACHE, data);
    byte[] index = damageIndex ? Mutations.apply(INDEX, data) : INDEX;
    Path dir = Mutations.tempDir("zeo-fuzz-cache");
    try {
      Path path = dir.resolve("c.zcache");
      Files.write(path, cache);
      if (index != null) {
        Files.write(dir.resolve("c.zcache.index"), index);
      }
      try (FileClientCache c = FileClientCache.open(new ClientCacheConfig(OWNER, SIZE, Optional.of(path)))) {
        for (long oid = 0; oid <= 6; oid++) {
          Optional<LoadResult> current = c.load(oid);
          if (current.isPresent()) {
            long oidF = oid;
            LoadResult r = current.get();
            assertThat(STORED).as("load(%d) served serial %d, data %s", oid, r.serial(), r.data())
                .anyMatch(s -> s.oid == oidF && s.end == 0 && s.start == r.serial()
                    && java.util.Arrays.equals(s.data, r.data()));
          }
          for (long tid : new long[] {101, 150, 151, 181, 199, 200, 201, 260}) {
            Optional<Revision> rev = c.loadBefore(oid, tid);
            if (rev.isPresent()) {
              long oidF = oid;
              Revision r = rev.get();
              assertThat(r.start()).isLessThan(tid);
              assertThat(STORED).as("loadBefore(%d, %d) served [%d, %d)", oid, tid, r.start(), r.end())
                  .anyMatch(s -> s.oid == oidF && s.start == r.start() && s.end == r.end()
                      && java.util.Arrays.equals(s.data, r.data()));
            }
          }
        }
      }
    } finally {
      Mutations.deleteTree(dir);
    }
  }
}
