package io.zeo.cache;

import io.zeo.core.ClientStorage;
import io.zeo.spi.POSKeyError;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Child process of {@link ClientCrashTest}: a {@link ClientStorage} with a persistent cache that
 * commits, loads and loads old revisions in a loop until it is killed. Args: server address,
 * cache path, cache size.
 */
public final class ClientWriter {
  static final int OIDS = 400;
  static final int MAX_DATA = 3000;

  private ClientWriter() {}

  public static void main(String[] args) {
    try (ClientStorage c = ClientStorage.builder().address(args[0]).storage("main").cache("file")
        .cachePath(Path.of(args[1])).cacheSize(Long.parseLong(args[2])).open()) {
      SplittableRandom r = new SplittableRandom(c.lastTransaction());
      System.out.println("open " + Tid.toHex(c.lastTransaction()));
      for (long round = 1; ; round++) {
        TransactionMetadata t = TransactionMetadata.of("writer", "round " + round);
        c.tpcBegin(t);
        for (int i = 1 + r.nextInt(4); i > 0; i--) {
          long oid = r.nextInt(OIDS);
          byte[] data = new byte[r.nextInt(MAX_DATA + 1)];
          r.nextBytes(data);
          c.store(oid, serial(c, oid), data, t);
        }
        c.tpcVote(t);
        long tid = c.tpcFinish(t);
        for (int i = 0; i < 8; i++) {
          long oid = r.nextInt(OIDS);
          try {
            c.load(oid);
            c.loadBefore(oid, tid); // an older revision, with its end
          } catch (POSKeyError e) {
            // not written yet
          }
        }
        if (round % 50 == 0) {
          System.out.println("round " + round);
        }
      }
    }
  }

  private static long serial(ClientStorage c, long oid) {
    try {
      return c.load(oid).serial();
    } catch (POSKeyError e) {
      return Tid.NONE;
    }
  }
}
