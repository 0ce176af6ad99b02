package io.zeo.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class QuickStartTest {
  @Test
  void printsBothRevisionsAndTheHistory() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    QuickStart.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("now:      Hello, ZEO").contains("as of t1: Hello, world");
    assertThat(out.lines().filter(l -> l.startsWith("committed "))).hasSize(2);
    assertThat(out).containsPattern("bob +make it friendlier").containsPattern("alice +create the greeting");
    assertThat(out.indexOf("bob")).isLessThan(out.indexOf("alice  "));
  }
}
