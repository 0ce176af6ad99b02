package io.zeo.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.zeo.compression.Lz4CompressionProvider;
import io.zeo.core.internal.wire.FrameChannel;
import io.zeo.core.internal.wire.MessageReader;
import io.zeo.core.internal.wire.MessageWriter;
import io.zeo.core.internal.wire.Wire;
import io.zeo.core.internal.wire.WireError;
import io.zeo.spi.ProtocolError;
import java.io.EOFException;
import java.io.IOException;
import java.util.List;

/**
 * Hostile bytes at the frame decoder and the message reader. Properties: every frame either
 * decodes or raises {@link ProtocolError} (an {@link EOFException} only once the input is used
 * up), nothing the decoder hands out is larger than the negotiated maximum frame size, every
 * read ends (the channel is finite and never returns 0), and a message written by {@link
 * MessageWriter} reads back exactly through the same channel.
 */
class WireFuzzTest {
  /** The decoder's fixed receive buffer (FrameChannel reuses it for frames up to this size). */
  private static final int RECEIVE_BUFFER = 64 * 1024;

  @FuzzTest(maxDuration = "2m")
  void inboundFrames(FuzzedDataProvider data) throws IOException {
    int maxFrameSize = data.consumeInt(16, 200_000);
    boolean compressed = data.consumeBoolean();
    int chunk = data.consumeInt(1, 9000);
    byte[] program = data.consumeBytes(data.consumeInt(0, 64));
    byte[] stream = data.consumeRemainingAsBytes();

    ByteArrayChannel channel = new ByteArrayChannel(stream, chunk);
    FrameChannel frames = new FrameChannel(channel, maxFrameSize);
    if (compressed) {
      frames.setCompression(new Lz4CompressionProvider());
    }
    // Each frame consumes at least 5 bytes, so this bounds the loop whatever the decoder does.
    for (int frame = 0; frame <= stream.length / 5 + 1; frame++) {
      MessageReader r;
      try {
        r = frames.read();
      } catch (ProtocolError expected) {
        return;
      } catch (EOFException e) {
        assertThat(channel.exhausted()).as("EOF before the input ended: %s", e).isTrue();
        return;
      }
      assertThat(r.remaining()).isBetween(0, maxFrameSize - 1);
      if (r.array().length != RECEIVE_BUFFER) {
        assertThat(r.array().length).as("buffer allocated for one frame").isLessThanOrEqualTo(maxFrameSize);
      }
      try {
        interpret(program, r, maxFrameSize);
      } catch (ProtocolError expected) {
        // a malformed message; the next frame is still framed correctly
      }
    }
    throw new AssertionError("more frames decoded than the input can hold");
  }

  /** Reads one message the way the program says: every reader call the protocol code makes. */
  private static void interpret(byte[] program, MessageReader r, int maxFrameSize) {
    for (byte op : program) {
      int before = r.remaining();
      switch (Math.floorMod(op, 13)) {
        case 0 -> r.u8();
        case 1 -> r.u16();
        case 2 -> r.i32();
        case 3 -> r.i64();
        case 4 -> {
          byte[] b = r.bytes();
          if (b != null) {
            assertThat(b.length).isLessThanOrEqualTo(before);
          }
        }
        case 5 -> assertThat(r.string().length()).isLessThanOrEqualTo(before);
        case 6 -> assertThat(r.strings().size()).isLessThanOrEqualTo(before / 4);
        case 7 -> assertThat(r.longs().size()).isLessThanOrEqualTo(before / 8);
        case 8 -> Wire.readInfo(r);
        case 9 -> assertThat(Wire.readMeta(r).extension().size()).isLessThanOrEqualTo(before / 8);
        case 10 -> assertThat(WireError.read(r)).isNotNull();
        case 11 -> r.count(Math.max(1, before));
        default -> r.end();
      }
      assertThat(r.remaining()).isBetween(0, before);
    }
  }

  /** A message written by the sender reads back exactly, compressed or not, in any chunking. */
  @FuzzTest(maxDuration = "2m")
  void writtenMessagesReadBack(FuzzedDataProvider data) throws IOException {
    boolean compressed = data.consumeBoolean();
    int chunk = data.consumeInt(1, 5000);
    byte[] blob = data.consumeBytes(data.consumeInt(0, 3000));
    String text = data.consumeString(200);
    List<String> strings = List.of(data.consumeString(50), data.consumeString(50));
    long value = data.consumeLong();

    MessageWriter w = MessageWriter.start(Wire.CALL, 7, Wire.LOAD).bytes(blob).string(text).strings(strings).i64(value);
    ByteArrayChannel wire = new ByteArrayChannel(new byte[0], 1);
    FrameChannel sender = new FrameChannel(wire, 1 << 20);
    if (compressed) {
      sender.setCompression(new Lz4CompressionProvider());
    }
    sender.write(w);
    ByteArrayChannel in = new ByteArrayChannel(wire.written.toByteArray(), chunk);
    FrameChannel receiver = new FrameChannel(in, 1 << 20);
    if (compressed) {
      receiver.setCompression(new Lz4CompressionProvider());
    }
    MessageReader r = receiver.read();
    assertThat(r.u8()).isEqualTo(Wire.CALL);
    assertThat(r.i32()).isEqualTo(7);
    assertThat(r.u8()).isEqualTo(Wire.LOAD);
    assertThat(r.bytes()).isEqualTo(blob);
    assertThat(r.string()).isEqualTo(text);
    assertThat(r.strings()).isEqualTo(strings);
    assertThat(r.i64()).isEqualTo(value);
    r.end();
  }
}
