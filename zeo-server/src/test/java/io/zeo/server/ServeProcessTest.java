package io.zeo.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code zeo serve} as a real process: signals, clean shutdown, restart, refusals, log reopening. */
class ServeProcessTest {
  @TempDir
  Path dir;

  private Path config(String listen) {
    return Fixtures.write(dir.resolve("zeo.properties"), String.join("\n",
        "# a test config",
        "storage.main = file:" + dir.resolve("main.fs"),
        "listen = " + listen,
        "log = " + dir.resolve("zeo.log"),
        "pid-file = " + dir.resolve("zeo.pid"),
        "transaction-timeout = 30s",
        "invalidation-queue-size = 50",
        ""));
  }

  @Test
  void termStopsCleanlyAndTheServerRestartsAtOnceOnTheSamePort() throws Exception {
    Path sock = dir.resolve("zeo.sock");
    Path cfg = config("tcp://127.0.0.1:0, unix:" + sock);
    String tcp;
    try (ServerProcess server = ServerProcess.serve(dir, "--config", cfg.toString())) {
      tcp = server.address("tcp");
      assertThat(server.addresses).containsExactly(tcp, "unix:" + sock);
      assertThat(Files.readString(dir.resolve("zeo.pid")).trim()).isEqualTo(Long.toString(server.pid()));
      assertThat(sock).exists();
      Cli.run(dir, "up", tcp, "--storage", "main", "--write").expect(0);
      Cli.run(dir, "up", "unix:" + sock, "--storage", "main").expect(0);

      server.signal("TERM");
      Cli.Result r = server.awaitExit();
      assertThat(r.exit()).as(r.err()).isEqualTo(ExitCodes.OK);
    }
    assertThat(dir.resolve("main.fs.index")).as("index written at clean close").exists();
    assertThat(sock).as("socket file removed").doesNotExist();
    assertThat(dir.resolve("zeo.pid")).as("pid file removed").doesNotExist();
    String log = Files.readString(dir.resolve("zeo.log"));
    assertThat(log).contains("starting: pid", "transaction-timeout PT30S", "invalidation-queue-size 50",
        "connected to storage main", "disconnected from storage main", "SIGTERM: shutting down (exit status 0)",
        "storage main closed: 1 commit(s)", "stopped");

    // at once, on the same port: no "address already in use"; the data is still there
    try (ServerProcess again = ServerProcess.serve(dir, "--config", cfg.toString(), "--listen", tcp)) {
      assertThat(again.addresses).containsExactly(tcp);
      assertThat(Cli.run(dir, "status", tcp, "--storage", "main").expect(0).out())
          .doesNotContain("last-transaction: 0000000000000000");
      Assumptions.assumeFalse(signalIgnoredHere(2), "SIGINT is ignored in this test JVM (started in the "
          + "background without job control), so its children cannot receive it");
      again.signal("INT");
      assertThat(again.awaitExit().exit()).isEqualTo(ExitCodes.FAILED);
    }
    assertThat(Files.readString(dir.resolve("zeo.log"))).contains("SIGINT: shutting down (exit status 1)");
  }

  @Test
  void hupAndUsr2ReopenTheLogFileAfterItWasMoved() throws Exception {
    Path log = dir.resolve("zeo.log");
    try (ServerProcess server = ServerProcess.serve(dir, "--config", config("tcp://127.0.0.1:0").toString())) {
      Files.move(log, dir.resolve("zeo.log.1"));
      server.signal("HUP");
      await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(log));
      assertThat(Files.readString(log)).contains("log file reopened on SIGHUP");
      Cli.run(dir, "up", server.address("tcp"), "--storage", "main").expect(0);
      await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).contains("connected to storage main"));

      Files.move(log, dir.resolve("zeo.log.2"));
      server.signal("USR2");
      await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(log));
      assertThat(Files.readString(log)).contains("log file reopened on SIGUSR2");

      server.signal("TERM");
      assertThat(server.awaitExit().exit()).isZero();
    }
    assertThat(Files.readString(dir.resolve("zeo.log.1"))).contains("starting: pid", "SIGHUP: reopening")
        .doesNotContain("connected to storage main");
    assertThat(Files.readString(log)).contains("SIGTERM: shutting down", "stopped");
  }

  @Test
  void refusesToStartWhenTheStorageIsLockedOrTheAddressIsInUse() throws Exception {
    Path sock = dir.resolve("a.sock");
    try (ServerProcess a = ServerProcess.serve(dir, "--storage", "main=file:" + dir.resolve("a.fs"),
        "--listen", "tcp://127.0.0.1:0", "--listen", "unix:" + sock)) {
      Cli.Result locked = Cli.run(dir, "serve", "--storage", "main=file:" + dir.resolve("a.fs"),
          "--listen", "tcp://127.0.0.1:0").expect(ExitCodes.CANNOT_START);
      assertThat(locked.err()).contains("cannot open storage main", "locked by process " + a.pid());

      Cli.Result port = Cli.run(dir, "serve", "--storage", "main=file:" + dir.resolve("b.fs"),
          "--listen", a.address("tcp")).expect(ExitCodes.CANNOT_START);
      assertThat(port.err()).contains("cannot listen on", a.address("tcp"));

      Cli.Result socket = Cli.run(dir, "serve", "--storage", "main=file:" + dir.resolve("b.fs"),
          "--listen", "unix:" + sock).expect(ExitCodes.CANNOT_START);
      assertThat(socket.err()).contains("a live server already listens on socket file " + sock);
      // the refused servers left the live one alone
      Cli.run(dir, "up", "unix:" + sock, "--storage", "main").expect(0);
      a.signal("TERM");
      assertThat(a.awaitExit().exit()).isZero();
    }
  }

  @Test
  void badCommandLinesExitWithStatusTwo() {
    assertThat(Cli.run(dir, "serve", "--listen", "tcp://127.0.0.1:0").expect(ExitCodes.USAGE).err())
        .contains("no storage to serve");
    Path cfg = Fixtures.write(dir.resolve("bad.properties"), "storage.main = memory:\nlisten = tcp://127.0.0.1:0\nlistn = x\n");
    assertThat(Cli.run(dir, "serve", "--config", cfg.toString()).expect(ExitCodes.USAGE).err())
        .contains("unknown setting \"listn\"");
    assertThat(Cli.run(dir, "serve", "--storage", "main").expect(ExitCodes.USAGE).err()).contains("NAME=URI");
    assertThat(Cli.run(dir, "serve", "--storage", "m=nosuch:x", "--listen", "tcp://127.0.0.1:0")
        .expect(ExitCodes.USAGE).err()).contains("nosuch");
    assertThat(Cli.run(dir, "pack", "127.0.0.1:1", "--before", "yesterday").expect(ExitCodes.USAGE).err())
        .contains("--before \"yesterday\"");
    Cli.Result help = Cli.run(dir, "serve", "--help").expect(0);
    assertThat(help.out()).contains("--storage=NAME=URI", "--config=FILE", "Exit status:");
  }

  @Test
  void readOnlyServerWithRequiredCompressionServesReadsAndRefusesWrites() {
    try (ServerProcess server = ServerProcess.serve(dir, "--storage", "main=file:" + dir.resolve("ro.fs"),
        "--listen", "tcp://127.0.0.1:0", "--read-only", "--compression", "lz4", "--require-compression")) {
      String tcp = server.address("tcp");
      Cli.run(dir, "up", tcp, "--storage", "main").expect(0);
      Cli.Result write = Cli.run(dir, "up", tcp, "--storage", "main", "--write").expect(ExitCodes.FAILED);
      assertThat(write.out()).startsWith("DOWN: ").containsIgnoringCase("read-only");
      assertThat(Cli.run(dir, "status", tcp, "--storage", "main").expect(0).out())
          .contains("storage main read-only: true");
      server.signal("TERM");
      assertThat(server.awaitExit().exit()).isZero();
    }
  }

  /** Whether signal {@code number} is ignored in this JVM (and so in the processes it starts). */
  static boolean signalIgnoredHere(int number) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << (number - 1))) != 0;
      }
    }
    return false;
  }
}
