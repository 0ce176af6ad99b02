package io.zeo.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeo.spi.ConflictError;
import io.zeo.spi.HistoryEntry;
import io.zeo.spi.Oid;
import io.zeo.spi.POSKeyError;
import io.zeo.spi.ReadConflictError;
import io.zeo.spi.RecordEnvelope;
import io.zeo.spi.Revision;
import io.zeo.spi.Storage;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import io.zeo.spi.TransactionRecord;
import io.zeo.spi.UndoError;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Random operation sequences checked step by step against {@link ReferenceModel}. A failure
 * names its seed; rerun it with {@code -Dzeo.tck.seed=<seed>}.
 */
public interface RandomizedScenarios extends StorageScenarios {

  /** Operations per randomized run; override for a longer soak. */
  default int randomizedSteps() {
    return Boolean.getBoolean("zeo.soak") ? 5_000 : 250;
  }

  @Test
  default void randomOperationsMatchTheReferenceModelWithFixedSeeds() {
    for (long seed : new long[] {1, 2, 3}) {
      try (Storage s = tck().freshStorage()) {
        new RandomRun(s, tck(), seed).run(randomizedSteps());
      }
    }
  }

  @Test
  default void randomOperationsMatchTheReferenceModelWithAFreshSeed() {
    String given = System.getProperty("zeo.tck.seed");
    long seed = given != null ? Long.parseLong(given) : new Random().nextLong();
    new RandomRun(storage(), tck(), seed).run(randomizedSteps());
  }

  /** One seeded run. */
  final class RandomRun {
    private final Storage s;
    private final TckFixture tck;
    private final long seed;
    private final Random random;
    /** The last operations, for the failure message. */
    private final ArrayDeque<String> recent = new ArrayDeque<>();
    /** Oids pack removed entirely: a caching client may still serve them until the end. */
    private final Set<Long> packedAway = new HashSet<>();
    private final ReferenceModel model = new ReferenceModel();
    /** Every oid ever written, including those pack removed (they must stay gone). */
    private final List<Long> everWritten = new ArrayList<>();
    private int step;

    RandomRun(Storage s, TckFixture tck, long seed) {
      this.s = s;
      this.tck = tck;
      this.seed = seed;
      this.random = new Random(seed);
    }

    void run(int steps) {
      try {
        for (step = 0; step < steps; step++) {
          operate();
          verifySome();
        }
        verifyAll();
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError("randomized scenario failed with seed " + seed + " at step " + step
            + " (rerun with -Dzeo.tck.seed=" + seed + "): " + e.getMessage() + "\nlast operations: "
            + String.join("; ", recent), e);
      }
    }

    private void operate() {
      int op = random.nextInt(100);
      List<Long> live = model.oids().stream().filter(model::exists).toList();
      if (op < 25 || live.isEmpty()) {
        Map<Long, ReferenceModel.Write> writes = new LinkedHashMap<>();
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
          writes.put(model.oids().contains(Oid.ROOT) ? s.newOid() : Oid.ROOT, new ReferenceModel.Write(data(), Tid.NONE));
        }
        commitWrites(writes, Tid.NONE);
      } else if (op < 55) {
        Map<Long, ReferenceModel.Write> writes = new LinkedHashMap<>();
        int n = 1 + random.nextInt(Math.min(3, live.size()));
        for (int i = 0; i < n; i++) {
          writes.put(pick(live), new ReferenceModel.Write(data(), Tid.NONE));
        }
        commitWrites(writes, Tid.NONE);
      } else if (op < 65) {
        staleWrite(live);
      } else if (op < 72) {
        readConflict(live);
      } else if (op < 80) {
        abort(live);
      } else if (op < 92 && tck.capabilities().undo() && !model.log().isEmpty()) {
        undo();
      } else if (op < 96 && tck.capabilities().pack() && !model.log().isEmpty()) {
        pack();
      } else {
        commitWrites(new LinkedHashMap<>(), Tid.NONE);
      }
    }

    private void note(String op) {
      if (recent.size() == 12) {
        recent.removeFirst();
      }
      recent.addLast(step + ": " + op);
    }

    private void commitWrites(Map<Long, ReferenceModel.Write> writes, long undone) {
      note("commit " + writes.keySet().stream().map(Oid::toString).toList());
      long tid = TckOps.commit(s, TransactionMetadata.of("random", "step " + step), t -> {
        for (Map.Entry<Long, ReferenceModel.Write> w : writes.entrySet()) {
          s.store(w.getKey(), model.currentSerial(w.getKey()), w.getValue().data(), t);
        }
      });
      model.commit(tid, writes);
      writes.keySet().stream().filter(o -> !everWritten.contains(o)).forEach(everWritten::add);
      packedAway.removeAll(writes.keySet());
    }

    private void staleWrite(List<Long> live) {
      List<Long> candidates = live.stream().filter(o -> model.revisions(o).size() > 1).toList();
      if (candidates.isEmpty()) {
        return;
      }
      long oid = pick(candidates);
      List<ReferenceModel.Rev> revs = model.revisions(oid);
      long stale = revs.get(random.nextInt(revs.size() - 1)).tid();
      note("stale store " + Oid.toString(oid));
      ConflictError e = TckOps.failsAtStoreOrVote(ConflictError.class, s, t -> s.store(oid, stale, data(), t));
      assertThat(e.oid()).isEqualTo(oid);
      assertThat(e.committedSerial()).isEqualTo(model.currentSerial(oid));
    }

    private void readConflict(List<Long> live) {
      List<Long> candidates = live.stream().filter(o -> model.revisions(o).size() > 1).toList();
      if (candidates.isEmpty()) {
        return;
      }
      long oid = pick(candidates);
      long stale = model.revisions(oid).get(0).tid();
      long other = s.newOid();
      note("read conflict " + Oid.toString(oid));
      ReadConflictError e = TckOps.failsAtStoreOrVote(ReadConflictError.class, s, t -> {
        s.store(other, Tid.NONE, data(), t);
        s.checkCurrentSerial(oid, stale, t);
      });
      assertThat(e.oid()).isEqualTo(oid);
    }

    private void abort(List<Long> live) {
      note("abort");
      TransactionMetadata t = TransactionMetadata.of("random", "aborted");
      s.tpcBegin(t);
      long oid = pick(live);
      s.store(oid, model.currentSerial(oid), data(), t);
      if (random.nextBoolean()) {
        s.tpcVote(t);
      }
      s.tpcAbort(t);
    }

    private void pack() {
      List<ReferenceModel.Txn> log = model.log();
      // mostly recent tids, so that packs keep finding something to drop
      long p = log.get(Math.max(0, log.size() - 1 - random.nextInt(Math.min(10, log.size())))).tid();
      note("pack " + Tid.toHex(p));
      s.pack(p, RecordEnvelope.REFERENCES);
      model.pack(p);
      everWritten.stream().filter(o -> model.revisions(o).isEmpty()).forEach(packedAway::add);
    }

    private void undo() {
      long undone = model.log().get(random.nextInt(model.log().size())).tid();
      ReferenceModel.UndoOutcome outcome = model.undoOutcome(undone);
      note("undo " + Tid.toHex(undone) + " " + outcome);
      if (outcome == ReferenceModel.UndoOutcome.UNSPECIFIED) {
        return;
      }
      Map<Long, ReferenceModel.Write> expected =
          outcome == ReferenceModel.UndoOutcome.SUCCEEDS ? model.planUndo(undone) : null;
      TransactionMetadata t = TransactionMetadata.of("random", "undo " + Tid.toHex(undone));
      s.tpcBegin(t);
      try {
        Set<Long> oids = s.undo(undone, t);
        s.tpcVote(t);
        assertThat(expected).as("undo of %s succeeded but the model expects UndoError", Tid.toHex(undone))
            .isNotNull();
        assertThat(oids).containsExactlyInAnyOrderElementsOf(expected.keySet());
      } catch (UndoError e) {
        s.tpcAbort(t);
        assertThat(expected).as("undo of %s failed (%s) but the model expects success", Tid.toHex(undone),
            e.getMessage()).isNull();
        return;
      }
      model.commit(s.tpcFinish(t), expected);
    }

    private void verifySome() {
      assertThat(s.lastTransaction()).as("lastTransaction").isEqualTo(model.last());
      if (everWritten.isEmpty()) {
        return;
      }
      long oid = pick(everWritten);
      if (packedAway.contains(oid)) {
        return;
      }
      verifyLoad(oid);
      List<ReferenceModel.Txn> log = model.log();
      long snapshot = log.isEmpty() ? model.last() : log.get(random.nextInt(log.size())).tid();
      if (isSnapshotAfterPack(snapshot)) {
        verifyLoadBefore(oid, snapshot + 1);
      }
      List<ReferenceModel.Rev> revs = model.revisions(oid);
      if (revs.isEmpty()) {
        return;
      }
      ReferenceModel.Rev r = revs.get(random.nextInt(revs.size()));
      if (r.data() != null) {
        assertThat(s.loadSerial(oid, r.tid())).as("loadSerial(%s, %s)", Oid.toString(oid), Tid.toHex(r.tid()))
            .isEqualTo(r.data());
      }
      if (tck.capabilities().history()) {
        // what history lists at or before a pack tid is the storage's business
        List<Long> expected = new ArrayList<>();
        for (int i = revs.size() - 1; i >= 0 && expected.size() < 5; i--) {
          if (Long.compareUnsigned(revs.get(i).tid(), model.packedUpTo()) > 0) {
            expected.add(revs.get(i).tid());
          }
        }
        List<Long> actual = s.history(oid, 5).stream().map(HistoryEntry::tid).toList();
        assertThat(actual.subList(0, Math.min(actual.size(), expected.size()))).as("history(%s)", Oid.toString(oid))
            .containsExactlyElementsOf(expected);
      }
    }

    /** Snapshots older than the last pack are not specified: pack dropped what they read. */
    private boolean isSnapshotAfterPack(long snapshot) {
      return Long.compareUnsigned(snapshot, model.packedUpTo()) >= 0;
    }

    private void verifyLoad(long oid) {
      if (model.exists(oid)) {
        assertThat(s.load(oid)).as("load(%s)", Oid.toString(oid))
            .isEqualTo(new io.zeo.spi.LoadResult(model.current(oid).data(), model.currentSerial(oid)));
      } else {
        org.junit.jupiter.api.Assertions.assertThrows(POSKeyError.class, () -> s.load(oid),
            "load of " + Oid.toString(oid) + " must raise POSKeyError");
      }
    }

    private void verifyLoadBefore(long oid, long tid) {
      if (model.loadBeforeIsUnspecified(oid, tid)) {
        return;
      }
      Optional<Revision> expected = model.loadBefore(oid, tid);
      if (expected == null) {
        org.junit.jupiter.api.Assertions.assertThrows(POSKeyError.class, () -> s.loadBefore(oid, tid),
            "loadBefore of " + Oid.toString(oid) + ", which does not exist there, must raise POSKeyError");
        return;
      }
      assertThat(s.loadBefore(oid, tid)).as("loadBefore(%s, %s)", Oid.toString(oid), Tid.toHex(tid))
          .isEqualTo(expected);
    }

    private void verifyAll() {
      Storage fresh = tck.secondHandleOf(s);
      TckOps.awaitLastTransaction(fresh, model.last());
      for (long oid : packedAway) {
        org.junit.jupiter.api.Assertions.assertThrows(POSKeyError.class, () -> fresh.load(oid),
            "load of " + Oid.toString(oid) + ", which pack removed, through a new client");
      }
      for (long oid : everWritten) {
        if (packedAway.contains(oid)) {
          continue;
        }
        verifyLoad(oid);
        for (ReferenceModel.Txn t : model.log()) {
          if (isSnapshotAfterPack(t.tid())) {
            verifyLoadBefore(oid, t.tid() + 1);
          }
        }
      }
      // transactions at or before the last pack tid are the storage's business
      long from = model.packedUpTo() == Tid.NONE ? Tid.NONE : model.packedUpTo() + 1;
      List<TransactionRecord> actual = TckOps.transactions(s, from, -1L);
      List<ReferenceModel.Txn> expectedLog = model.log().stream()
          .filter(t -> Long.compareUnsigned(t.tid(), from) >= 0).toList();
      assertThat(actual).extracting(TransactionRecord::tid)
          .containsExactlyElementsOf(expectedLog.stream().map(ReferenceModel.Txn::tid).toList());
      for (int i = 0; i < actual.size(); i++) {
        Map<Long, byte[]> expected = expectedLog.get(i).writes();
        assertThat(actual.get(i).records()).extracting(io.zeo.spi.DataRecord::oid)
            .containsExactlyInAnyOrderElementsOf(expected.keySet());
        actual.get(i).records().forEach(r -> assertThat(r.data()).isEqualTo(expected.get(r.oid())));
      }
    }

    /** Random payload in an envelope referring to up to two known objects (pack follows them). */
    private byte[] data() {
      byte[] b = new byte[random.nextInt(40)];
      random.nextBytes(b);
      List<Long> known = model.oids();
      long[] refs = new long[known.isEmpty() ? 0 : random.nextInt(3)];
      for (int i = 0; i < refs.length; i++) {
        refs[i] = pick(known);
      }
      return RecordEnvelope.wrap(refs, b);
    }

    private <T> T pick(List<T> list) {
      return list.get(random.nextInt(list.size()));
    }
  }
}
