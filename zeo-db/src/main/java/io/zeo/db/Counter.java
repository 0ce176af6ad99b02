package io.zeo.db;

/**
 * A persistent counter whose concurrent changes always merge: two transactions that add to it
 * from the same value both count (ZODB's {@code BTrees.Length}). Use it for totals and sequence
 * numbers that many clients update. A {@link #set} is merged like an addition of the difference.
 */
public class Counter extends Persistent implements ConflictResolvable {
  private long value;

  /** A counter at 0. */
  public Counter() {}

  /** A counter at {@code initial}. */
  public Counter(long initial) {
    this.value = initial;
  }

  /** The current value. */
  public long get() {
    readAccess();
    return value;
  }

  /** Adds {@code delta} (may be negative) and returns the new value. */
  public long add(long delta) {
    writeAccess();
    value += delta;
    return value;
  }

  /** Adds one and returns the new value. */
  public long increment() {
    return add(1);
  }

  /** Sets the value. */
  public void set(long newValue) {
    writeAccess();
    value = newValue;
  }

  /** Merges by applying both sides' changes: committed + (mine - original). */
  @Override
  public ObjectState resolveConflict(ObjectState original, ObjectState committed, ObjectState mine) {
    long merged = committed.getLong("value") + mine.getLong("value") - original.getLong("value");
    return committed.with("value", merged);
  }

  @Override
  public String toString() {
    return "Counter[" + get() + "]";
  }
}
