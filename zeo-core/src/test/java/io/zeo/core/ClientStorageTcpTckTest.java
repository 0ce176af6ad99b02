package io.zeo.core;

class ClientStorageTcpTckTest extends ClientStorageTckBase {
  @Override
  protected String listenAddress() {
    return "tcp://127.0.0.1:0";
  }
}
