package io.zeo.db;

import io.zeo.core.MemoryStorage;
import io.zeo.spi.Storage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The storages the object-layer tests run over: every kind whose implementation is on the test
 * class path. Tests take a kind as their parameter ({@code @MethodSource("io.zeo.db.StorageKind#all")}).
 */
public interface StorageKind {
  /** Opens storage with fresh data in {@code dir}. */
  Storage create(Path dir);

  /** A second handle on the same data, as a second client process would have. */
  Storage another(Storage first, Path dir);

  /** Every kind available. */
  static Stream<StorageKind> all() {
    List<StorageKind> kinds = new ArrayList<>();
    kinds.add(new Memory());
    return kinds.stream();
  }

  /** {@code memory:}; a second client is another handle on the same data. */
  final class Memory implements StorageKind {
    @Override
    public Storage create(Path dir) {
      return MemoryStorage.create();
    }

    @Override
    public Storage another(Storage first, Path dir) {
      return ((MemoryStorage) first).newHandle();
    }

    @Override
    public String toString() {
      return "memory";
    }
  }
}
