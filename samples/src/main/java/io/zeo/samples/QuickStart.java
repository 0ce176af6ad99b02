package io.zeo.samples;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.zeo.core.Zeo;
import io.zeo.spi.HistoryEntry;
import io.zeo.spi.LoadResult;
import io.zeo.spi.Oid;
import io.zeo.spi.RecordEnvelope;
import io.zeo.spi.Storage;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import java.io.PrintStream;

/**
 * The quick start: open an in-memory storage, commit twice, read back, show the history.
 * Run it with {@code mvn -pl samples exec:java} (see the README).
 */
public final class QuickStart {
  private QuickStart() {}

  public static void main(String[] args) {
    run(System.out);
  }

  /** Does the whole tour, printing to {@code out}. */
  public static void run(PrintStream out) {
    try (Storage storage = Zeo.open("memory:?name=quickstart")) {
      // 1. A first transaction creates the root (oid 0) and one object it refers to.
      long greeting = storage.newOid();
      TransactionMetadata first = TransactionMetadata.of("alice", "create the greeting");
      storage.tpcBegin(first);
      storage.store(Oid.ROOT, Tid.NONE, RecordEnvelope.wrap(new long[] {greeting}, bytes("root")), first);
      storage.store(greeting, Tid.NONE, RecordEnvelope.wrap(new long[0], bytes("Hello, world")), first);
      storage.tpcVote(first);
      long t1 = storage.tpcFinish(first);
      out.println("committed " + Tid.describe(t1));

      // 2. A second transaction changes the object, naming the revision it started from.
      LoadResult current = storage.load(greeting);
      TransactionMetadata second = TransactionMetadata.of("bob", "make it friendlier");
      storage.tpcBegin(second);
      storage.store(greeting, current.serial(), RecordEnvelope.wrap(new long[0], bytes("Hello, ZEO")), second);
      storage.tpcVote(second);
      long t2 = storage.tpcFinish(second);
      out.println("committed " + Tid.describe(t2));

      // 3. Read back: the current revision, and the one a snapshot at t1 sees.
      out.println("now:      " + text(storage.load(greeting).data()));
      out.println("as of t1: " + text(storage.loadBefore(greeting, t1 + 1).orElseThrow().data()));

      // 4. History, newest first.
      out.println("history of " + Oid.toString(greeting) + ":");
      for (HistoryEntry h : storage.history(greeting, 10)) {
        out.printf("  %s  %-6s %-22s %d bytes%n", Tid.toHex(h.tid()), h.user(), h.description(), h.size());
      }
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  private static String text(byte[] record) {
    return new String(RecordEnvelope.payloadOf(record), UTF_8);
  }
}
