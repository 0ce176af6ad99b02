package io.zeo.storage.file.internal;

/** The fixed part of a data record (see {@link Format}). */
public record DataHeader(long pos, long oid, long tid, long prev, long txPos, long back, int dataLength) {
  /** True if the revision records that the object's creation was undone. */
  public boolean isDeletion() {
    return back == 0 && dataLength < 0;
  }
}
