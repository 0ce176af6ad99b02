package io.zeo.db.evil;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;

/** A serializable value class the reading database does not allow. */
public class EvilValue implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String command;

  public EvilValue(String command) {
    this.command = command;
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    Tripwire.readObjectRan = true;
    in.defaultReadObject();
  }

  public String command() {
    return command;
  }
}
