package io.zeo.testkit;

import io.zeo.spi.Storage;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Assumptions;

/**
 * The storages one {@link StorageTck} scenario uses, opened on demand through the subclass's
 * hooks and all closed after the scenario. Capability checks skip a scenario (JUnit assumption)
 * when the storage under test does not claim the capability.
 */
public final class TckFixture {
  private final Supplier<Storage> opener;
  private final UnaryOperator<Storage> secondHandle;
  private final UnaryOperator<Storage> readOnly;
  private final Capabilities capabilities;
  private final Deque<Storage> opened = new ArrayDeque<>();
  private Storage main;

  /** What the storage under test supports; scenarios needing more are skipped. */
  public record Capabilities(boolean undo, boolean pack, boolean history, boolean restore) {}

  TckFixture(Supplier<Storage> opener, UnaryOperator<Storage> secondHandle, UnaryOperator<Storage> readOnly,
      Capabilities capabilities) {
    this.opener = opener;
    this.secondHandle = secondHandle;
    this.readOnly = readOnly;
    this.capabilities = capabilities;
  }

  /** The scenario's storage: fresh and empty, opened on first use. */
  public synchronized Storage storage() {
    if (main == null) {
      main = track(opener.get());
    }
    return main;
  }

  /** Another fresh, empty storage (a copy destination). */
  public synchronized Storage freshStorage() {
    return track(opener.get());
  }

  /**
   * A second client of the scenario's storage (the same instance when the subclass offers none).
   */
  public synchronized Storage secondHandle() {
    return secondHandleOf(storage());
  }

  /**
   * A new second client of {@code first}, which may be any storage this fixture opened: one with
   * an empty cache, to observe what a pack removed (a caching client may still serve it).
   */
  public synchronized Storage secondHandleOf(Storage first) {
    Storage second = secondHandle.apply(first);
    return second == first ? first : track(second);
  }

  /**
   * A new second client of {@code first} caught up with {@code tid}, to see what a pack removed
   * or what the server itself hands out (a caching client may still serve removed objects, and
   * a network client may hold oids it fetched earlier).
   */
  public Storage caughtUpClientOf(Storage first, long tid) {
    Storage fresh = secondHandleOf(first);
    TckOps.awaitLastTransaction(fresh, tid);
    return fresh;
  }

  /** A read-only client of the scenario's storage; skips the scenario if the subclass has none. */
  public synchronized Storage readOnlyHandle() {
    Storage first = storage();
    Storage ro;
    try {
      ro = readOnly.apply(first);
    } catch (UnsupportedOperationException e) {
      ro = null;
    }
    Assumptions.assumeTrue(ro != null, "the storage under test offers no read-only handle");
    return ro == first ? first : track(ro);
  }

  public void assumeUndo() {
    Assumptions.assumeTrue(capabilities.undo(), "undo not supported by the storage under test");
  }

  public void assumePack() {
    Assumptions.assumeTrue(capabilities.pack(), "pack not supported by the storage under test");
  }

  public void assumeHistory() {
    Assumptions.assumeTrue(capabilities.history(), "history not supported by the storage under test");
  }

  public void assumeRestore() {
    Assumptions.assumeTrue(capabilities.restore(), "restore not supported by the storage under test");
  }

  public Capabilities capabilities() {
    return capabilities;
  }

  private Storage track(Storage s) {
    if (s == null) {
      throw new IllegalStateException("the StorageTck subclass returned null instead of a storage");
    }
    opened.push(s);
    return s;
  }

  /** Closes every storage the scenario opened, newest first; rethrows the first failure. */
  synchronized void closeAll() {
    RuntimeException first = null;
    while (!opened.isEmpty()) {
      try {
        opened.pop().close();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    main = null;
    if (first != null) {
      throw first;
    }
  }
}
