package io.zeo.cache.internal;

/**
 * One cached revision in memory: where its record lives and its validity range. Mutable fields
 * are guarded by the cache's lock.
 */
public final class Entry {
  final long oid;
  final long start;
  long end;
  final int length;
  int segment;
  int offset;
  /** Set by a read; gives the entry a second chance when its segment is recycled. */
  boolean referenced;
  /** Next revision of the same oid (unordered chain). */
  Entry next;

  Entry(long oid, long start, long end, int length, int segment, int offset) {
    this.oid = oid;
    this.start = start;
    this.end = end;
    this.length = length;
    this.segment = segment;
    this.offset = offset;
  }

  /** Bytes the record takes on disk. */
  int size() {
    return EntryCodec.entrySize(length);
  }

  boolean isPlaced() {
    return segment >= 0;
  }

  public long oid() {
    return oid;
  }

  public long start() {
    return start;
  }

  public long end() {
    return end;
  }

  public int length() {
    return length;
  }
}
