package io.zeo.bench;

import io.zeo.core.Zeo;
import io.zeo.core.ZeoServer;
import io.zeo.spi.Storage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where a workload runs: {@code direct} (a FileStorage in this process, every client sharing the
 * one instance) or a {@link ZeoServer} in this process serving a FileStorage over {@code inproc},
 * {@code unix} or {@code tcp}, each client a {@code ClientStorage} of its own opened with
 * {@link Zeo#open}. The FileStorage lives in a fresh directory under the run's temp dir.
 */
final class Target implements AutoCloseable {
  static final String STORAGE = "main";
  private static final AtomicInteger INPROC_NAMES = new AtomicInteger();

  private final String transport;
  private final Storage file;
  private final Heard landed;
  private final Storage direct;
  private final ZeoServer server;
  private final String clientUri;

  private Target(String transport, Storage file, Heard landed, Storage direct, ZeoServer server,
      String clientUri) {
    this.transport = transport;
    this.file = file;
    this.landed = landed;
    this.direct = direct;
    this.server = server;
    this.clientUri = clientUri;
  }

  /** Opens a new, empty FileStorage in {@code parent} and, unless direct, a server for it. */
  static Target open(String transport, Path parent) throws Exception {
    Path dir = Files.createTempDirectory(parent, transport + "-");
    Storage file = Zeo.open("file:" + dir.resolve("data.fs"));
    // registered before the server's own listener, which sends the invalidations out
    Heard landed = new Heard();
    file.addListener(landed);
    if (transport.equals("direct")) {
      return new Target(transport, file, landed, file, null, null);
    }
    String listen = switch (transport) {
      case "inproc" -> "inproc:zeo-bench-" + ProcessHandle.current().pid() + "-" + INPROC_NAMES.incrementAndGet();
      case "unix" -> "unix:" + dir.resolve("zeo.sock");
      case "tcp" -> "tcp://127.0.0.1:0";
      default -> {
        file.close();
        throw new IllegalArgumentException("unknown transport \"" + transport
            + "\"; expected direct, inproc, unix or tcp");
      }
    };
    ZeoServer server;
    try {
      server = ZeoServer.builder().storage(STORAGE, file).listen(listen).start();
    } catch (RuntimeException e) {
      file.close();
      throw e;
    }
    String address = server.address();
    String body = transport.equals("tcp") ? "//" + address.substring("tcp://".length())
        : address.substring(address.indexOf(':') + 1);
    return new Target(transport, file, landed, null, server, "zeo+" + transport + ":" + body + "?storage=" + STORAGE);
  }

  String transport() {
    return transport;
  }

  /**
   * The first listener of the FileStorage (served, or used directly): it hears of a commit as
   * it lands, before the server sends the invalidations.
   */
  Heard landed() {
    return landed;
  }

  boolean isDirect() {
    return direct != null;
  }

  /**
   * A client: a new ClientStorage with an empty cache and its own connection, or for
   * {@code direct} the shared FileStorage. Give it back with {@link #release}.
   */
  Storage client() {
    if (direct != null) {
      return direct;
    }
    return Zeo.open(clientUri);
  }

  /** Closes a client from {@link #client()}; the shared direct storage stays open. */
  void release(Storage client) {
    if (client != direct) {
      client.close();
    }
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
    if (direct != null) {
      direct.close();
    }
  }
}
