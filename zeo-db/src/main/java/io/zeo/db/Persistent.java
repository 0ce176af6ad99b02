package io.zeo.db;

import io.zeo.spi.Tid;

/**
 * The base class of objects stored in a {@link DB}.
 *
 * <p>The stored state of a persistent object is every non-static, non-{@code transient} field
 * declared by its class and its superclasses below {@code Persistent}, written with JBoss
 * Marshalling River; references to other persistent objects are written as their oids, so each
 * object is its own record and is loaded on its own. Fields holding non-persistent objects must
 * hold {@link java.io.Serializable} values of allowed classes (see {@link DB.Builder}).
 *
 * <p>Subclasses call {@link #readAccess()} at the start of every method that reads their fields
 * and {@link #writeAccess()} before every change: a ghost loads its state on first access, and a
 * write marks the object changed so the connection's commit stores it. A change to a mutable
 * value held in a field (say an element of a plain {@code ArrayList}) is invisible to the object;
 * call {@link #markChanged()} (or use {@link PersistentList}/{@link PersistentMap} instead).
 *
 * <p>Ghosts are created without running any constructor (as ZODB does), so a field added to a
 * class after records were written reads as {@code null}/zero from those records; override
 * {@link #stateLoaded()} to fill in a default. Objects that are reachable from a stored object
 * become persistent at commit. A persistent object belongs to one connection and, like the
 * connection, is used by one thread at a time.
 */
public abstract class Persistent {
  static final long NO_OID = -1L;

  // The bookkeeping below is transient: it is never part of the stored state.
  transient Connection jar;
  transient long oid = NO_OID;
  transient long serial = Tid.NONE;
  transient PersistentState state = PersistentState.UNSAVED;
  /** Links of the connection's least-recently-used ring of non-ghost objects. */
  transient Persistent lruPrev;
  transient Persistent lruNext;

  protected Persistent() {}

  /**
   * Call before reading this object's fields: loads a ghost's state and records the use for the
   * cache's least-recently-used order.
   *
   * @throws io.zeo.spi.POSKeyError if the object no longer exists as of the connection's snapshot
   * @throws IllegalStateException if the ghost's connection is closed
   */
  protected final void readAccess() {
    Connection c = jar;
    if (c != null) {
      c.accessed(this);
    }
  }

  /**
   * Call before changing this object's fields: loads a ghost's state and marks the object
   * changed, so the current transaction's commit stores it.
   */
  protected final void writeAccess() {
    Connection c = jar;
    if (c != null) {
      c.changing(this);
    }
  }

  /** Marks the object changed (after changing a mutable value held in one of its fields). */
  public final void markChanged() {
    writeAccess();
  }

  /**
   * Called after the object's state was loaded from a record; fields the record did not hold
   * (added to the class later) have their Java default value here. Does nothing by default.
   */
  protected void stateLoaded() {}

  /** Loads the state of a ghost now; does nothing for other objects. */
  public final void activate() {
    readAccess();
  }

  /**
   * Turns an unchanged loaded object back into a ghost, releasing its state (ZODB's
   * {@code _p_deactivate}); changed, new and unsaved objects are left alone.
   */
  public final void deactivate() {
    Connection c = jar;
    if (c != null && state == PersistentState.SAVED) {
      c.ghostify(this);
    }
  }

  /** The object's oid, or -1 while it is {@link PersistentState#UNSAVED}. */
  public final long persistentOid() {
    return oid;
  }

  /** The tid of the transaction that wrote the loaded state; {@link Tid#NONE} for new objects. */
  public final long persistentSerial() {
    return serial;
  }

  /** The object's state with respect to its connection. */
  public final PersistentState persistentState() {
    return state;
  }

  /** The connection the object belongs to, or {@code null} while it is unsaved. */
  public final Connection persistentConnection() {
    return jar;
  }
}
