package io.zeo.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs {@code zeo} commands as real processes: {@code java -cp <test class path>
 * io.zeo.server.Main ...}, output captured in files under a test directory.
 */
final class Cli {
  private static final AtomicInteger RUNS = new AtomicInteger();
  private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

  private Cli() {}

  /** The test class path: surefire's booter jar hides it behind a manifest, so ask surefire. */
  static String classPath() {
    String cp = System.getProperty("surefire.test.class.path");
    return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
  }

  /** A command's outcome. */
  record Result(int exit, String out, String err) {
    Result expect(int status) {
      assertThat(exit).as("exit status of zeo; stdout:%n%s%nstderr:%n%s", out, err).isEqualTo(status);
      return this;
    }
  }

  /** Starts {@code zeo args...} with stdout and stderr going to files in {@code dir}. */
  static Started start(Path dir, String stdin, String... args) {
    int n = RUNS.incrementAndGet();
    List<String> cmd = new ArrayList<>(List.of(JAVA, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", classPath(),
        "io.zeo.server.Main"));
    cmd.addAll(List.of(args));
    Path out = dir.resolve("run-" + n + ".out");
    Path err = dir.resolve("run-" + n + ".err");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    try {
      if (stdin == null) {
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      } else {
        Path in = dir.resolve("run-" + n + ".in");
        Files.writeString(in, stdin, StandardCharsets.UTF_8);
        pb.redirectInput(in.toFile());
      }
      return new Started(pb.start(), out, err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code zeo args...} to completion (at most a minute) and returns what it did. */
  static Result run(Path dir, String... args) {
    return runWithInput(dir, null, args);
  }

  static Result runWithInput(Path dir, String stdin, String... args) {
    return start(dir, stdin, args).await(Duration.ofMinutes(1));
  }

  /** A started process and where its output goes. */
  record Started(Process process, Path out, Path err) {
    Result await(Duration limit) {
      try {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          throw new AssertionError("zeo did not finish within " + limit + "; stdout:\n" + read(out)
              + "\nstderr:\n" + read(err));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      return new Result(process.exitValue(), read(out), read(err));
    }

    String stdout() {
      return read(out);
    }

    String stderr() {
      return read(err);
    }
  }

  static String read(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
