package io.zeo.samples;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.zeo.core.Zeo;
import io.zeo.core.ZeoServer;
import io.zeo.spi.LoadResult;
import io.zeo.spi.Oid;
import io.zeo.spi.RecordEnvelope;
import io.zeo.spi.Storage;
import io.zeo.spi.StorageListener;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The README's main job: a storage server on a FileStorage in a temporary directory, and two
 * clients (over a Unix socket and over TCP) that commit, read each other's changes and show the
 * server's invalidations arriving. Run it with {@code ./demo.sh}.
 */
public final class ServerDemo {
  private ServerDemo() {}

  public static void main(String[] args) throws Exception {
    // The library logs connections at INFO; the demo prints its own story instead.
    Logger.getLogger("io.zeo").setLevel(Level.WARNING);
    run(System.out);
  }

  /** Runs the whole demo, printing to {@code out}; removes its temporary directory at the end. */
  public static void run(PrintStream out) throws Exception {
    Path dir = Files.createTempDirectory("zeo-demo");
    try {
      runIn(dir, out);
    } finally {
      deleteTree(dir);
    }
  }

  private static void runIn(Path dir, PrintStream out) throws Exception {
    Path socket = dir.resolve("zeo.sock");
    try (ZeoServer server = ZeoServer.builder()
        .storage("main", Zeo.open("file:" + dir.resolve("main.fs")))
        .listen("unix:" + socket)
        .listen("tcp://127.0.0.1:0")
        .start()) {
      out.println("server listening on " + server.addresses() + ", serving " + server.storageNames());
      String tcp = server.addresses().stream().filter(a -> a.startsWith("tcp:")).findFirst().orElseThrow();

      try (Storage alice = Zeo.open("zeo+unix:" + socket + "?storage=main");
          Storage bob = Zeo.open("zeo+" + tcp + "?storage=main")) {
        BlockingQueue<String> aliceHears = listen(alice);
        BlockingQueue<String> bobHears = listen(bob);

        long note = alice.newOid();
        long t1 = commit(alice, "alice", "create the root and a note", Oid.ROOT, Tid.NONE,
            RecordEnvelope.wrap(new long[] {note}, text("root")), note, Tid.NONE, "buy milk");
        out.println("alice committed " + Tid.describe(t1));
        out.println("bob hears:   " + await(bobHears, t1));
        out.println("bob reads:   \"" + payload(bob.load(note)) + "\"");

        LoadResult seen = bob.load(note);
        long t2 = commit(bob, "bob", "edit the note", note, seen.serial(), "buy milk and bread");
        out.println("bob committed " + Tid.describe(t2));
        out.println("alice hears: " + await(aliceHears, t2));
        out.println("alice reads: \"" + payload(alice.load(note)) + "\"");
        out.println("alice reads as of her own commit: \""
            + payload(alice.loadBefore(note, t1 + 1).orElseThrow().data()) + "\"");
      }
    }
    out.println("server closed; the file storage wrote its index: "
        + Files.exists(dir.resolve("main.fs.index")));
  }

  private static BlockingQueue<String> listen(Storage client) {
    BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    client.addListener(new StorageListener() {
      @Override
      public void invalidate(long tid, Set<Long> oids) {
        StringBuilder s = new StringBuilder("invalidation of ");
        oids.stream().sorted().forEach(o -> s.append(Oid.toString(o)).append(' '));
        heard.add(s + "at " + Tid.toHex(tid));
      }
    });
    return heard;
  }

  /** Waits for the invalidation of {@code tid}; a client also hears of its own commits, skipped here. */
  private static String await(BlockingQueue<String> heard, long tid) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      String next = heard.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (next == null) {
        throw new IllegalStateException("no invalidation for " + Tid.toHex(tid) + " arrived within 10 s");
      }
      if (next.endsWith(Tid.toHex(tid))) {
        return next;
      }
    }
  }

  private static long commit(Storage s, String user, String why, Object... oidSerialData) {
    TransactionMetadata txn = TransactionMetadata.of(user, why);
    s.tpcBegin(txn);
    try {
      for (int i = 0; i < oidSerialData.length; i += 3) {
        Object data = oidSerialData[i + 2];
        byte[] bytes = data instanceof byte[] b ? b : RecordEnvelope.wrap(new long[0], text((String) data));
        s.store((Long) oidSerialData[i], (Long) oidSerialData[i + 1], bytes, txn);
      }
      s.tpcVote(txn);
      return s.tpcFinish(txn);
    } catch (RuntimeException e) {
      s.tpcAbort(txn);
      throw e;
    }
  }

  private static byte[] text(String s) {
    return s.getBytes(UTF_8);
  }

  private static String payload(LoadResult r) {
    return payload(r.data());
  }

  private static String payload(byte[] data) {
    return new String(RecordEnvelope.payloadOf(data), UTF_8);
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
