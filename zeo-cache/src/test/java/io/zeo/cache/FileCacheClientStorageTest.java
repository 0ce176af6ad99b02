package io.zeo.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeo.core.ClientStorage;
import io.zeo.core.MemoryStorage;
import io.zeo.core.ZeoServer;
import io.zeo.spi.Storage;
import io.zeo.testkit.StorageTck;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The storage conformance kit over a {@link ClientStorage} whose cache is this module's
 * {@code file} cache (temporary: ClientStorage passes no cache path yet), each storage a
 * {@link MemoryStorage} behind its own in-process server.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FileCacheClientStorageTest extends StorageTck {
  private static final AtomicInteger NAMES = new AtomicInteger();
  /** {@code -Dzeo.cache.tck.kind=memory} runs the same kit with core's cache, to tell client faults from cache faults. */
  private static final String KIND = System.getProperty("zeo.cache.tck.kind", "file");
  private final List<ZeoServer> servers = new CopyOnWriteArrayList<>();
  private final Map<Storage, ClientStorage> spares = new ConcurrentHashMap<>();

  @Override
  protected Storage openStorage() {
    ZeoServer server = ZeoServer.builder().storage("main", MemoryStorage.create())
        .listen("inproc:file-cache-tck-" + NAMES.incrementAndGet()).start();
    servers.add(server);
    ClientStorage first = client(server);
    // The second handle connects up front, before any scenario holds a voted transaction.
    spares.put(first, client(server));
    return first;
  }

  private static ClientStorage client(ZeoServer server) {
    return ClientStorage.builder().address(server.address()).storage("main").cache(KIND).cacheSize(4 << 20).serverSync(true).open();
  }

  @Override
  protected Storage openReadOnly(Storage writable) {
    String address = ((ClientStorage) writable).getName().substring("main@".length());
    return ClientStorage.builder().address(address).storage("main").cache(KIND).cacheSize(4 << 20)
        .serverSync(true).readOnly(true).open();
  }

  @Override
  protected Storage openSecondHandle(Storage first) {
    ClientStorage spare = spares.remove(first);
    if (spare != null) {
      return spare;
    }
    String address = ((ClientStorage) first).getName().substring("main@".length());
    return ClientStorage.builder().address(address).storage("main").cache(KIND).cacheSize(4 << 20).serverSync(true).open();
  }

  @AfterEach
  void closeServers() {
    spares.values().forEach(ClientStorage::close);
    spares.clear();
    servers.forEach(ZeoServer::close);
    servers.clear();
  }

  @Test
  void theClientReallyUsesTheFileCache() {
    ClientStorage c = (ClientStorage) tck().storage();
    long oid = c.newOid();
    io.zeo.spi.TransactionMetadata t = io.zeo.spi.TransactionMetadata.of("test", "commit");
    c.tpcBegin(t);
    c.store(oid, 0, new byte[] {1, 2, 3}, t);
    c.tpcVote(t);
    c.tpcFinish(t);
    c.load(oid);
    assertThat(c.cacheStats().hits()).isPositive();
    try (var files = java.nio.file.Files.list(io.zeo.cache.internal.TempCaches.defaultDirectory())) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.startsWith("tmp-" + ProcessHandle.current().pid() + "-"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
