package io.zeo.db;

import io.zeo.spi.Storage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A storage of some kind with databases on it, closed together. */
final class Fixture implements AutoCloseable {
  final StorageKind kind;
  final Path dir;
  final Storage storage;
  private final List<DB> dbs = new ArrayList<>();

  Fixture(StorageKind kind, Path dir) {
    this.kind = kind;
    this.dir = dir;
    this.storage = kind.create(dir);
  }

  /** Settings used by most tests: the test model allowed, no backoff. */
  static DB.Builder config(Storage s) {
    return DB.builder(s).allowPackage("io.zeo.db.model").backoff(Duration.ZERO, Duration.ZERO);
  }

  /** The first database, on the fixture's storage. */
  DB db() {
    if (dbs.isEmpty()) {
      dbs.add(config(storage).open());
    }
    return dbs.get(0);
  }

  /** A database in "another process": on another handle or client of the same data. */
  DB otherDb() {
    db();
    DB d = config(kind.another(storage, dir)).open();
    dbs.add(d);
    return d;
  }

  /** A database with further settings on another handle of the same data. */
  DB otherDb(java.util.function.UnaryOperator<DB.Builder> settings) {
    db();
    DB d = settings.apply(config(kind.another(storage, dir))).open();
    dbs.add(d);
    return d;
  }

  @Override
  public void close() {
    for (int i = dbs.size() - 1; i >= 0; i--) {
      dbs.get(i).close();
    }
    storage.close();
  }
}
