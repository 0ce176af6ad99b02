package io.zeo.samples;

import io.zeo.core.ClientStorage;
import io.zeo.core.ProviderRegistry;
import io.zeo.core.Zeo;
import io.zeo.core.ZeoServer;
import io.zeo.spi.LoadResult;
import io.zeo.spi.Oid;
import io.zeo.spi.Storage;
import io.zeo.spi.StorageListener;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A storage server and two clients in one program: a {@link ZeoServer} serves a FileStorage in a
 * temporary directory over TCP (an in-memory storage and the in-process transport when those
 * plugins are not on the class path); clients "alice" and "bob" commit in turn, each reads the
 * other's change, and each prints the invalidation the server pushed to it.
 *
 * <p>Run: {@code mvn -pl samples exec:java -Dexec.mainClass=io.zeo.samples.ServerDemo}
 */
public final class ServerDemo {
  private ServerDemo() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("zeo-demo");
    boolean durable = ProviderRegistry.storages().lookup("file").isPresent();
    String storageUri = durable ? "file:" + dir.resolve("demo.fs") : "memory:";
    String listen = ProviderRegistry.transports().lookup("tcp").isPresent() ? "tcp://127.0.0.1:0" : "inproc:demo";
    try (ZeoServer server = ZeoServer.builder().storage("main", Zeo.open(storageUri)).listen(listen).start();
        ClientStorage alice = open(server);
        ClientStorage bob = open(server)) {
      System.out.println("server: storage \"main\" (" + storageUri + ") at " + server.address());
      BlockingQueue<String> aliceHeard = listen(alice, "alice");
      BlockingQueue<String> bobHeard = listen(bob, "bob");

      long t1 = commit(alice, Tid.NONE, "hello from alice");
      System.out.println("alice committed " + Tid.toHex(t1));
      aliceHeard.clear(); // a client's listeners hear its own commits too; show only the pushed ones
      System.out.println(bobHeard.poll(10, TimeUnit.SECONDS));
      LoadResult seen = bob.load(Oid.ROOT);
      System.out.println("bob reads: \"" + text(seen) + "\" (serial " + Tid.toHex(seen.serial()) + ")");

      long t2 = commit(bob, seen.serial(), "hello back from bob");
      System.out.println("bob committed " + Tid.toHex(t2));
      bobHeard.clear();
      System.out.println(aliceHeard.poll(10, TimeUnit.SECONDS));
      System.out.println("alice reads: \"" + text(alice.load(Oid.ROOT)) + "\"");
      System.out.println("alice's cache: " + alice.cacheStats());
    } finally {
      deleteTree(dir);
    }
  }

  private static ClientStorage open(ZeoServer server) {
    return ClientStorage.builder().address(server.address()).storage("main").open();
  }

  /** Prints what the server pushes to this client (other clients' commits only). */
  private static BlockingQueue<String> listen(Storage client, String who) {
    BlockingQueue<String> heard = new ArrayBlockingQueue<>(16);
    client.addListener((StorageListener) (tid, oids) -> heard.offer(
        who + " received invalidation: transaction " + Tid.toHex(tid) + " changed " + describe(oids)));
    return heard;
  }

  private static String describe(Set<Long> oids) {
    StringBuilder b = new StringBuilder();
    for (long oid : oids) {
      b.append(b.length() == 0 ? "" : ", ").append(Oid.toString(oid));
    }
    return "[" + b + "]";
  }

  private static long commit(Storage s, long serial, String value) {
    TransactionMetadata txn = TransactionMetadata.of("demo", value);
    s.tpcBegin(txn);
    try {
      s.store(Oid.ROOT, serial, value.getBytes(StandardCharsets.UTF_8), txn);
      s.tpcVote(txn);
      return s.tpcFinish(txn);
    } catch (RuntimeException e) {
      s.tpcAbort(txn);
      throw e;
    }
  }

  private static String text(LoadResult r) {
    return new String(r.data(), StandardCharsets.UTF_8);
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
