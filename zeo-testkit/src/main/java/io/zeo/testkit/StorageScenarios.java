package io.zeo.testkit;

import io.zeo.spi.Storage;

/**
 * The base of {@link StorageTck}'s scenario groups: each group is an interface whose default
 * methods are JUnit tests. Extend {@link StorageTck}, not these interfaces.
 */
public interface StorageScenarios {
  /** The fixture of the running scenario. */
  TckFixture tck();

  /** Shorthand for {@code tck().storage()}. */
  default Storage storage() {
    return tck().storage();
  }
}
