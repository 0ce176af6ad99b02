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
  final StorageKind.Setup setup;
  final Storage storage;
  private final List<DB> dbs = new ArrayList<>();

  Fixture(StorageKind kind, Path dir) {
    this.kind = kind;
    this.dir = dir;
    try {
      java.nio.file.Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    this.setup = kind.create(dir);
    this.storage = setup.storage();
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
    DB d = config(setup.another()).open();
    dbs.add(d);
    return d;
  }

  /** A database with further settings on another handle of the same data. */
  DB otherDb(java.util.function.UnaryOperator<DB.Builder> settings) {
    db();
    DB d = settings.apply(config(setup.another())).open();
    dbs.add(d);
    return d;
  }

  /**
   * Waits until {@code reader}'s storage has heard of everything {@code writer}'s storage
   * committed: a client storage learns of other clients' commits asynchronously.
   */
  static void awaitSeen(DB reader, DB writer) {
    long tid = writer.storage().lastTransaction();
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(2))
        .until(() -> Long.compareUnsigned(reader.storage().lastTransaction(), tid) >= 0);
  }

  @Override
  public void close() {
    for (int i = dbs.size() - 1; i >= 0; i--) {
      dbs.get(i).close();
    }
    storage.close();
    setup.close();
  }
}
