package io.zeo.compression;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeo.testkit.SampleData;
import org.junit.jupiter.api.Test;

/**
 * Why frames, not records, are compressed: the ratio of one 300-byte object record against a
 * batch of 1,000 of them, on record-like text from {@link SampleData}. The figures go to the
 * test's output file (target/surefire-reports/...-output.txt).
 */
class Lz4CompressionRatioTest {
  private final Lz4CompressionProvider lz4 = new Lz4CompressionProvider();

  @Test
  void aBatchCompressesFarBetterThanOneRecord() {
    double single = 0;
    int samples = 100;
    for (int i = 0; i < samples; i++) {
      single += ratio(SampleData.record(i, 300));
    }
    single /= samples;
    double batch = ratio(SampleData.records(42, 1000, 300));
    System.out.printf("lz4 (%s): one 300-byte record %.2fx (mean of %d), 1,000 x 300-byte records %.2fx%n",
        lz4.implementation(), single, samples, batch);
    assertThat(single).isLessThan(batch);
    assertThat(batch).as("batch ratio").isGreaterThan(1.8);
  }

  private double ratio(byte[] data) {
    byte[] block = new byte[lz4.maxCompressedLength(data.length)];
    return (double) data.length / lz4.compress(data, 0, data.length, block, 0);
  }
}
