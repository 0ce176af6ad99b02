package io.zeo.transport.tcp;

import io.zeo.spi.TransportProvider;
import io.zeo.testkit.TransportTck;

class TcpTransportTckTest extends TransportTck {
  @Override
  protected TransportProvider provider() {
    return new TcpTransportProvider();
  }

  @Override
  protected String listenAddress() {
    return "tcp://127.0.0.1:0";
  }
}
