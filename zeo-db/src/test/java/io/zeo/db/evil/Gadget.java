package io.zeo.db.evil;

import io.zeo.db.Persistent;

/** A persistent class the tests never allow; any code of it running trips the wire. */
public class Gadget extends Persistent {
  static {
    Tripwire.staticInitRan = true;
  }

  private String payload;

  public Gadget() {
    Tripwire.constructorRan = true;
  }
}
