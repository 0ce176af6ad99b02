package io.zeo.compression;

import io.zeo.spi.CompressionProvider;
import io.zeo.testkit.CompressionTck;
import net.jpountz.lz4.LZ4Factory;

/** The pure Java fallback, used where the native library cannot load, passes too. */
class Lz4JavaCompressionTckTest extends CompressionTck {
  @Override
  protected CompressionProvider provider() {
    return new Lz4CompressionProvider(LZ4Factory.safeInstance());
  }

  /** Fewer than the default: the JNI run fuzzes the same checks around the codec. */
  @Override
  protected long fuzzIterations() {
    return Boolean.getBoolean("zeo.soak") ? super.fuzzIterations() : 5_000;
  }
}
