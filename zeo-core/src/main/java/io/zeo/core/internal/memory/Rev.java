package io.zeo.core.internal.memory;

import io.zeo.spi.Tid;

/**
 * One committed revision of an object.
 *
 * @param tid the transaction that wrote it (its serial)
 * @param data the data, or {@code null} when the revision records that the object's creation was
 *     undone
 * @param dataTid the tid whose data this revision repeats (undo writes such back-pointers), or
 *     {@link Tid#NONE} when the data was written by {@code tid} itself
 * @param prevTid the serial of the revision this one replaced, {@link Tid#NONE} for a creation;
 *     undo needs it because pack may drop the previous revision from the chain
 */
record Rev(long tid, byte[] data, long dataTid, long prevTid) {
  /** Where the data really comes from: two revisions with one origin hold the same data. */
  long origin() {
    return dataTid != Tid.NONE ? dataTid : tid;
  }

  /** Bytes this revision accounts for in {@code size()}: data plus a rough per-record overhead. */
  long footprint() {
    return (data == null ? 0 : data.length) + 48L;
  }
}
