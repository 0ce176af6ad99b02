package io.zeo.core;

import io.zeo.spi.Storage;
import io.zeo.testkit.StorageTck;

/** MemoryStorage against the whole conformance kit, with second and read-only handles. */
class MemoryStorageTest extends StorageTck {
  @Override
  protected Storage openStorage() {
    return MemoryStorage.builder().name("tck").build();
  }

  @Override
  protected Storage openSecondHandle(Storage first) {
    return ((MemoryStorage) first).newHandle();
  }

  @Override
  protected Storage openReadOnly(Storage writable) {
    return ((MemoryStorage) writable).readOnlyView();
  }
}
