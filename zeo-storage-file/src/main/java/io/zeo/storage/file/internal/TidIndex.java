package io.zeo.storage.file.internal;

import it.unimi.dsi.fastutil.longs.LongArrayList;

/**
 * Tid to transaction offset, in file order (so in tid order): finds a transaction for undo,
 * restore back-pointers and iteration without walking the file. Not thread-safe; guarded by the
 * storage's index lock.
 */
public final class TidIndex {
  private final LongArrayList tids = new LongArrayList();
  private final LongArrayList positions = new LongArrayList();

  public void add(long tid, long pos) {
    tids.add(tid);
    positions.add(pos);
  }

  public int size() {
    return tids.size();
  }

  public long tid(int i) {
    return tids.getLong(i);
  }

  public long pos(int i) {
    return positions.getLong(i);
  }

  /** Index of the first transaction with tid >= {@code tid} (unsigned), or {@link #size()}. */
  public int firstAtOrAfter(long tid) {
    int lo = 0;
    int hi = tids.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (Long.compareUnsigned(tids.getLong(mid), tid) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Offset of transaction {@code tid}, or -1. */
  public long find(long tid) {
    int i = firstAtOrAfter(tid);
    return i < tids.size() && tids.getLong(i) == tid ? positions.getLong(i) : -1;
  }
}
