package io.zeo.bench;

import io.zeo.spi.Storage;
import io.zeo.spi.StorageListener;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The storage-level workloads, after zodbshootout: every client commits {@code txns}
 * transactions of {@code objects} records of {@code size} bytes (add), rewrites them (update),
 * loads them through a fresh client with an empty cache (cold) and loads them again through
 * that same client (warm). Connections are opened before the clock starts.
 */
final class Workloads {
  /** Figures of one round of add/update/cold/warm with a given number of clients. */
  record Round(double addRate, double updateRate, double coldRate, double warmRate, Samples coldLoads) {}

  private final Target target;
  private final int objects;
  private final int size;
  private final int txns;

  Workloads(Target target, int objects, int size, int txns) {
    this.target = target;
    this.objects = objects;
    this.size = size;
    this.txns = txns;
  }

  static byte[] payload(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Runs add, update, cold and warm with {@code clients} concurrent clients. */
  Round round(int clients) {
    List<Storage> writers = open(clients);
    long[][] oids = new long[clients][objects * txns];
    long[][] serials = new long[clients][txns];
    double add;
    double update;
    try {
      long perClient = (long) objects * txns;
      long addNanos = Parallel.run(clients, c -> {
        Storage s = writers.get(c);
        byte[] data = payload(size, c);
        for (int t = 0; t < txns; t++) {
          TransactionMetadata m = TransactionMetadata.of("bench", "add");
          s.tpcBegin(m);
          for (int i = 0; i < objects; i++) {
            long oid = s.newOid();
            oids[c][t * objects + i] = oid;
            s.store(oid, Tid.NONE, data, m);
          }
          s.tpcVote(m);
          serials[c][t] = s.tpcFinish(m);
        }
      });
      add = rate(clients * perClient, addNanos);
      long updateNanos = Parallel.run(clients, c -> {
        Storage s = writers.get(c);
        byte[] data = payload(size, 1000 + c);
        for (int t = 0; t < txns; t++) {
          TransactionMetadata m = TransactionMetadata.of("bench", "update");
          s.tpcBegin(m);
          for (int i = 0; i < objects; i++) {
            s.store(oids[c][t * objects + i], serials[c][t], data, m);
          }
          s.tpcVote(m);
          serials[c][t] = s.tpcFinish(m);
        }
      });
      update = rate(clients * perClient, updateNanos);
    } finally {
      writers.forEach(target::release);
    }
    List<Storage> readers = open(clients);
    try {
      Samples coldLoads = new Samples(objects * txns);
      long coldNanos = Parallel.run(clients, c -> {
        Storage s = readers.get(c);
        for (long oid : oids[c]) {
          long t0 = System.nanoTime();
          s.load(oid);
          if (c == 0) {
            coldLoads.add(System.nanoTime() - t0);
          }
        }
      });
      long warmNanos = Parallel.run(clients, c -> {
        Storage s = readers.get(c);
        for (long oid : oids[c]) {
          s.load(oid);
        }
      });
      long total = (long) clients * objects * txns;
      return new Round(add, update, rate(total, coldNanos), rate(total, warmNanos), coldLoads);
    } finally {
      readers.forEach(target::release);
    }
  }

  /** Commits of one object of {@code size} bytes, one after another; each commit's time. */
  Samples tinyCommits(int reps) {
    Storage s = target.client();
    try {
      byte[] data = payload(size, 7);
      long oid = s.newOid();
      long serial = Tid.NONE;
      Samples out = new Samples(reps);
      int warmup = Math.max(5, reps / 10);
      for (int i = 0; i < warmup + reps; i++) {
        long t0 = System.nanoTime();
        TransactionMetadata m = TransactionMetadata.empty();
        s.tpcBegin(m);
        s.store(oid, serial, data, m);
        s.tpcVote(m);
        serial = s.tpcFinish(m);
        long t = System.nanoTime() - t0;
        if (i >= warmup) {
          out.add(t);
        }
      }
      return out;
    } finally {
      target.release(s);
    }
  }

  /**
   * How long after a commit landed in the storage another client hears of it.
   *
   * @param latency from the served storage's own listener (the commit is durable and about to
   *     become visible on the server) to the other client's listener
   * @param heardBeforeFinishReturned how often the other client heard before the committer's
   *     finish call returned
   */
  record Invalidation(Samples latency, int heardBeforeFinishReturned) {}

  /**
   * One client commits one object at a time; the served FileStorage's first listener (see
   * {@link Target#landed()}) and another client's {@link StorageListener} note when they hear of
   * each commit. For {@code direct} both are the same storage's listeners, called inside finish
   * one after the other.
   */
  Invalidation invalidations(int reps) throws InterruptedException {
    Storage committer = target.client();
    Storage other = target.client();
    Heard landed = target.landed();
    Heard heard = new Heard();
    other.addListener(heard);
    try {
      byte[] data = payload(size, 9);
      long oid = committer.newOid();
      long serial = Tid.NONE;
      Samples out = new Samples(reps);
      int early = 0;
      int warmup = Math.max(5, reps / 10);
      for (int i = 0; i < warmup + reps; i++) {
        TransactionMetadata m = TransactionMetadata.empty();
        committer.tpcBegin(m);
        committer.store(oid, serial, data, m);
        committer.tpcVote(m);
        serial = committer.tpcFinish(m);
        long returned = System.nanoTime();
        long at = heard.await(serial);
        long start = landed.await(serial);
        if (i >= warmup) {
          early += at <= returned ? 1 : 0;
          out.add(Math.max(0, at - start));
        }
      }
      return new Invalidation(out, early);
    } finally {
      other.removeListener(heard);
      target.release(other);
      target.release(committer);
    }
  }

  private List<Storage> open(int clients) {
    List<Storage> out = new ArrayList<>();
    try {
      for (int i = 0; i < clients; i++) {
        out.add(target.client());
      }
    } catch (RuntimeException e) {
      out.forEach(target::release);
      throw e;
    }
    return out;
  }

  static double rate(long count, long nanos) {
    return count / (nanos / 1e9);
  }
}
