package io.zeo.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final LoginThrottle throttle = new LoginThrottle(2, Duration.ofSeconds(1), Duration.ofSeconds(8), now::get);

  private void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }

  @Test
  void freeFailuresThenDoublingUpToTheMaximum() {
    assertThat(throttle.failed("10.0.0.1:5000")).isZero();
    assertThat(throttle.failed("10.0.0.1:5001")).isZero();
    assertThat(throttle.waitBefore("10.0.0.1:5002")).isZero();
    assertThat(throttle.failed("10.0.0.1")).isEqualTo(Duration.ofSeconds(1));
    assertThat(throttle.failed("10.0.0.1")).isEqualTo(Duration.ofSeconds(2));
    assertThat(throttle.failed("10.0.0.1")).isEqualTo(Duration.ofSeconds(4));
    assertThat(throttle.failed("10.0.0.1")).isEqualTo(Duration.ofSeconds(8));
    assertThat(throttle.failed("10.0.0.1")).isEqualTo(Duration.ofSeconds(8));
    for (int i = 0; i < 100; i++) {
      assertThat(throttle.failed("10.0.0.1")).isEqualTo(Duration.ofSeconds(8));
    }
  }

  @Test
  void theWaitRunsDownWithTheClock() {
    throttle.failed("p");
    throttle.failed("p");
    throttle.failed("p");
    assertThat(throttle.waitBefore("p")).isEqualTo(Duration.ofSeconds(1));
    advance(Duration.ofMillis(600));
    assertThat(throttle.waitBefore("p")).isEqualTo(Duration.ofMillis(400));
    advance(Duration.ofMillis(400));
    assertThat(throttle.waitBefore("p")).isZero();
    assertThat(throttle.waitBefore("other")).isZero();
  }

  @Test
  void successForgetsTheFailures() {
    for (int i = 0; i < 5; i++) {
      throttle.failed("p");
    }
    throttle.succeeded("p");
    assertThat(throttle.waitBefore("p")).isZero();
    assertThat(throttle.failed("p")).isZero();
    assertThat(throttle.trackedPeers()).isEqualTo(1);
  }

  @Test
  void aQuietPeerStartsOver() {
    for (int i = 0; i < 5; i++) {
      throttle.failed("p");
    }
    advance(Duration.ofMinutes(16));
    assertThat(throttle.failed("p")).as("counted as a first failure again").isZero();
  }

  @Test
  void peerKeysIgnoreThePort() {
    assertThat(LoginThrottle.key("tcp://10.0.0.5:41234")).isEqualTo("10.0.0.5");
    assertThat(LoginThrottle.key("10.0.0.5:1")).isEqualTo("10.0.0.5");
    assertThat(LoginThrottle.key("[::1]:9")).isEqualTo("::1");
    assertThat(LoginThrottle.key("::1")).isEqualTo("::1");
    assertThat(LoginThrottle.key("unix:/run/zeo.sock")).isEqualTo("unix:/run/zeo.sock");
    assertThat(LoginThrottle.key("inproc:test")).isEqualTo("inproc:test");
  }
}
