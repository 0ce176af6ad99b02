package io.zeo.storage.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeo.spi.DataRecord;
import io.zeo.spi.POSKeyError;
import io.zeo.spi.StorageIterator;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import io.zeo.spi.TransactionRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a committing child JVM with SIGKILL at random moments, again and again on one file, and
 * checks after each kill that every transaction the child reported finished is there with its
 * data, that no partial transaction is visible, and that new commits work. 50 kills by default,
 * 1,000 with {@code -Dzeo.soak=true}.
 */
class CrashTest {
  private static final String EOF = "\u0000eof";

  @TempDir
  Path dir;

  @Test
  void everyFinishedTransactionSurvivesSigkill() throws Exception {
    int kills = Boolean.getBoolean("zeo.soak") ? 1000 : 50;
    Path fs = dir.resolve("crash.fs");
    Random random = new Random(42);
    List<Long> reported = new ArrayList<>();
    long checkedUpTo = Tid.NONE;
    for (int k = 0; k < kills; k++) {
      Process child = spawn(Committer.class, fs.toString(), Long.toString(random.nextLong()));
      BlockingQueue<String> lines = pump(child);
      // the child prints "voted" after each vote and the tid after each finish; killing right
      // after a line lands the kill between vote and finish about half of the time
      int wait = 1 + random.nextInt(24);
      for (int i = 0; i < wait; i++) {
        String line = lines.poll(60, TimeUnit.SECONDS);
        assertThat(line).as("child output (kill %d)", k).isNotNull().isNotEqualTo(EOF);
        record(line, reported);
      }
      child.destroyForcibly();
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
      for (String line; !EOF.equals(line = lines.poll(60, TimeUnit.SECONDS)); ) {
        assertThat(line).isNotNull();
        record(line, reported);
      }
      try (FileStorage s = FileStorage.open(fs)) {
        for (long tid : reported) {
          try (StorageIterator it = s.iterator(tid, tid)) {
            assertThat(it.hasNext()).as("reported transaction %s", Tid.toHex(tid)).isTrue();
          }
        }
        reported.clear();
        checkedUpTo = checkAllSince(s, checkedUpTo);
        long oid = s.newOid();
        long tid = Commits.store(s, oid, Tid.NONE, Committer.content(oid, 100));
        assertThat(s.load(oid).serial()).isEqualTo(tid);
      }
    }
  }

  private static void record(String line, List<Long> reported) {
    if (!line.equals("voted")) {
      reported.add(Tid.parseHex(line));
    }
  }

  /** Every transaction after {@code after} is whole: as many records as its description says, each intact. */
  private static long checkAllSince(FileStorage s, long after) {
    long last = after;
    try (StorageIterator it = s.iterator(after + 1, -1L)) {
      while (it.hasNext()) {
        TransactionRecord t = it.next();
        String d = t.metadata().description();
        if (d.startsWith("n=")) {
          assertThat(t.records()).hasSize(Integer.parseInt(d.substring(2)));
        }
        for (DataRecord r : t.records()) {
          byte[] data = r.data();
          assertThat(new String(data, StandardCharsets.ISO_8859_1))
              .isEqualTo(new String(Committer.content(r.oid(), data.length),
                  StandardCharsets.ISO_8859_1));
        }
        last = t.tid();
      }
    }
    return last;
  }

  /** Commits in a loop, printing each tid once its finish has returned. */
  public static final class Committer {
    public static void main(String[] args) {
      Random random = new Random(Long.parseLong(args[1]));
      try (FileStorage s = FileStorage.open(Path.of(args[0]))) {
        while (true) {
          int n = 1 + random.nextInt(20);
          TransactionMetadata txn = TransactionMetadata.of("crash", "n=" + n);
          s.tpcBegin(txn);
          long counterSerial;
          try {
            counterSerial = s.load(0).serial();
          } catch (POSKeyError e) {
            counterSerial = Tid.NONE;
          }
          s.store(0, counterSerial, content(0, 64), txn); // a shared object, so prev chains grow

          for (int i = 1; i < n; i++) {
            long oid = s.newOid();
            s.store(oid, Tid.NONE, content(oid, 1 + random.nextInt(random.nextBoolean() ? 200 : 20000)), txn);
          }
          s.tpcVote(txn);
          System.out.println("voted");
          System.out.flush();
          long tid = s.tpcFinish(txn);
          System.out.println(Tid.toHex(tid));
          System.out.flush();
        }
      }
    }

    /** Deterministic content of {@code length} bytes for an oid. */
    static byte[] content(long oid, int length) {
      byte[] pattern = ("oid " + oid + ";").getBytes(StandardCharsets.ISO_8859_1);
      byte[] out = new byte[length];
      for (int i = 0; i < length; i++) {
        out[i] = pattern[i % pattern.length];
      }
      return out;
    }
  }

  // ---------------------------------------------------------------- child processes

  static Process spawn(Class<?> main, String... args) throws IOException {
    String java = ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", main.getName()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  /** Lines the process prints, then {@link #EOF}. */
  static BlockingQueue<String> pump(Process p) {
    BlockingQueue<String> q = new LinkedBlockingQueue<>();
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          q.add(line);
        }
      } catch (IOException e) {
        // the process died mid-line; what was read is in the queue
      }
      q.add(EOF);
    }, "child-output-" + p.pid());
    t.setDaemon(true);
    t.start();
    return q;
  }

  /** The first line the process prints, waiting at most {@code seconds}. */
  static String readLine(Process p, int seconds) throws InterruptedException {
    return pump(p).poll(seconds, TimeUnit.SECONDS);
  }
}
