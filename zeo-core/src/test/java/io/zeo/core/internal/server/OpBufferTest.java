package io.zeo.core.internal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeo.core.internal.wire.MessageWriter;
import java.io.EOFException;
import org.junit.jupiter.api.Test;

class OpBufferTest {
  /** 200 operations of a long, an int, a char and 300 data bytes each, as one client batch. */
  private static MessageWriter ops() {
    MessageWriter w = new MessageWriter();
    for (int i = 0; i < 200; i++) {
      w.u8(7).i64(0x0102030405060708L * i).i32(-i).u16(0xfedc - i);
      byte[] data = new byte[300];
      data[0] = (byte) i;
      data[299] = (byte) -i;
      w.raw(data, 0, data.length);
    }
    return w;
  }

  private static void readBack(OpBuffer.Reader r) throws Exception {
    for (int i = 0; i < 200; i++) {
      assertThat(r.next()).isEqualTo(7);
      assertThat(r.readLong()).isEqualTo(0x0102030405060708L * i);
      assertThat(r.readInt()).isEqualTo(-i);
      assertThat(r.readChar()).isEqualTo((char) (0xfedc - i));
      byte[] data = new byte[300];
      r.readFully(data);
      assertThat(data[0]).isEqualTo((byte) i);
      assertThat(data[299]).isEqualTo((byte) -i);
    }
    assertThat(r.next()).isEqualTo(-1);
  }

  @Test
  void readsBackWhatWasAppendedInMemory() throws Exception {
    MessageWriter w = ops();
    try (OpBuffer b = new OpBuffer(1 << 20)) {
      b.append(w.array(), MessageWriter.HEADER, w.bodyLength());
      assertThat(b.spilled()).isFalse();
      try (OpBuffer.Reader r = b.open()) {
        readBack(r);
      }
    }
  }

  @Test
  void readsBackWhatWasSpilledAcrossItsWindow() throws Exception {
    MessageWriter w = ops();
    try (OpBuffer b = new OpBuffer(1000)) {
      // appended in odd pieces, so fields straddle appends and the reader's refills
      for (int off = 0; off < w.bodyLength(); off += 997) {
        b.append(w.array(), MessageWriter.HEADER + off, Math.min(997, w.bodyLength() - off));
      }
      assertThat(b.spilled()).isTrue();
      try (OpBuffer.Reader r = b.open()) {
        readBack(r);
      }
    }
  }

  @Test
  void aTruncatedOperationIsAnEofNotGarbage() throws Exception {
    OpBuffer.Reader r = new OpBuffer.Reader(new byte[] {7, 0, 0, 1}, 0, 4, null, 4);
    assertThat(r.next()).isEqualTo(7);
    assertThatThrownBy(r::readInt).isInstanceOf(EOFException.class);
    assertThatThrownBy(() -> r.readFully(new byte[5])).isInstanceOf(EOFException.class);
  }

  @Test
  void aDeclaredLengthLongerThanWhatIsLeftIsRefusedBeforeAllocating() throws Exception {
    OpBuffer.Reader r = new OpBuffer.Reader(new byte[] {0, 0, 0, 3, 1, 2, 3}, 0, 7, null, 7);
    assertThat(r.readInt()).isEqualTo(3);
    r.expect(3);
    assertThatThrownBy(() -> r.expect(16 * 1024 * 1024)).isInstanceOf(EOFException.class)
        .hasMessageContaining("exceeds the 3 bytes left");
  }
}
