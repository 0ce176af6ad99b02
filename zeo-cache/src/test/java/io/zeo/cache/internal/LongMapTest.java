package io.zeo.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LongMapTest {
  @Test
  void behavesLikeAHashMapUnderRandomPutsAndRemoves() {
    SplittableRandom r = new SplittableRandom(7);
    LongMap<Long> map = new LongMap<>(4);
    Map<Long, Long> model = new HashMap<>();
    for (int i = 0; i < 200_000; i++) {
      long key = r.nextInt(3) == 0 ? r.nextLong() : r.nextInt(2000) - 5; // includes 0 and negatives
      if (r.nextInt(3) == 0) {
        map.remove(key);
        model.remove(key);
      } else {
        map.put(key, (long) i);
        model.put(key, (long) i);
      }
      if (i % 997 == 0) {
        long probe = r.nextInt(2000) - 5;
        assertThat(map.get(probe)).isEqualTo(model.get(probe));
      }
    }
    assertThat(map.size()).isEqualTo(model.size());
    for (Map.Entry<Long, Long> e : model.entrySet()) {
      assertThat(map.get(e.getKey())).isEqualTo(e.getValue());
    }
    long[] count = {0};
    map.forEachValue(v -> count[0]++);
    assertThat(count[0]).isEqualTo(model.size());
  }
}
