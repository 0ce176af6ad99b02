package io.zeo.core;

import io.zeo.spi.Storage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** A ZeoServer on MemoryStorage plus clients, closed together. */
final class ServerFixture implements AutoCloseable {
  private static final AtomicInteger NAMES = new AtomicInteger();

  final MemoryStorage storage = MemoryStorage.create();
  final ZeoServer server;
  private final List<AutoCloseable> clients = new ArrayList<>();

  ServerFixture() {
    this("inproc:fixture-" + NAMES.incrementAndGet(), b -> {});
  }

  ServerFixture(String address, Consumer<ZeoServer.Builder> config) {
    ZeoServer.Builder b = ZeoServer.builder().storage("main", storage).listen(address);
    config.accept(b);
    server = b.start();
  }

  ClientStorage client() {
    return client(b -> {});
  }

  ClientStorage client(Consumer<ClientStorage.Builder> config) {
    ClientStorage.Builder b = ClientStorage.builder().address(server.address()).storage("main");
    config.accept(b);
    ClientStorage c = b.open();
    clients.add(c);
    return c;
  }

  static long commit(Storage s, long oid, long serial, byte[] data) {
    io.zeo.spi.TransactionMetadata t = io.zeo.spi.TransactionMetadata.of("test", "commit");
    s.tpcBegin(t);
    try {
      s.store(oid, serial, data, t);
      s.tpcVote(t);
      return s.tpcFinish(t);
    } catch (RuntimeException e) {
      s.tpcAbort(t);
      throw e;
    }
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable c : clients) {
      c.close();
    }
    server.close();
  }
}
