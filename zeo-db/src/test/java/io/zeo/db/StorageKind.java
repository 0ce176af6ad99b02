package io.zeo.db;

import io.zeo.core.ClientStorage;
import io.zeo.core.MemoryStorage;
import io.zeo.core.ZeoServer;
import io.zeo.spi.Storage;
import io.zeo.storage.file.FileStorage;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The storages the object-layer tests run over. Tests take a kind as their parameter
 * ({@code @MethodSource("io.zeo.db.StorageKind#all")}) and open a {@link Setup} per test.
 */
public interface StorageKind {
  /** Opens a fresh storage (and whatever serves it) with its data in {@code dir}. */
  Setup create(Path dir);

  /** An opened storage and the means to reach the same data as another client would. */
  interface Setup extends AutoCloseable {
    /** The storage the test's first database uses. */
    Storage storage();

    /** A second storage on the same data, as a second client process would have. */
    Storage another();

    /** Closes what the setup started (not the storages, which their databases close). */
    @Override
    void close();
  }

  /** Every kind: memory:, file: in-process, and zeo+inproc: clients of a server on a file: storage. */
  static Stream<StorageKind> all() {
    return Stream.of(new Memory(), new File(), new ClientOfServer(false));
  }

  /** {@link #all()} and clients over a Unix domain socket (for the throughput report). */
  static Stream<StorageKind> withSockets() {
    return Stream.concat(all(), Stream.of(new ClientOfServer(true)));
  }

  /** {@code memory:}; a second client is another handle on the same data. */
  final class Memory implements StorageKind {
    @Override
    public Setup create(Path dir) {
      MemoryStorage s = MemoryStorage.create();
      return new Setup() {
        public Storage storage() {
          return s;
        }

        public Storage another() {
          return s.newHandle();
        }

        public void close() {}
      };
    }

    @Override
    public String toString() {
      return "memory";
    }
  }

  /** {@code file:} in-process; a second "client" is a second database on the same instance. */
  final class File implements StorageKind {
    @Override
    public Setup create(Path dir) {
      FileStorage s = FileStorage.open(dir.resolve("data.fs"));
      return new Setup() {
        public Storage storage() {
          return s;
        }

        public Storage another() {
          return s;
        }

        public void close() {}
      };
    }

    @Override
    public String toString() {
      return "file";
    }
  }

  /** {@code zeo+inproc:} (or {@code zeo+unix:}) clients of an in-process server over a FileStorage. */
  final class ClientOfServer implements StorageKind {
    private static final AtomicInteger SERVERS = new AtomicInteger();
    private final boolean unix;

    ClientOfServer(boolean unix) {
      this.unix = unix;
    }

    @Override
    public Setup create(Path dir) {
      String address = unix ? "unix:" + dir.resolve("zeo.sock")
          : "inproc:zeo-db-test-" + SERVERS.incrementAndGet();
      FileStorage file = FileStorage.open(dir.resolve("served.fs"));
      ZeoServer server = ZeoServer.builder().storage("main", file).listen(address).start();
      List<Storage> clients = new java.util.concurrent.CopyOnWriteArrayList<>();
      return new Setup() {
        private Storage client() {
          Storage c = ClientStorage.builder().address(address).storage("main").open();
          clients.add(c);
          return c;
        }

        private final Storage first = client();

        public Storage storage() {
          return first;
        }

        public Storage another() {
          return client();
        }

        public void close() {
          clients.forEach(Storage::close);
          server.close();
          file.close();
        }
      };
    }

    @Override
    public String toString() {
      return unix ? "zeo+unix" : "zeo+inproc";
    }
  }
}
