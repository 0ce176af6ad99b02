package io.zeo.db;

import io.zeo.spi.Oid;

/**
 * A reference to a persistent object inside an {@link ObjectState}: conflict resolution works on
 * states without a connection, so references stay references. Two references are equal when
 * they name the same oid.
 *
 * @param oid the referenced object
 * @param className the class the reference was written with
 */
public record PersistentRef(long oid, String className) {
  @Override
  public boolean equals(Object o) {
    return o instanceof PersistentRef r && r.oid == oid;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(oid);
  }

  @Override
  public String toString() {
    return "PersistentRef[" + Oid.toString(oid) + " " + className + "]";
  }
}
