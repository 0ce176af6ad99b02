package io.zeo.bench;

import io.zeo.spi.Storage;
import io.zeo.spi.StorageListener;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;

/**
 * The latency probes of one {@link Target}, run in blocks so the driver can interleave them with
 * the other targets' and with the bare baselines (on a shared, noisy machine a ratio of two
 * figures taken minutes apart says little):
 * <ul>
 * <li>tiny commit: one object of the record size, begin to finish, by a client alone on the
 *     storage;</li>
 * <li>invalidation: one client commits one object; the time from the served FileStorage's first
 *     listener ({@link Target#landed()}: the commit is durable and about to be visible, the
 *     server has not sent anything yet) until another client's {@link StorageListener} hears of
 *     it. For {@code direct} both are listeners of the one storage, called inside finish;</li>
 * <li>cold load: one load through a client just opened (empty cache) of an object committed
 *     earlier.</li>
 * </ul>
 */
final class Probes implements AutoCloseable {
  static final int COLD_OBJECTS = 2_000;

  private final Target target;
  private final byte[] data;
  private final Storage tiny;
  private final long tinyOid;
  private long tinySerial = Tid.NONE;
  private final long[] coldOids = new long[COLD_OBJECTS];
  private int nextCold;
  private int heardEarly;

  Probes(Target target, int size) {
    this.target = target;
    this.data = Workloads.payload(size, 7);
    this.tiny = target.client();
    this.tinyOid = tiny.newOid();
    TransactionMetadata m = TransactionMetadata.of("bench", "cold-load objects");
    tiny.tpcBegin(m);
    for (int i = 0; i < COLD_OBJECTS; i++) {
      coldOids[i] = tiny.newOid();
      tiny.store(coldOids[i], Tid.NONE, data, m);
    }
    tiny.tpcVote(m);
    tiny.tpcFinish(m);
  }

  /** Times {@code n} one-object commits. */
  void tinyCommits(int n, Samples out) {
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      TransactionMetadata m = TransactionMetadata.empty();
      tiny.tpcBegin(m);
      tiny.store(tinyOid, tinySerial, data, m);
      tiny.tpcVote(m);
      tinySerial = tiny.tpcFinish(m);
      out.add(System.nanoTime() - t0);
    }
  }

  /** Times {@code n} invalidations through a fresh pair of clients. */
  void invalidations(int n, Samples out) throws InterruptedException {
    Storage committer = target.client();
    Storage other = target.client();
    Heard heard = new Heard();
    other.addListener(heard);
    try {
      long oid = committer.newOid();
      long serial = Tid.NONE;
      for (int i = 0; i < n; i++) {
        TransactionMetadata m = TransactionMetadata.empty();
        committer.tpcBegin(m);
        committer.store(oid, serial, data, m);
        committer.tpcVote(m);
        serial = committer.tpcFinish(m);
        long returned = System.nanoTime();
        long at = heard.await(serial);
        long landed = target.landed().await(serial);
        heardEarly += at <= returned ? 1 : 0;
        out.add(Math.max(0, at - landed));
      }
    } finally {
      other.removeListener(heard);
      target.release(other);
      target.release(committer);
    }
  }

  /** Forgets the warm-up's count of early invalidations. */
  void resetCounts() {
    heardEarly = 0;
  }

  /** How many invalidations were heard before the committer's finish returned. */
  int heardBeforeFinishReturned() {
    return heardEarly;
  }

  /**
   * Times {@code n} loads through a client opened for them (not timed), with an empty cache; a
   * new client takes over whenever the prepared objects run out, so no load is a cache hit.
   */
  void coldLoads(int n, Samples out) {
    Storage s = target.client();
    try {
      for (int i = 0; i < n; i++) {
        if (nextCold == COLD_OBJECTS) {
          nextCold = 0;
          target.release(s);
          s = target.client();
        }
        long oid = coldOids[nextCold++];
        long t0 = System.nanoTime();
        s.load(oid);
        out.add(System.nanoTime() - t0);
      }
    } finally {
      target.release(s);
    }
  }

  @Override
  public void close() {
    target.release(tiny);
  }
}
