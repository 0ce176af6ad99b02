package io.zeo.transport.unix;

import io.zeo.spi.TransportProvider;
import io.zeo.testkit.TransportTck;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

class UnixTransportTckTest extends TransportTck {
  private final AtomicInteger servers = new AtomicInteger();

  @TempDir
  Path dir;

  @Override
  protected TransportProvider provider() {
    return new UnixTransportProvider();
  }

  @Override
  protected String listenAddress() {
    return "unix:" + dir.resolve("s" + servers.incrementAndGet() + ".sock");
  }
}
