package io.zeo.spi;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordEnvelopeTest {

  private static List<Long> found(ReferenceFinder finder, byte[] data) {
    List<Long> out = new ArrayList<>();
    finder.findReferences(data, out::add);
    return out;
  }

  @Test
  void wrapsReferencesAndPayload() {
    byte[] payload = "hello".getBytes(UTF_8);
    byte[] rec = RecordEnvelope.wrap(new long[] {0, 7, -1L, 0x0102030405060708L}, payload);
    assertThat(rec).hasSize(RecordEnvelope.HEADER_SIZE + 4 * 8 + payload.length);
    assertThat(RecordEnvelope.hasEnvelope(rec)).isTrue();
    assertThat(RecordEnvelope.referencesOf(rec)).containsExactly(0, 7, -1L, 0x0102030405060708L);
    assertThat(RecordEnvelope.payloadOf(rec)).isEqualTo(payload);
    assertThat(RecordEnvelope.payloadOffset(rec)).isEqualTo(RecordEnvelope.HEADER_SIZE + 32);
    assertThat(found(RecordEnvelope.REFERENCES, rec)).containsExactly(0L, 7L, -1L, 0x0102030405060708L);
  }

  @Test
  void layoutIsMagicCountOidsBigEndian() {
    byte[] rec = RecordEnvelope.wrap(new long[] {0x0A0B}, new byte[] {9});
    assertThat(rec).containsExactly(0x5A, 0x45, 0x52, 0x01, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0x0A, 0x0B, 9);
  }

  @Test
  void noReferencesAndEmptyPayload() {
    byte[] rec = RecordEnvelope.wrap(new long[0], new byte[0]);
    assertThat(rec).hasSize(RecordEnvelope.HEADER_SIZE);
    assertThat(RecordEnvelope.hasEnvelope(rec)).isTrue();
    assertThat(RecordEnvelope.referencesOf(rec)).isEmpty();
    assertThat(RecordEnvelope.payloadOf(rec)).isEmpty();
  }

  @Test
  void recordsWithoutTheMagicHaveNoReferencesAndArePayloadOnly() {
    byte[] plain = "not an envelope at all".getBytes(UTF_8);
    assertThat(RecordEnvelope.hasEnvelope(plain)).isFalse();
    assertThat(RecordEnvelope.referencesOf(plain)).isEmpty();
    assertThat(RecordEnvelope.payloadOf(plain)).isSameAs(plain);
    assertThat(RecordEnvelope.payloadOffset(plain)).isZero();
    assertThat(found(RecordEnvelope.REFERENCES, plain)).isEmpty();
    assertThat(RecordEnvelope.hasEnvelope(new byte[3])).isFalse();
    assertThat(RecordEnvelope.hasEnvelope(null)).isFalse();
  }

  @Test
  void aCountThatDoesNotFitIsNoEnvelope() {
    byte[] rec = RecordEnvelope.wrap(new long[] {1, 2}, new byte[0]);
    byte[] truncated = java.util.Arrays.copyOf(rec, rec.length - 1);
    assertThat(RecordEnvelope.hasEnvelope(truncated)).isFalse();
    assertThat(found(RecordEnvelope.REFERENCES, truncated)).isEmpty();
    byte[] negative = rec.clone();
    negative[4] = (byte) 0x80;
    assertThat(RecordEnvelope.hasEnvelope(negative)).isFalse();
    byte[] otherVersion = rec.clone();
    otherVersion[3] = 2;
    assertThat(RecordEnvelope.referencesOf(otherVersion)).isEmpty();
  }

  @Test
  void noneFinderFindsNothing() {
    assertThat(found(ReferenceFinder.NONE, RecordEnvelope.wrap(new long[] {5}, new byte[0]))).isEmpty();
  }
}
