package io.zeo.cache;

import static io.zeo.cache.CacheTestSupport.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheTraceReportTest {
  @TempDir
  Path dir;

  @Test
  void reportsHitRatesAndSimulatesOtherSizes() throws IOException {
    Path trace = dir.resolve("c.trace");
    try (FileClientCache c = FileClientCache.builder(config(dir.resolve("c.zcache"), 1 << 20)).trace(trace).open()) {
      c.setLastTid(5);
      for (int round = 0; round < 3; round++) {
        for (long oid = 0; oid < 100; oid++) {
          if (c.load(oid).isEmpty()) {
            c.store(oid, 5, 0, new byte[1000]);
          }
        }
      }
      c.invalidate(3, 6);
      c.loadBefore(3, 6);
    }
    assertThat(Files.size(trace)).isEqualTo(24 + 25L * (300 + 100 + 1 + 1));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = CacheTraceReport.run(new String[] {trace.toString(), "--simulate", "64KB,1MB"},
        new PrintStream(out, true, StandardCharsets.UTF_8));
    String report = out.toString(StandardCharsets.UTF_8);
    assertThat(status).isZero();
    assertThat(report).containsPattern("load +300  hits +200  misses +100  hit rate  66\\.67%");
    assertThat(report).containsPattern("loadBefore +1  hits +1  misses +0");
    assertThat(report).contains("stores 100 current, 0 old; invalidations 1");
    // 64 KB holds about 60 of the 100 objects: a cyclic scan defeats LRU; 1 MB holds them all
    assertThat(report).containsPattern("64\\.0KB  hit rate   0\\.00%");
    // (the historical read after the invalidation misses in the simulation: it drops the object)
    assertThat(report).containsPattern("1\\.0MB  hit rate  66\\.45%");
  }

  @Test
  void rejectsBadArgumentsAndFiles() throws IOException {
    assertThatThrownBy(() -> CacheTraceReport.run(new String[0], System.out))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no trace file");
    assertThatThrownBy(() -> CacheTraceReport.parseSize("12XB")).hasMessageContaining("bad size \"12XB\"");
    Path junk = dir.resolve("junk");
    Files.write(junk, new byte[40]);
    assertThatThrownBy(() -> CacheTraceReport.run(new String[] {junk.toString()}, System.out))
        .isInstanceOf(IOException.class).hasMessageContaining("is not a cache trace");
  }
}
