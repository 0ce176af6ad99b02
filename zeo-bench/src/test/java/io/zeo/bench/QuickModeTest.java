package io.zeo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The CI smoke test of the driver: {@code --quick} runs and produces every figure, in the table
 * and in the JSON. It never judges a timing.
 */
class QuickModeTest {
  private static final List<String> THROUGHPUT = List.of("add", "update", "cold", "warm", "hot");
  private static final List<String> LATENCY = List.of("cold-load", "tiny-commit", "invalidation");

  @TempDir
  Path dir;

  @Test
  void quickRunProducesEveryFigure() throws Exception {
    Path json = dir.resolve("out.json");
    ByteArrayOutputStream table = new ByteArrayOutputStream();
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    int exit = new CommandLine(new BenchMain(new PrintStream(table, true, StandardCharsets.UTF_8),
        new PrintStream(progress, true, StandardCharsets.UTF_8)))
        .execute("--quick", "--json", json.toString(), "--dir", dir.toString());
    assertThat(exit).as("exit code; progress:%n%s", progress).isZero();

    String text = Files.readString(json);
    for (String baseline : List.of("tcpRoundTrip", "unixRoundTrip", "appendForce4k")) {
      assertThat(text).containsPattern("\"" + baseline + "\": \\{\"p50Micros\": [0-9.]+, \"p99Micros\": [0-9.]+");
    }
    for (String transport : Config.TRANSPORTS) {
      for (int clients : List.of(1, 4, 8)) {
        for (String w : THROUGHPUT) {
          assertFigure(text, w, transport, clients);
        }
      }
      for (String w : LATENCY) {
        assertFigure(text, w, transport, 1);
      }
    }
    assertThat(Pattern.compile("\"met\": (true|false)").matcher(text).results().count())
        .as("every target judged").isEqualTo(6);

    String md = table.toString(StandardCharsets.UTF_8);
    assertThat(md).contains("| workload | transport | clients | result |", "| target | measured | met |",
        "bare 64 B round trip, unix", "bare 4 KiB append + force");
    // one row per figure: 4 transports x (5 throughputs x 3 client counts + 3 latencies)
    assertThat(md.lines().filter(l -> l.matches("\\| [a-z-]+ \\| (direct|inproc|unix|tcp) \\|.*"))).hasSize(72);
  }

  private static void assertFigure(String json, String workload, String transport, int clients) {
    Matcher m = Pattern.compile("\\{\"workload\": \"" + workload + "\", \"transport\": \"" + transport
        + "\", \"clients\": " + clients + ", \"value\": ([^,]+), .*\"baselineValue\": ([^,]+), \"ratio\": ([^,]+),")
        .matcher(json);
    assertThat(m.find()).as("%s over %s with %d client(s) in%n%s", workload, transport, clients, json).isTrue();
    assertThat(m.group(1)).as("%s/%s/%d value", workload, transport, clients).matches("[0-9.]+");
    assertThat(m.group(2)).as("%s/%s/%d baseline", workload, transport, clients).matches("[0-9.]+");
    assertThat(m.group(3)).as("%s/%s/%d ratio", workload, transport, clients).matches("[0-9.]+");
  }
}
