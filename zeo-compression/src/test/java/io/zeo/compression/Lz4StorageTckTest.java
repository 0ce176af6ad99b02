package io.zeo.compression;

import io.zeo.core.ClientStorage;
import io.zeo.core.MemoryStorage;
import io.zeo.core.ZeoServer;
import io.zeo.spi.Storage;
import io.zeo.testkit.StorageTck;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;

/**
 * The whole storage contract through ClientStorage over tcp to a ZeoServer that requires lz4:
 * every frame of at least the core's threshold that shrinks travels compressed, both ways.
 * Built like zeo-core's own ClientStorage runs (server-sync clients, one server per storage),
 * with no scenario left out.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // a hung scenario fails instead of stalling the build
class Lz4StorageTckTest extends StorageTck {
  private final Map<Storage, ZeoServer> serverOf = new IdentityHashMap<>();
  private final List<AutoCloseable> opened = new ArrayList<>();

  @Override
  protected synchronized Storage openStorage() {
    ZeoServer server = ZeoServer.builder().storage("main", MemoryStorage.create()).listen("tcp://127.0.0.1:0")
        .compression("lz4").requireCompression(true).start();
    opened.add(server);
    return client(server, false);
  }

  @Override
  protected synchronized Storage openSecondHandle(Storage first) {
    return client(serverOf.get(first), false);
  }

  @Override
  protected synchronized Storage openReadOnly(Storage writable) {
    return client(serverOf.get(writable), true);
  }

  private Storage client(ZeoServer server, boolean readOnly) {
    ClientStorage c = ClientStorage.builder().address(server.address()).storage("main").readOnly(readOnly)
        .serverSync(true).compression("lz4").open();
    opened.add(c);
    serverOf.put(c, server);
    return c;
  }

  @AfterEach
  synchronized void closeServers() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
    opened.clear();
    serverOf.clear();
  }
}
