package io.zeo.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TidGeneratorTest {

  /** A clock the test moves by hand, backwards too. */
  static final class HandClock extends Clock {
    private volatile Instant now;

    HandClock(Instant start) {
      this.now = start;
    }

    void set(Instant t) {
      now = t;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

  @Test
  void followsTheClockWhileItMovesForward() {
    HandClock clock = new HandClock(T0);
    TidGenerator g = new TidGenerator(clock, Tid.NONE);
    assertThat(g.next()).isEqualTo(Tid.of(T0));
    clock.advance(Duration.ofSeconds(1));
    assertThat(g.next()).isEqualTo(Tid.of(T0.plusSeconds(1)));
    assertThat(g.last()).isEqualTo(Tid.of(T0.plusSeconds(1)));
  }

  @Test
  void neverGoesBackwardsWhenTheClockDoes() {
    HandClock clock = new HandClock(T0);
    TidGenerator g = new TidGenerator(clock, Tid.NONE);
    long first = g.next();
    clock.set(T0.minus(Duration.ofHours(1)));
    long second = g.next();
    long third = g.next();
    assertThat(second).isEqualTo(first + 1);
    assertThat(third).isEqualTo(first + 2);
    clock.set(T0.plus(Duration.ofMinutes(5)));
    assertThat(g.next()).isEqualTo(Tid.of(T0.plus(Duration.ofMinutes(5))));
  }

  @Test
  void aFrozenClockStillGivesDistinctIncreasingTids() {
    TidGenerator g = new TidGenerator(new HandClock(T0), Tid.NONE);
    long previous = Tid.NONE;
    for (int i = 0; i < 1000; i++) {
      long tid = g.next();
      assertThat(Tid.compare(tid, previous)).isPositive();
      previous = tid;
    }
  }

  @Test
  void startsAfterTheGivenLastTidAndObservedOnes() {
    HandClock clock = new HandClock(T0);
    long future = Tid.of(T0.plus(Duration.ofDays(1)));
    TidGenerator g = new TidGenerator(clock, future);
    assertThat(g.next()).isEqualTo(future + 1);
    long further = future + 1000;
    g.observe(further);
    g.observe(future);
    assertThat(g.last()).isEqualTo(further);
    assertThat(g.next()).isEqualTo(further + 1);
  }

  @Test
  void threadsNeverGetTheSameTid() throws Exception {
    TidGenerator g = new TidGenerator(new HandClock(T0), Tid.NONE);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<Long>>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(pool.submit(() -> {
          List<Long> out = new ArrayList<>();
          for (int i = 0; i < 500; i++) {
            out.add(g.next());
          }
          return out;
        }));
      }
      Set<Long> all = new HashSet<>();
      for (Future<List<Long>> f : futures) {
        all.addAll(f.get(30, TimeUnit.SECONDS));
      }
      assertThat(all).hasSize(2000);
    } finally {
      pool.shutdownNow();
    }
  }
}
