package io.zeo.bench.jmh;

import io.zeo.core.ProviderRegistry;
import io.zeo.core.internal.wire.FrameChannel;
import io.zeo.core.internal.wire.MessageReader;
import io.zeo.core.internal.wire.MessageWriter;
import io.zeo.core.internal.wire.Wire;
import io.zeo.spi.TransportChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Random;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The wire's codec and framing (zeo-core's {@code io.zeo.core.internal.wire}): a one-way
 * {@code TXN_OPS} message carrying {@code records} stores of {@code size} bytes, encoded with
 * {@link MessageWriter} + {@link FrameChannel#encode}, and decoded back with
 * {@link FrameChannel#read} + {@link MessageReader}, with and without lz4 compression.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameCodecBench {
  @Param({"1", "100"})
  int records;

  @Param({"300"})
  int size;

  @Param({"none", "lz4"})
  String compression;

  private byte[] data;
  private FrameChannel encoder;
  private ReplayChannel replay;
  private FrameChannel decoder;

  @Setup(Level.Trial)
  public void setUp() {
    data = new byte[size];
    // half random, half repeated: records compress about as real marshalled objects do
    new Random(1).nextBytes(data);
    for (int i = size / 2; i < size; i++) {
      data[i] = (byte) (i % 7);
    }
    encoder = new FrameChannel(new ReplayChannel(new byte[0]), 64 << 20);
    ByteBuffer frame = encoder.encode(message());
    if (!compression.equals("none")) {
      encoder.setCompression(ProviderRegistry.compressions().get(compression));
      frame = encoder.encode(message());
    }
    byte[] bytes = new byte[frame.remaining()];
    frame.get(bytes);
    replay = new ReplayChannel(bytes);
    decoder = new FrameChannel(replay, 64 << 20);
    if (!compression.equals("none")) {
      decoder.setCompression(ProviderRegistry.compressions().get(compression));
    }
  }

  private MessageWriter message() {
    MessageWriter w = MessageWriter.start(Wire.ONEWAY, 0, Wire.TXN_OPS);
    w.i32(7);
    for (int i = 0; i < records; i++) {
      w.u8(Wire.OP_STORE).i64(1000 + i).i64(0x03f0_0000_0000_0000L + i).bytes(data);
    }
    return w;
  }

  /** Builds and frames one message: what a client does for each batch of stores. */
  @Benchmark
  public ByteBuffer encode() {
    return encoder.encode(message());
  }

  /** Reads one frame and decodes every store in it: what the server's reader does. */
  @Benchmark
  public long decode() throws IOException {
    replay.rewind();
    MessageReader r = decoder.read();
    long sum = r.u8() + r.i32() + r.u8();
    for (int i = 0; i < records; i++) {
      sum += r.u8() + r.i64() + r.i64();
      sum += r.bytes().length;
    }
    r.end();
    return sum;
  }

  /** A channel that serves the same bytes again after each {@link #rewind}. */
  static final class ReplayChannel implements TransportChannel {
    private final byte[] bytes;
    private int pos;

    ReplayChannel(byte[] bytes) {
      this.bytes = bytes;
    }

    void rewind() {
      pos = 0;
    }

    @Override
    public int read(ByteBuffer dst) {
      if (pos == bytes.length) {
        return -1;
      }
      int n = Math.min(dst.remaining(), bytes.length - pos);
      dst.put(bytes, pos, n);
      pos += n;
      return n;
    }

    @Override
    public int write(ByteBuffer src) {
      int n = src.remaining();
      src.position(src.limit());
      return n;
    }

    @Override
    public String peer() {
      return "replay";
    }

    @Override
    public void shutdownOutput() {}

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }
}
