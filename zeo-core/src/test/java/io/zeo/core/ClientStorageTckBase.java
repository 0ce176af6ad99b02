package io.zeo.core;

import io.zeo.spi.Storage;
import io.zeo.testkit.StorageTck;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;

/** The storage conformance kit run against ClientStorage, each storage on its own server. */
abstract class ClientStorageTckBase extends StorageTck {
  private final List<ZeoServer> servers = new CopyOnWriteArrayList<>();
  private final Map<Storage, String> addressOf = new ConcurrentHashMap<>();

  /** A fresh address to listen on. */
  protected abstract String listenAddress();

  @Override
  protected Storage openStorage() {
    ZeoServer server = ZeoServer.builder().storage("main", MemoryStorage.create()).listen(listenAddress()).start();
    servers.add(server);
    return client(server.address(), false);
  }

  private Storage client(String address, boolean readOnly) {
    // server-sync: the kit reads lastTransaction() right after another client's commit
    ClientStorage c = ClientStorage.builder().address(address).storage("main").readOnly(readOnly)
        .serverSync(true).open();
    addressOf.put(c, address);
    return c;
  }

  @Override
  protected Storage openSecondHandle(Storage first) {
    return client(addressOf.get(first), false);
  }

  @Override
  protected Storage openReadOnly(Storage writable) {
    return client(addressOf.get(writable), true);
  }

  @AfterEach
  void closeServers() {
    for (Storage s : addressOf.keySet()) {
      s.close();
    }
    addressOf.clear();
    servers.forEach(ZeoServer::close);
    servers.clear();
  }
}
