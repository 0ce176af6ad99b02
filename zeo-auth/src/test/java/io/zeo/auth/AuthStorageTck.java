package io.zeo.auth;

import io.zeo.core.ClientStorage;
import io.zeo.core.MemoryStorage;
import io.zeo.core.ZeoServer;
import io.zeo.spi.AuthClientConfig;
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
 * The StorageTck against ClientStorages logged in over tcp to ZeoServers on MemoryStorage that
 * require one mechanism (and, if {@link #compression()} names one, require that compression
 * too). Clients use server-sync, as zeo-core's own ClientStorage runs do: the kit reads
 * lastTransaction() right after another client's commit. Each scenario's servers are closed
 * after their clients.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // a hung scenario fails instead of stalling the build
abstract class AuthStorageTck extends StorageTck {
  private final Map<Storage, ZeoServer> serverOf = new IdentityHashMap<>();
  private final List<AutoCloseable> opened = new ArrayList<>();

  /** The mechanism the server requires. */
  abstract String mechanism();

  /** The server's authentication settings. */
  abstract Map<String, Object> serverSettings();

  /** How every client logs in. */
  abstract AuthClientConfig clientConfig();

  /** The compression the server requires and the clients offer; none by default. */
  String[] compression() {
    return new String[0];
  }

  @Override
  protected synchronized Storage openStorage() {
    ZeoServer server = ZeoServer.builder().storage("main", MemoryStorage.create()).listen("tcp://127.0.0.1:0")
        .auth(serverSettings(), mechanism()).requireAuth(true)
        .compression(compression()).requireCompression(compression().length > 0).start();
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
        .serverSync(true).compression(compression()).auth(mechanism(), clientConfig()).open();
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
