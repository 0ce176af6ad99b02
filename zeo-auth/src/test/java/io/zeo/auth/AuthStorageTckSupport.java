package io.zeo.auth;

import io.zeo.core.ClientStorage;
import io.zeo.core.MemoryStorage;
import io.zeo.core.ZeoServer;
import io.zeo.spi.AuthClientConfig;
import io.zeo.spi.Storage;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * ZeoServers on MemoryStorage that require one mechanism, and ClientStorages logged in to
 * them over tcp: what the StorageTck runs against. Servers are closed after their clients.
 */
final class AuthStorageTckSupport {
  private final String mechanism;
  private final Map<String, Object> serverSettings;
  private final AuthClientConfig clientConfig;
  private final Map<Storage, ZeoServer> serverOf = new IdentityHashMap<>();
  private final List<AutoCloseable> opened = new ArrayList<>();

  AuthStorageTckSupport(String mechanism, Map<String, Object> serverSettings, AuthClientConfig clientConfig) {
    this.mechanism = mechanism;
    this.serverSettings = serverSettings;
    this.clientConfig = clientConfig;
  }

  /** A new server on an empty storage, and a client of it. */
  synchronized Storage openStorage() {
    ZeoServer.Builder b = ZeoServer.builder().storage("main", MemoryStorage.create()).listen("tcp://127.0.0.1:0");
    if (mechanism != null) {
      b.auth(serverSettings, mechanism).requireAuth(true);
    }
    ZeoServer server = b.start();
    opened.add(server);
    return client(server, false);
  }

  /** Another client of the server behind {@code first}. */
  synchronized Storage openSecondHandle(Storage first) {
    return client(serverOf.get(first), false);
  }

  /** A read-only client of the server behind {@code writable}. */
  synchronized Storage openReadOnly(Storage writable) {
    return client(serverOf.get(writable), true);
  }

  private Storage client(ZeoServer server, boolean readOnly) {
    ClientStorage.Builder b = ClientStorage.builder().address(server.address()).storage("main").readOnly(readOnly);
    if (mechanism != null) {
      b.auth(mechanism, clientConfig);
    }
    ClientStorage c = b.open();
    opened.add(c);
    serverOf.put(c, server);
    return c;
  }

  /** Closes clients, then servers (in reverse order of opening). */
  synchronized void closeAll() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
    opened.clear();
    serverOf.clear();
  }
}
