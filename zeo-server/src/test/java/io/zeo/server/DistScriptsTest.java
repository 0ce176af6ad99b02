package io.zeo.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution's shell scripts as an operator runs them: bin/zeo-start starts the server
 * from a config file and returns once it listens, refuses a second start, bin/zeo-stop stops
 * it cleanly. {@code $JAVA} points at a wrapper that swaps the archive's {@code lib/*} for the
 * test class path, since the archive itself is only built after the tests.
 */
class DistScriptsTest {
  private static final Path BIN = Path.of("src/main/dist/bin").toAbsolutePath();

  @TempDir
  Path dir;

  private Cli.Result sh(Map<String, String> env, String... cmd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(dir.resolve("sh.out").toFile())
        .redirectError(dir.resolve("sh.err").toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", cmd) + " did not finish");
    }
    return new Cli.Result(p.exitValue(), Cli.read(dir.resolve("sh.out")), Cli.read(dir.resolve("sh.err")));
  }

  @Test
  void startAndStopScriptsRunTheServerFromItsConfig() throws Exception {
    Path home = dir.resolve("zeo");
    Files.createDirectories(home.resolve("bin"));
    Files.createDirectories(home.resolve("lib"));
    for (String script : new String[] {"zeo", "zeo-start", "zeo-stop"}) {
      Files.copy(BIN.resolve(script), home.resolve("bin").resolve(script));
    }
    Path wrapper = Fixtures.write(dir.resolve("java-wrapper"), String.join("\n", "#!/bin/sh",
        "# drop the launcher's -cp LIB/* and use the test class path",
        "shift 2",
        "exec \"" + Path.of(System.getProperty("java.home"), "bin", "java") + "\" -cp \"$ZEO_TEST_CP\" \"$@\"", ""));
    Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path pid = dir.resolve("run/zeo.pid");
    Path cfg = Fixtures.write(dir.resolve("zeo.properties"), String.join("\n",
        "storage.main = file:" + dir.resolve("main.fs"),
        "listen = unix:" + dir.resolve("zeo.sock"),
        "log = " + dir.resolve("log/zeo.log"),
        "pid-file = " + pid, ""));
    Map<String, String> env = Map.of("JAVA", wrapper.toString(), "ZEO_TEST_CP", Cli.classPath());
    String bin = home.resolve("bin").toString();

    Cli.Result start = sh(env, bin + "/zeo-start", cfg.toString());
    assertThat(start.exit()).as(start.err()).isZero();
    assertThat(start.out()).contains("listening on unix:" + dir.resolve("zeo.sock"), "serving main");
    long serverPid = Long.parseLong(Files.readString(pid, StandardCharsets.US_ASCII).trim());
    assertThat(ProcessHandle.of(serverPid)).hasValueSatisfying(h -> assertThat(h.isAlive()).isTrue());

    Cli.Result again = sh(env, bin + "/zeo-start", cfg.toString());
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).contains("already running as pid " + serverPid);

    Cli.Result up = sh(env, bin + "/zeo", "up", "unix:" + dir.resolve("zeo.sock"), "--storage", "main", "--write");
    assertThat(up.exit()).as(up.err()).isZero();

    Cli.Result stop = sh(env, bin + "/zeo-stop", cfg.toString());
    assertThat(stop.exit()).as(stop.err()).isZero();
    assertThat(stop.out()).contains("stopped pid " + serverPid);
    assertThat(ProcessHandle.of(serverPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(pid).doesNotExist();
    assertThat(dir.resolve("zeo.sock")).doesNotExist();
    assertThat(dir.resolve("main.fs.index")).exists();
    assertThat(Files.readString(dir.resolve("log/zeo.log"))).contains("SIGTERM: shutting down (exit status 0)");
    assertThat(sh(env, bin + "/zeo-stop", cfg.toString()).exit()).isEqualTo(1);
  }

}
