package io.zeo.core;

import java.util.concurrent.atomic.AtomicInteger;

class ClientStorageInprocTckTest extends ClientStorageTckBase {
  private static final AtomicInteger N = new AtomicInteger();

  @Override
  protected String listenAddress() {
    return "inproc:tck-" + N.incrementAndGet();
  }
}
