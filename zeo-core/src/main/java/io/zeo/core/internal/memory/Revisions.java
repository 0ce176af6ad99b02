package io.zeo.core.internal.memory;

import java.util.Arrays;

/**
 * Lookups in an object's revision chain: an immutable array of {@link Rev}s in ascending
 * (unsigned) tid order. Chains are replaced, never modified, so readers need no lock.
 */
final class Revisions {
  private Revisions() {}

  /** The newest revision with {@code tid <= limit} (unsigned), or {@code null}. */
  static Rev newestAtOrBefore(Rev[] chain, long limit) {
    int i = indexAtOrBefore(chain, limit);
    return i < 0 ? null : chain[i];
  }

  /** Index of the newest revision with {@code tid <= limit} (unsigned), or -1. */
  static int indexAtOrBefore(Rev[] chain, long limit) {
    if (chain == null) {
      return -1;
    }
    for (int i = chain.length - 1; i >= 0; i--) {
      if (Long.compareUnsigned(chain[i].tid(), limit) <= 0) {
        return i;
      }
    }
    return -1;
  }

  /** The revision written by exactly {@code tid}, or {@code null}. */
  static Rev withTid(Rev[] chain, long tid) {
    if (chain == null) {
      return null;
    }
    for (int i = chain.length - 1; i >= 0; i--) {
      if (chain[i].tid() == tid) {
        return chain[i];
      }
    }
    return null;
  }

  /** A new chain with {@code rev} appended. */
  static Rev[] append(Rev[] chain, Rev rev) {
    if (chain == null) {
      return new Rev[] {rev};
    }
    Rev[] out = Arrays.copyOf(chain, chain.length + 1);
    out[chain.length] = rev;
    return out;
  }
}
