package io.zeo.storage.file;

import io.zeo.spi.Storage;
import io.zeo.testkit.StorageTck;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/** FileStorage against the whole storage conformance kit, undo, pack, history and restore included. */
class FileStorageTckTest extends StorageTck {
  private final AtomicInteger opened = new AtomicInteger();

  @TempDir
  Path dir;

  @Override
  protected Storage openStorage() {
    return FileStorage.open(dir.resolve("tck-" + opened.incrementAndGet() + ".fs"));
  }

  /** A read-only FileStorage on the same file: it sees what was committed before it opened. */
  @Override
  protected Storage openReadOnly(Storage writable) {
    return FileStorage.builder(((FileStorage) writable).path()).readOnly(true).open();
  }
}
