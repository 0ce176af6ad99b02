package io.zeo.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The driver's small parts: percentiles, configuration checks, argument errors. */
class DriverPartsTest {
  @Test
  void percentilesAreNearestRankInMicroseconds() {
    Samples s = new Samples(1);
    for (int i = 100; i >= 1; i--) {
      s.add(i * 1_000L);
    }
    assertThat(s.count()).isEqualTo(100);
    assertThat(s.p50()).isEqualTo(50.0);
    assertThat(s.p99()).isEqualTo(99.0);
    assertThat(s.micros(1.0)).isEqualTo(100.0);
    assertThat(new Samples(4).p50()).isNaN();
  }

  @Test
  void configNamesTheBadValue() {
    assertThatThrownBy(() -> config(List.of("direct", "udp"), List.of(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"udp\"").hasMessageContaining("direct, inproc, unix, tcp");
    assertThatThrownBy(() -> config(List.of("direct"), List.of(1, 0)))
        .hasMessage("client count 0 is not positive");
  }

  @Test
  void quickKeepsEveryClientCountAndTransport() {
    Config quick = config(Config.TRANSPORTS, List.of(1, 4, 8)).quick();
    assertThat(quick.clients()).containsExactly(1, 4, 8);
    assertThat(quick.transports()).isEqualTo(Config.TRANSPORTS);
    assertThat(quick.objects()).isEqualTo(100);
    assertThat(quick.passes()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void badArgumentsExitWithTwoAndSayWhy() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CommandLine cli = new CommandLine(new BenchMain(System.out, System.err));
    cli.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
    assertThat(cli.execute("--objects", "many")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("many");
  }

  @Test
  void roundTripModeFollowsTheMeasuredNotes() {
    assertThat(PingPong.mode(5)).isEqualTo("same-vCPU");
    assertThat(PingPong.mode(25)).isEqualTo("mixed");
    assertThat(PingPong.mode(50)).isEqualTo("cross-vCPU");
  }

  private static Config config(List<String> transports, List<Integer> clients) {
    return new Config(1000, 300, 5, clients, transports, 10, 10, 10, 10, 1000, 2, Path.of("/tmp"));
  }
}
