package io.zeo.db.evil;

/** Records whether any code of the disallowed classes ran. Not itself stored. */
public final class Tripwire {
  public static volatile boolean staticInitRan;
  public static volatile boolean constructorRan;
  public static volatile boolean readObjectRan;

  private Tripwire() {}
}
