package io.zeo.core;

import io.zeo.core.internal.inproc.InprocTransportProvider;
import io.zeo.spi.TransportProvider;
import io.zeo.testkit.TransportTck;
import java.util.concurrent.atomic.AtomicInteger;

class InprocTransportTckTest extends TransportTck {
  private static final AtomicInteger N = new AtomicInteger();

  @Override
  protected TransportProvider provider() {
    return new InprocTransportProvider();
  }

  @Override
  protected String listenAddress() {
    return "inproc:transport-tck-" + N.incrementAndGet();
  }
}
