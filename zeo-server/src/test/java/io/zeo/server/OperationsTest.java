package io.zeo.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zeo.cache.FileClientCache;
import io.zeo.core.Zeo;
import io.zeo.core.ZeoServer;
import io.zeo.spi.ClientCacheConfig;
import io.zeo.spi.Storage;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator commands against one real {@code zeo serve} process (and offline files). */
class OperationsTest {
  @TempDir
  static Path shared;
  static ServerProcess server;
  static String tcp;

  @TempDir
  Path dir;

  @BeforeAll
  static void startServer() {
    server = ServerProcess.serve(shared, "--storage", "main=file:" + shared.resolve("main.fs"),
        "--storage", "other=file:" + shared.resolve("other.fs"), "--listen", "tcp://127.0.0.1:0",
        "--log", shared.resolve("zeo.log").toString());
    tcp = server.address("tcp");
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.signal("TERM");
      assertThat(server.awaitExit().exit()).isZero();
      server.close();
    }
  }

  private static String log() throws Exception {
    return Files.readString(shared.resolve("zeo.log"));
  }

  @Test
  void upAnswersForLiveServersAndFailsForDeadOrSilentOnes() throws Exception {
    assertThat(Cli.run(dir, "up", tcp, "--storage", "main").expect(0).out())
        .startsWith("UP " + tcp + " storage main: last transaction ");
    assertThat(Cli.run(dir, "up", "127.0.0.1:" + Fixtures.port(tcp), "--storage", "main", "--write").expect(0).out())
        .contains("committed marker transaction");

    Cli.Result dead = Cli.run(dir, "up", "127.0.0.1:" + Fixtures.freePort(), "--storage", "main")
        .expect(ExitCodes.FAILED);
    assertThat(dead.out()).startsWith("DOWN: ").contains("cannot connect");
    assertThat(dead.out().strip().lines()).hasSize(1);

    Cli.Result unknown = Cli.run(dir, "up", tcp, "--storage", "nope").expect(ExitCodes.FAILED);
    assertThat(unknown.out()).startsWith("DOWN: ").contains("no storage named \"nope\"");

    // a peer that accepts and never answers: the timeout decides
    try (ServerSocket silent = new ServerSocket(0)) {
      Thread t = new Thread(() -> {
        try (Socket s = silent.accept()) {
          s.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        } catch (Exception ignored) {
          // the test is over
        }
      });
      t.setDaemon(true);
      t.start();
      Cli.Result slow = Cli.run(dir, "up", "127.0.0.1:" + silent.getLocalPort(), "--timeout", "1s")
          .expect(ExitCodes.FAILED);
      assertThat(slow.out()).startsWith("DOWN: ").contains("within PT1S");
    }
  }

  @Test
  void statusReportsTheServerAndEachStorage() {
    Cli.run(dir, "up", tcp, "--storage", "other", "--write").expect(0);
    Cli.Result r = Cli.run(dir, "status", tcp).expect(0);
    assertThat(r.out()).contains("server address: " + tcp, "server pid: " + server.pid(), "server read-only: false",
        "server addresses: " + tcp, "server connections: 1", "storage other read-only: false",
        "storage other supports-pack: true", "storage other supports-undo: true", "storage main size: ",
        "storage other transactions-in-progress: 0", "storage other conflicts: 0", "storage other pack: idle",
        "not reported: per-client peer");
    assertThat(r.out()).containsPattern("storage other last-transaction: [0-9a-f]{16} \\(20\\d\\d-")
        .containsPattern("storage other commits: [1-9]")
        .doesNotContain("storage other last-transaction: 0000000000000000");
    assertThat(Cli.run(dir, "status", tcp, "--storage", "other").expect(0).out())
        .contains("storage other size: ").doesNotContain("storage main ");
    assertThat(Cli.run(dir, "status", tcp, "--storage", "nope").expect(ExitCodes.FAILED).out())
        .contains("storage nope error: the server does not serve it");
    assertThat(Cli.run(dir, "status", "127.0.0.1:" + Fixtures.freePort()).expect(ExitCodes.FAILED).out())
        .contains("server error: ");
  }

  @Test
  void statusOfAnEmbeddedServerShowsWhatTheHandshakeTells() {
    try (ZeoServer embedded = ZeoServer.builder().storage("1", Zeo.open("memory:")).listen("tcp://127.0.0.1:0")
        .start()) {
      Cli.Result r = Cli.run(dir, "status", embedded.address()).expect(0);
      assertThat(r.out()).contains("storage 1 last-transaction: 0000000000000000", "storage 1 supports-pack: ",
          "this server keeps no status report");
    }
  }

  @Test
  void packWaitReportsSuccessAndTheServersError() throws Exception {
    Cli.run(dir, "up", tcp, "--storage", "main", "--write").expect(0);
    assertThat(Cli.run(dir, "pack", tcp, "--storage", "main", "--days", "0", "--wait").expect(0).out())
        .contains("pack of storage main before", "done in");
    await().atMost(Duration.ofSeconds(30)).until(() -> log().contains("pack of storage main finished"));
    assertThat(log()).contains("pack of storage main started");

    // a real failure inside the server: the pack's temporary file cannot be created
    Path blocker = shared.resolve("main.fs.pack");
    Files.createDirectories(blocker.resolve("in-the-way"));
    try {
      Cli.run(dir, "up", tcp, "--storage", "main", "--write").expect(0); // something to pack
      Cli.Result failed = Cli.run(dir, "pack", tcp, "--storage", "main", "--before", "2030-01-01", "--wait")
          .expect(ExitCodes.FAILED);
      assertThat(failed.err()).contains("pack of storage main failed:", "main.fs.pack");
      await().atMost(Duration.ofSeconds(30)).until(() -> log().contains("pack of storage main failed"));
      assertThat(Cli.run(dir, "status", tcp, "--storage", "main").expect(0).out())
          .contains("storage main pack: last pack failed");
    } finally {
      Files.delete(blocker.resolve("in-the-way"));
      Files.delete(blocker);
    }
    // without --wait: accepted, and it runs to its end on the server
    assertThat(Cli.run(dir, "pack", tcp, "--storage", "main").expect(0).out()).contains("pack of storage main");
    Cli.run(dir, "up", tcp, "--storage", "main", "--write").expect(0);
  }

  @Test
  void copyCopiesEverythingAndResumesAfterTheDestinationsLastTransaction() {
    String src = "file:" + dir.resolve("src.fs");
    String dst = "file:" + dir.resolve("dst.fs");
    try (Storage s = Zeo.open(src)) {
      Fixtures.commit(s, 5);
    }
    assertThat(Cli.run(dir, "copy", src, dst).expect(0).out()).contains("copied 5 transaction(s)");
    assertThat(Cli.run(dir, "copy", src, dst).expect(ExitCodes.USAGE).err())
        .contains("already has transactions", "--resume");
    try (Storage s = Zeo.open(src)) {
      Fixtures.commit(s, 3);
    }
    assertThat(Cli.run(dir, "copy", src, dst, "--resume").expect(0).out())
        .contains("copied 3 transaction(s)", "resumed after");
    assertThat(Cli.run(dir, "copy", src, dst, "--resume").expect(0).out()).contains("nothing to copy");
    List<String> expected;
    try (Storage s = Zeo.open(src); Storage d = Zeo.open(dst)) {
      expected = Fixtures.listing(s);
      assertThat(expected).hasSize(8);
      assertThat(Fixtures.listing(d)).isEqualTo(expected);
    }
    // from a live server to a file: any storage to any storage
    Cli.run(dir, "up", tcp, "--storage", "other", "--write").expect(0);
    String backup = "file:" + dir.resolve("backup.fs");
    assertThat(Cli.run(dir, "copy", "zeo+" + tcp + "?storage=other", backup).expect(0).out()).contains("copied ");
  }

  @Test
  void aCopyKilledHalfwayResumesWhereItStopped() throws Exception {
    String src = "file:" + dir.resolve("big.fs");
    Path dstFile = dir.resolve("half.fs");
    try (Storage s = Zeo.open(src)) {
      Fixtures.commit(s, 3000);
    }
    long srcSize = Files.size(dir.resolve("big.fs"));
    Cli.Started copy = Cli.start(dir, null, "copy", src, "file:" + dstFile);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
        .until(() -> !copy.process().isAlive() || (Files.exists(dstFile) && Files.size(dstFile) > srcSize / 4));
    boolean interrupted = copy.process().isAlive();
    System.out.println("copy interrupted: " + interrupted + " at " + Files.size(dstFile) + " of " + srcSize);
    copy.process().destroyForcibly();
    copy.process().waitFor();

    Cli.Result resumed = Cli.run(dir, "copy", src, "file:" + dstFile, "--resume").expect(0);
    if (interrupted) {
      assertThat(resumed.out()).containsPattern("copied [1-9]\\d* transaction\\(s\\)").contains("resumed after");
    }
    try (Storage s = Zeo.open(src); Storage d = Zeo.open("file:" + dstFile)) {
      assertThat(Fixtures.listing(d)).isEqualTo(Fixtures.listing(s)).hasSize(3000);
    }
  }

  @Test
  void verifyFindsDamageAndRecoverSalvagesTheRest() throws Exception {
    Path fs = dir.resolve("data.fs");
    try (Storage s = Zeo.open("file:" + fs)) {
      Fixtures.commit(s, 10);
    }
    assertThat(Cli.run(dir, "verify", fs.toString()).expect(0).out())
        .contains("10 intact transaction(s)", "no problems");

    long size = Files.size(fs);
    try (RandomAccessFile f = new RandomAccessFile(fs.toFile(), "rw")) {
      long at = size / 2;
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0xff);
    }
    Cli.Result damaged = Cli.run(dir, "verify", fs.toString()).expect(ExitCodes.FAILED);
    assertThat(damaged.out()).containsPattern("problem at offset \\d+").contains("problem(s)");

    Path out = dir.resolve("recovered.fs");
    Cli.Result rec = Cli.run(dir, "recover", fs.toString(), out.toString()).expect(0);
    assertThat(rec.out()).containsPattern("recovered.fs: [1-9] transaction\\(s\\) recovered, [1-9]\\d* damaged byte");
    assertThat(Cli.run(dir, "verify", out.toString()).expect(0).out()).contains("no problems");
    assertThat(Cli.run(dir, "recover", fs.toString(), out.toString()).expect(ExitCodes.FAILED).err())
        .contains("already exists");
    assertThat(Cli.run(dir, "verify", dir.resolve("missing.fs").toString()).expect(ExitCodes.FAILED).err())
        .contains("no data file");
  }

  @Test
  void usersAddedOnTheCommandLineCanLogIn() throws Exception {
    Path users = dir.resolve("users");
    assertThat(Cli.runWithInput(dir, "s3cret\n", "users", users.toString(), "add", "alice", "--rights", "*=rwa")
        .expect(0).out()).contains("added user alice");
    Cli.runWithInput(dir, "other\n", "users", users.toString(), "add", "bob").expect(0);
    assertThat(Cli.runWithInput(dir, "x\n", "users", users.toString(), "add", "bob").expect(ExitCodes.FAILED).err())
        .contains("already exists");
    assertThat(Cli.run(dir, "users", users.toString(), "list").expect(0).out()).contains("alice *=rwa", "bob *=rw");
    Path good = Fixtures.write(dir.resolve("good.pw"), "s3cret\n");
    Path bad = Fixtures.write(dir.resolve("bad.pw"), "wrong\n");

    try (ServerProcess secured = ServerProcess.serve(dir, "--storage", "main=file:" + dir.resolve("auth.fs"),
        "--listen", "tcp://127.0.0.1:0", "--users", users.toString())) {
      String addr = secured.address("tcp");
      assertThat(Cli.run(dir, "up", addr, "--storage", "main", "--write", "--user", "alice",
          "--password-file", good.toString()).expect(0).out()).startsWith("UP ");
      assertThat(Cli.run(dir, "up", addr, "--storage", "main", "--user", "alice",
          "--password-file", bad.toString()).expect(ExitCodes.FAILED).out()).startsWith("DOWN: ");
      assertThat(Cli.run(dir, "up", addr, "--storage", "main").expect(ExitCodes.FAILED).out())
          .startsWith("DOWN: ").contains("requires");
      // (bob has no admin right, yet the server core lets him pack: it does not check rights yet)
      Cli.run(dir, "pack", addr, "--storage", "main", "--wait", "--user", "alice", "--password-file", good.toString())
          .expect(0);

      // a changed password and a removed user take effect at the next login
      Cli.runWithInput(dir, "n3w\n", "users", users.toString(), "passwd", "alice").expect(0);
      Cli.run(dir, "up", addr, "--storage", "main", "--user", "alice", "--password-file", good.toString())
          .expect(ExitCodes.FAILED);
      Cli.runWithInput(dir, "n3w\n", "up", addr, "--storage", "main", "--user", "alice").expect(0);
      Cli.run(dir, "users", users.toString(), "remove", "alice").expect(0);
      Cli.runWithInput(dir, "n3w\n", "up", addr, "--storage", "main", "--user", "alice").expect(ExitCodes.FAILED);
      secured.signal("TERM");
      assertThat(secured.awaitExit().exit()).isZero();
    }
    assertThat(Cli.run(dir, "users", users.toString(), "list").expect(0).out()).doesNotContain("alice");
    assertThat(Cli.run(dir, "users", users.toString(), "remove", "carol").expect(ExitCodes.FAILED).err())
        .contains("no user 'carol'");
  }

  @Test
  void cacheStatsReportsHitRatesFromATrace() {
    Path trace = dir.resolve("c.trace");
    try (FileClientCache c = FileClientCache.builder(
        new ClientCacheConfig("test", 1 << 20, Optional.of(dir.resolve("c.zcache")))).trace(trace).open()) {
      c.setLastTid(5);
      for (int round = 0; round < 2; round++) {
        for (long oid = 0; oid < 10; oid++) {
          if (c.load(oid).isEmpty()) {
            c.store(oid, 5, 0, new byte[100]);
          }
        }
      }
    }
    assertThat(Cli.run(dir, "cache-stats", trace.toString(), "--simulate", "1MB").expect(0).out())
        .containsPattern("hit rate +50\\.00%");
    assertThat(Cli.run(dir, "cache-stats", dir.resolve("none.trace").toString()).expect(ExitCodes.FAILED).err())
        .contains("none.trace");
  }
}
