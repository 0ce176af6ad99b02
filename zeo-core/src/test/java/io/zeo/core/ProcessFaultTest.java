package io.zeo.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeo.spi.ClientDisconnectedError;
import io.zeo.spi.ConflictError;
import io.zeo.spi.StorageError;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Issue 6: a server in another JVM, SIGKILLed and restarted under its clients. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProcessFaultTest {
  private static final Duration LONG = Duration.ofSeconds(60);

  static byte[] num(long v) {
    return ByteBuffer.allocate(8).putLong(v).array();
  }

  static long num(byte[] b) {
    return ByteBuffer.wrap(b).getLong();
  }

  @Test
  void killedServerRestartedOnTheSameFileAndPortLosesNoAcknowledgedCommit(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("data.fs");
    ChildServer server = ChildServer.start(file, "tcp://127.0.0.1:0", false);
    String address = server.address();
    int objects = 10;
    try (ClientStorage writer = ReconnectTest.fastClient(address).open();
        ClientStorage reader = ReconnectTest.fastClient(address).open()) {
      long[] oids = new long[objects];
      for (int i = 0; i < objects; i++) {
        oids[i] = writer.newOid();
        ServerFixture.commit(writer, oids[i], Tid.NONE, num(0));
      }
      Map<Long, Long> acked = new ConcurrentHashMap<>();
      AtomicLong commits = new AtomicLong();
      AtomicLong failures = new AtomicLong();
      AtomicBoolean stop = new AtomicBoolean();
      AtomicReference<Throwable> unexpected = new AtomicReference<>();
      Thread work = new Thread(() -> {
        for (int n = 0; !stop.get(); n++) {
          long oid = oids[n % objects];
          try {
            var current = writer.load(oid);
            long next = num(current.data()) + 1;
            ServerFixture.commit(writer, oid, current.serial(), num(next));
            acked.put(oid, next);
            commits.incrementAndGet();
          } catch (ClientDisconnectedError | ConflictError e) {
            failures.incrementAndGet();
            writer.awaitConnected(LONG);
          } catch (StorageError e) {
            failures.incrementAndGet(); // e.g. a transaction cut mid-way reported by the new server
            writer.awaitConnected(LONG);
          } catch (Throwable e) {
            unexpected.set(e);
            return;
          }
        }
      }, "workload");
      work.start();
      try {
        for (int round = 0; round < 2; round++) {
          for (long oid : oids) {
            reader.load(oid); // the reader caches everything: verification must fix it later
          }
          long target = commits.get() + 20;
          Awaitility.await().atMost(LONG).until(() -> commits.get() >= target || unexpected.get() != null);
          server.kill();
          Awaitility.await().atMost(LONG).until(() -> !writer.isConnected() && !reader.isConnected());
          server = ChildServer.start(file, address, false);
          long after = commits.get() + 20;
          Awaitility.await().atMost(LONG).until(() -> commits.get() >= after || unexpected.get() != null);
        }
      } finally {
        stop.set(true);
        work.join(TimeUnit.SECONDS.toMillis(60));
      }
      assertThat(unexpected.get()).isNull();
      assertThat(failures.get()).as("the kills interrupted the workload").isPositive();
      try (ClientStorage fresh = ReconnectTest.fastClient(address).open()) {
        Awaitility.await().atMost(LONG).until(reader::isConnected);
        reader.sync();
        assertThat(reader.lastTransaction()).isEqualTo(fresh.lastTransaction());
        for (long oid : oids) {
          long stored = num(fresh.load(oid).data());
          assertThat(stored).as("no acknowledged commit lost for oid %d", oid)
              .isGreaterThanOrEqualTo(acked.getOrDefault(oid, 0L));
          assertThat(num(reader.load(oid).data())).as("no stale read after verification").isEqualTo(stored);
        }
      }
    } finally {
      server.kill();
    }
  }

  @Test
  void serverRestoredFromAnOlderBackupMakesTheClientDropItsCache(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("data.fs");
    Path backup = dir.resolve("backup");
    Files.createDirectories(backup);
    ChildServer server = ChildServer.start(file, "tcp://127.0.0.1:0", false);
    String address = server.address();
    try (ClientStorage c = ReconnectTest.fastClient(address).open()) {
      long oid = c.newOid();
      long t1 = ServerFixture.commit(c, oid, Tid.NONE, num(1));
      server.kill();
      List<Path> copied = copyFiles(dir, backup, "data.fs");
      assertThat(copied).isNotEmpty();
      server = ChildServer.start(file, address, false);
      assertThat(c.awaitConnected(LONG)).isTrue();
      long t2 = ServerFixture.commit(c, oid, t1, num(2));
      assertThat(num(c.load(oid).data())).as("cached after its own commit").isEqualTo(2);
      server.kill();
      Awaitility.await().atMost(LONG).until(() -> !c.isConnected());
      copyFiles(backup, dir, "data.fs"); // the restore: back to t1
      server = ChildServer.start(file, address, false);
      assertThat(c.awaitConnected(LONG)).isTrue();
      assertThat(c.lastTransaction()).isEqualTo(t1);
      assertThat(num(c.load(oid).data())).as("no stale read from the dropped cache").isEqualTo(1);
      assertThat(c.load(oid).serial()).isEqualTo(t1).isNotEqualTo(t2);
      ServerFixture.commit(c, oid, t1, num(3));
      assertThat(num(c.load(oid).data())).isEqualTo(3);
    } finally {
      server.kill();
    }
  }

  /** Copies the storage's files (data, index, ...) named {@code prefix*}, replacing what is there. */
  private static List<Path> copyFiles(Path from, Path to, String prefix) throws Exception {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(from)) {
      for (Path p : s.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
        if (p.getFileName().toString().endsWith(".lock")) {
          continue;
        }
        out.add(Files.copy(p, to.resolve(p.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING));
      }
    }
    if (from.equals(to)) {
      throw new IllegalArgumentException("copy onto itself: " + from);
    }
    // a restore must not leave newer companions (an index of the later file) behind
    try (Stream<Path> s = Files.list(to)) {
      for (Path p : s.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
        if (!Files.exists(from.resolve(p.getFileName())) && !p.getFileName().toString().endsWith(".lock")) {
          Files.delete(p);
        }
      }
    }
    return out;
  }
}
