package io.zeo.core;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

class ClientStorageUnixTckTest extends ClientStorageTckBase {
  private static final AtomicInteger N = new AtomicInteger();

  @TempDir
  Path dir;

  @Override
  protected String listenAddress() {
    return "unix:" + dir.resolve("zeo-" + N.incrementAndGet() + ".sock");
  }
}
