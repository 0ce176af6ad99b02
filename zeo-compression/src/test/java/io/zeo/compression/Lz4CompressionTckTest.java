package io.zeo.compression;

import io.zeo.spi.CompressionProvider;
import io.zeo.testkit.CompressionTck;

/** The default instance: JNI where lz4-java's native library loads. */
class Lz4CompressionTckTest extends CompressionTck {
  @Override
  protected CompressionProvider provider() {
    return new Lz4CompressionProvider();
  }
}
