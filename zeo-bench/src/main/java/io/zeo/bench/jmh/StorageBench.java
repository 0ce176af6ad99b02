package io.zeo.bench.jmh;

import io.zeo.core.MemoryStorage;
import io.zeo.spi.LoadResult;
import io.zeo.spi.Storage;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import io.zeo.storage.file.FileStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * MemoryStorage and FileStorage in process: a commit of {@code objects} records of 300 bytes
 * (FileStorage forces the file at finish, so its commit is bounded by the disk), and a load of
 * one of 10,000 committed objects. The file lives under {@code java.io.tmpdir}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StorageBench {
  private static final int LOADED = 10_000;

  @Param({"memory", "file"})
  String kind;

  @Param({"1", "1000"})
  int objects;

  private Path dir;
  private Storage storage;
  private final byte[] data = new byte[300];
  private long[] oids;
  private long[] serials;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    if (kind.equals("memory")) {
      storage = MemoryStorage.create();
    } else {
      dir = Files.createTempDirectory("zeo-jmh-");
      storage = FileStorage.open(dir.resolve("data.fs"));
    }
    oids = new long[Math.max(objects, LOADED)];
    serials = new long[oids.length];
    TransactionMetadata m = TransactionMetadata.empty();
    storage.tpcBegin(m);
    for (int i = 0; i < oids.length; i++) {
      oids[i] = storage.newOid();
      storage.store(oids[i], Tid.NONE, data, m);
    }
    storage.tpcVote(m);
    long tid = storage.tpcFinish(m);
    java.util.Arrays.fill(serials, tid);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    storage.close();
    if (dir != null) {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** Rewrites {@code objects} existing objects in one transaction. */
  @Benchmark
  public long commit() {
    TransactionMetadata m = TransactionMetadata.empty();
    storage.tpcBegin(m);
    for (int i = 0; i < objects; i++) {
      storage.store(oids[i], serials[i], data, m);
    }
    storage.tpcVote(m);
    long tid = storage.tpcFinish(m);
    java.util.Arrays.fill(serials, 0, objects, tid);
    return tid;
  }

  /** Loads the current revision of one object. */
  @Benchmark
  public LoadResult load() {
    int i = next++;
    if (next == LOADED) {
      next = 0;
    }
    return storage.load(oids[i]);
  }
}
