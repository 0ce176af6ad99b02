package io.zeo.testkit;

import io.zeo.spi.Storage;
import org.junit.jupiter.api.AfterEach;

/**
 * The storage conformance kit: every scenario of ZODB's storage contract as a JUnit 5 test.
 * A storage passes by extending this class and supplying fresh storages:
 *
 * <pre>{@code
 * class MyStorageTest extends StorageTck {
 *   protected Storage openStorage() { return MyStorage.openEmpty(tempDir); }
 *   protected Storage openSecondHandle(Storage first) { return ((MyStorage) first).connectAgain(); }
 * }
 * }</pre>
 *
 * <p>Scenarios are grouped by area in the interfaces this class implements ({@link BasicScenarios},
 * {@link MvccScenarios}, {@link TwoPhaseCommitScenarios}, {@link ConflictScenarios},
 * {@link PackScenarios}, {@link UndoScenarios}, {@link CopyScenarios}, {@link ListenerScenarios},
 * {@link ConcurrencyScenarios}, {@link RandomizedScenarios}, and the scenarios ported one by one from
 * ZODB's own storage tests: {@link BasicParityScenarios}, {@link UndoParityScenarios},
 * {@link PackParityScenarios}). They make no assumption a network
 * client would break: a conflict may surface at store or at vote, other clients' invalidations
 * arrive asynchronously, and every wait is bounded ({@link TckOps#WAIT}). Capabilities a storage
 * does not claim (the {@code supports...} hooks) skip their scenarios. Every storage a scenario
 * opened is closed after it.
 *
 * <p>System properties: {@code -Dzeo.tck.seed=N} reruns the fresh-seed randomized scenario with
 * the seed a failure reported; {@code -Dzeo.soak=true} makes the randomized runs 20 times longer.
 */
public abstract class StorageTck implements BasicScenarios, MvccScenarios, TwoPhaseCommitScenarios,
    ConflictScenarios, PackScenarios, UndoScenarios, CopyScenarios, ListenerScenarios, ConcurrencyScenarios,
    RandomizedScenarios, BasicParityScenarios, UndoParityScenarios, PackParityScenarios {

  private TckFixture fixture;

  /** A new, empty storage; called at least once per scenario, possibly more (copy targets). */
  protected abstract Storage openStorage();

  /**
   * A second client of the same underlying storage as {@code first} (another connection to the
   * same server, another handle on the same data), used by listener and concurrency scenarios.
   * The default returns {@code first} itself.
   */
  protected Storage openSecondHandle(Storage first) {
    return first;
  }

  /**
   * A read-only client of the same data as {@code writable}; the default has none, and the
   * read-only scenarios are skipped.
   *
   * @throws UnsupportedOperationException if the storage offers none
   */
  protected Storage openReadOnly(Storage writable) {
    throw new UnsupportedOperationException("no read-only handle");
  }

  /** Whether {@link Storage#undo} and {@link Storage#undoLog} are expected to work. */
  protected boolean supportsUndo() {
    return true;
  }

  /** Whether {@link Storage#pack} is expected to work. */
  protected boolean supportsPack() {
    return true;
  }

  /** Whether {@link Storage#history} is expected to work. */
  protected boolean supportsHistory() {
    return true;
  }

  /** Whether {@code tpcBegin} with a tid and {@link Storage#restore} are expected to work. */
  protected boolean supportsRestore() {
    return true;
  }

  @Override
  public final synchronized TckFixture tck() {
    if (fixture == null) {
      fixture = new TckFixture(this::openStorage, this::openSecondHandle, this::openReadOnly,
          new TckFixture.Capabilities(supportsUndo(), supportsPack(), supportsHistory(), supportsRestore()));
    }
    return fixture;
  }

  @AfterEach
  final void closeStorages() {
    TckFixture f;
    synchronized (this) {
      f = fixture;
      fixture = null;
    }
    if (f != null) {
      f.closeAll();
    }
  }
}
