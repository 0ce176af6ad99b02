package io.zeo.core.internal.memory;

import io.zeo.core.MemoryStorage;
import io.zeo.spi.Storage;
import io.zeo.spi.StorageProvider;
import io.zeo.spi.StorageUri;

/**
 * Opens {@code memory:} storages: a new, empty {@link MemoryStorage} per call. Options:
 * {@code name} (default the URI body, else {@code memory}), {@code read-only} (default false),
 * {@code max-record-size} (default 64MB).
 */
public final class MemoryStorageProvider extends StorageProvider {
  @Override
  public String scheme() {
    return "memory";
  }

  @Override
  public Storage open(StorageUri uri) {
    String name = uri.string("name", uri.body().isEmpty() ? "memory" : uri.body());
    boolean readOnly = uri.bool("read-only", false);
    long maxRecordSize = uri.size("max-record-size", MemoryStorage.DEFAULT_MAX_RECORD_SIZE);
    uri.rejectUnknownOptions();
    return MemoryStorage.builder().name(name).readOnly(readOnly).maxRecordSize(maxRecordSize).build();
  }
}
