package io.zeo.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A million-entry tree built in batches by a child JVM limited to a 64 MB heap (storage
 * included): the connection cache must keep only a bounded part of the tree in memory.
 * {@code -Dzeo.bigtree.entries=N} changes the size.
 */
class BigTreeTest {
  @Test
  void aMillionEntryTreeIsBuiltAndReadInASmallHeap() throws IOException, InterruptedException {
    int entries = Integer.getInteger("zeo.bigtree.entries", 1_000_000);
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(List.of(java.toString(), "-Xmx64m", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"), BigTreeBuild.class.getName(),
        Integer.toString(entries), "50000"))
        .redirectErrorStream(true).start();
    boolean exited = p.waitFor(10, TimeUnit.MINUTES);
    if (!exited) {
      p.destroyForcibly();
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(exited).as("child finished in time; output: %s", out).isTrue();
    assertThat(p.exitValue()).as("child exit; output: %s", out).isZero();
    assertThat(out).contains("OK entries=" + entries);
    System.out.println(out.strip());
  }
}
