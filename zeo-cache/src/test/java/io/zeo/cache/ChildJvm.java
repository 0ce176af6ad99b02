package io.zeo.cache;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A child JVM running a main class of the test class path, whose output lines we can wait for. */
final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();

  ChildJvm(Class<?> main, String... args) throws IOException {
    String java = ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        main.getName()));
    cmd.addAll(List.of(args));
    process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          lines.add(line);
        }
      } catch (IOException e) {
        lines.add("<<read failed: " + e + ">>");
      }
    }, "child-output");
    reader.setDaemon(true);
    reader.start();
  }

  long pid() {
    return process.pid();
  }

  /** Waits (bounded) for a line matching {@code p}; fails with everything the child printed. */
  String await(Predicate<String> p, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      long left = deadline - System.nanoTime();
      String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new AssertionError("child " + pid() + " (alive " + process.isAlive() + ") did not print the expected line within "
            + seconds + " s; it printed: " + String.join("\n", seen));
      }
      seen.add(line);
      if (p.test(line)) {
        return line;
      }
    }
  }

  /** SIGKILL, and wait (bounded) until it is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("child " + pid() + " survived SIGKILL for 30 s");
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
