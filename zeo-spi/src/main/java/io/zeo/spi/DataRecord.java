package io.zeo.spi;

import java.util.Arrays;

/**
 * One object revision inside a {@link TransactionRecord}.
 *
 * @param oid the object
 * @param tid the transaction that wrote this revision
 * @param data the revision's data, or {@code null} when the revision records that the object
 *     does not exist (its creation was undone)
 * @param dataTid when the data was not written by {@code tid} itself but refers back to an
 *     earlier revision (undo writes such back-pointers), that revision's tid; otherwise
 *     {@link Tid#NONE}. {@link Storage#restore} takes it so a copy keeps the same structure.
 */
public record DataRecord(long oid, long tid, byte[] data, long dataTid) {
  @Override
  public boolean equals(Object o) {
    return o instanceof DataRecord r && r.oid == oid && r.tid == tid && r.dataTid == dataTid
        && Arrays.equals(r.data, data);
  }

  @Override
  public int hashCode() {
    return ((31 * Long.hashCode(oid) + Long.hashCode(tid)) * 31 + Long.hashCode(dataTid)) * 31
        + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "DataRecord[oid=" + Oid.toString(oid) + ", tid=" + Tid.toHex(tid)
        + (data == null ? ", deleted" : ", " + data.length + " bytes")
        + (dataTid == Tid.NONE ? "" : ", dataTid=" + Tid.toHex(dataTid)) + "]";
  }
}
