package io.zeo.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeo.core.internal.client.MemoryCache;
import io.zeo.spi.Tid;
import org.junit.jupiter.api.Test;

class MemoryCacheTest {
  @Test
  void servesCurrentAndOlderRevisionsWithinWhatItKnows() {
    MemoryCache c = new MemoryCache(1 << 20);
    c.setLastTid(10);
    c.store(1, 5, Tid.NONE, new byte[] {5});
    assertThat(c.load(1).get().serial()).isEqualTo(5);
    assertThat(c.loadBefore(1, 11).get().start()).isEqualTo(5);
    assertThat(c.loadBefore(1, 12)).as("cannot vouch past its last tid").isEmpty();
    assertThat(c.loadBefore(1, 5)).isEmpty();
    c.invalidate(1, 8);
    c.setLastTid(8);
    assertThat(c.load(1)).isEmpty();
    assertThat(c.loadBefore(1, 8).get().end()).isEqualTo(8);
    c.store(1, 8, Tid.NONE, new byte[] {8});
    assertThat(c.load(1).get().data()).containsExactly(8);
    c.store(1, 5, Tid.NONE, new byte[] {5}); // a stale "current" after a newer one: ignored as current
    assertThat(c.load(1).get().serial()).isEqualTo(8);
    assertThat(c.stats().hits()).isPositive();
    assertThat(c.stats().misses()).isPositive();
  }

  @Test
  void staysWithinItsBoundEvictingLeastRecentlyUsed() {
    MemoryCache c = new MemoryCache(10_000);
    for (int i = 0; i < 100; i++) {
      c.store(i, 1, Tid.NONE, new byte[500]);
      c.load(0); // keep oid 0 hot
    }
    assertThat(c.stats().bytes()).isLessThanOrEqualTo(10_000);
    assertThat(c.stats().evictions()).isPositive();
    assertThat(c.load(0)).isPresent();
    assertThat(c.load(1)).isEmpty();
    c.store(500, 1, Tid.NONE, new byte[20_000]);
    assertThat(c.load(500)).as("larger than the cache: not kept").isEmpty();
  }

  @Test
  void keepsTheNewestOlderRevisionsOfAnOftenRewrittenOid() {
    MemoryCache c = new MemoryCache(1 << 20);
    for (long tid = 1; tid <= 100; tid++) {
      c.store(1, tid, Tid.NONE, new byte[] {(byte) tid});
      c.setLastTid(tid);
    }
    assertThat(c.load(1).get().serial()).isEqualTo(100);
    assertThat(c.loadBefore(1, 100).get().start()).isEqualTo(99);
    assertThat(c.loadBefore(1, 100).get().end()).isEqualTo(100);
    assertThat(c.loadBefore(1, 95).get().data()).containsExactly(94);
    assertThat(c.loadBefore(1, 50)).as("older revisions beyond the cap are dropped").isEmpty();
    assertThat(c.stats().entries()).isLessThanOrEqualTo(9);
    assertThat(c.stats().bytes()).isEqualTo(c.stats().entries() * 65);

    c.invalidate(1, 101);
    assertThat(c.load(1)).isEmpty();
    assertThat(c.loadBefore(1, 101).get().end()).isEqualTo(101);
    c.store(1, 50, 51, new byte[] {50}); // an old revision loaded from the server
    assertThat(c.loadBefore(1, 51)).as("older than every kept revision: dropped").isEmpty();
    c.store(1, 99, 100, new byte[] {9}); // the same revision again replaces, not duplicates
    assertThat(c.loadBefore(1, 100).get().data()).containsExactly(9);
    assertThat(c.stats().bytes()).isEqualTo(c.stats().entries() * 65);
  }
}
