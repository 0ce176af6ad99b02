package io.zeo.bench;

import io.zeo.db.Persistent;

/** The object the {@code hot} workload stores through zeo-db: one byte array of the record size. */
public final class BenchObject extends Persistent {
  private byte[] payload;

  /** An object holding {@code payload} (not copied). */
  public BenchObject(byte[] payload) {
    this.payload = payload;
  }

  /** The payload, loading a ghost first. */
  public byte[] payload() {
    readAccess();
    return payload;
  }
}
