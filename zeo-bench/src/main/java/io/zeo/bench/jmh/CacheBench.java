package io.zeo.bench.jmh;

import io.zeo.core.internal.client.MemoryCache;
import io.zeo.spi.LoadResult;
import io.zeo.spi.Revision;
import io.zeo.spi.Tid;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The client cache lookup a {@code ClientStorage} does before every load: zeo-core's
 * in-memory {@link MemoryCache}, filled with {@code objects} records of 300 bytes, read as
 * current ({@code load}) and as of a snapshot ({@code loadBefore}), from one thread and two.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CacheBench {
  @Param({"10000", "100000"})
  int objects;

  private MemoryCache cache;
  private long tid;

  @Setup(Level.Trial)
  public void setUp() {
    cache = new MemoryCache(1L << 30);
    tid = 0x03f0_0000_0000_0000L;
    byte[] data = new byte[300];
    for (int i = 0; i < objects; i++) {
      cache.store(i, tid, Tid.NONE, data);
    }
    cache.setLastTid(tid);
  }

  /** Per-thread position in the oid space, so threads do not read one oid in step. */
  @State(Scope.Thread)
  public static class Cursor {
    long next = (long) (Math.random() * 1000);
  }

  @Benchmark
  public Optional<LoadResult> load(Cursor c) {
    return cache.load(c.next++ % objects);
  }

  @Benchmark
  public Optional<Revision> loadBefore(Cursor c) {
    return cache.loadBefore(c.next++ % objects, tid + 1);
  }

  @Benchmark
  public Optional<LoadResult> miss(Cursor c) {
    return cache.load(objects + c.next++);
  }

  @Benchmark
  @Threads(2)
  public Optional<LoadResult> loadTwoThreads(Cursor c) {
    return cache.load(c.next++ % objects);
  }
}
