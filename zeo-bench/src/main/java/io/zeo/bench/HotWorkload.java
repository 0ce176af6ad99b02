package io.zeo.bench;

import io.zeo.db.Connection;
import io.zeo.db.DB;
import io.zeo.spi.Storage;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code hot} workload: reads of objects already in zeo-db's {@link Connection} cache (the
 * object layer; no storage call at all). Each client creates its objects through its own
 * connection ({@code txns} commits of {@code objects}), reads them once, and the clock runs
 * over {@code passes} further reads of every one.
 */
final class HotWorkload {
  private final Target target;
  private final int objects;
  private final int size;
  private final int txns;
  private final int passes;

  HotWorkload(Target target, int objects, int size, int txns, int passes) {
    this.target = target;
    this.objects = objects;
    this.size = size;
    this.txns = txns;
    this.passes = passes;
  }

  /** Objects read per second over {@code clients} concurrent connections. */
  double run(int clients) {
    int perClient = objects * txns;
    List<DB> dbs = new ArrayList<>();
    List<Connection> conns = new ArrayList<>();
    try {
      // direct: one DB on the shared storage (a DB owns its storage's listener and resolver);
      // otherwise one DB per client storage, as separate processes would have.
      for (int c = 0; c < clients; c++) {
        if (c == 0 || !target.isDirect()) {
          Storage s = target.client();
          dbs.add(DB.builder(s).allowPackage("io.zeo.bench").cacheSize(perClient + 100).open());
        }
        conns.add(dbs.get(dbs.size() - 1).open());
      }
      long[][] oids = new long[clients][perClient];
      Parallel.run(clients, c -> {
        Connection conn = conns.get(c);
        byte[] data = Workloads.payload(size, 100 + c);
        for (int t = 0; t < txns; t++) {
          for (int i = 0; i < objects; i++) {
            BenchObject o = new BenchObject(data);
            conn.add(o);
            oids[c][t * objects + i] = o.persistentOid();
          }
          conn.commit();
        }
        readAll(conn, oids[c]);
      });
      long nanos = Parallel.run(clients, c -> {
        for (int p = 0; p < passes; p++) {
          readAll(conns.get(c), oids[c]);
        }
      });
      return Workloads.rate((long) clients * perClient * passes, nanos);
    } finally {
      conns.forEach(Connection::close);
      if (target.isDirect()) {
        // the direct storage belongs to the target: leave it (and its DB's listener) open
      } else {
        dbs.forEach(DB::close);
      }
    }
  }

  private static long readAll(Connection conn, long[] oids) {
    long bytes = 0;
    for (long oid : oids) {
      bytes += ((BenchObject) conn.get(oid)).payload().length;
    }
    return bytes;
  }
}
