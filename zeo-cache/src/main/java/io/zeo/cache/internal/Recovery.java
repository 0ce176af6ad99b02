package io.zeo.cache.internal;

import java.nio.ByteBuffer;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Rebuilds the index by scanning the file, when no trustworthy saved index exists (first open
 * after a crash, or the index file is missing or stale).
 *
 * <p>Scan, validate, keep: segments in generation order (oldest first); in each, records from
 * the start while they carry the segment's generation and a matching checksum. The first
 * record that fails ends the segment (it is where a write was torn). Records marked deleted,
 * or whose end tid fails its own check, are skipped. Because a later record of one revision
 * supersedes an earlier one, and a later current revision ends an earlier one, the older is
 * fixed on disk too, so a second scan reaches the same state.
 *
 * <p>Writing then resumes in a fresh generation of the next segment, never after the last
 * valid record: bytes of a torn write may lie there.
 */
public final class Recovery {
  private Recovery() {}

  /** What a scan found. */
  public record Result(long entries, long dropped, int segments) {}

  public static Result scan(CacheFile file, CacheStore store) {
    Layout layout = file.layout();
    EntryCodec codec = store.codec();
    int n = layout.segmentCount();
    long[] gens = new long[n];
    for (int s = 0; s < n; s++) {
      gens[s] = codec.readSegmentGen(file.segment(s));
    }
    Integer[] order = IntStream.range(0, n).filter(s -> gens[s] != 0).boxed()
        .sorted(Comparator.comparingLong(s -> gens[s])).toArray(Integer[]::new);
    long kept = 0;
    long dropped = 0;
    for (int s : order) {
      ByteBuffer seg = file.segment(s);
      int pos = EntryCodec.SEGMENT_HEADER_SIZE;
      for (Entry e; (e = codec.parse(seg, s, pos, gens[s])) != null; pos += e.size()) {
        if (e.end == EntryCodec.DELETED) {
          dropped++;
          continue;
        }
        Entry same = store.find(e.oid, e.start);
        if (same != null) {
          store.remove(same);
          kept--;
        }
        store.adopt(e);
        kept++;
        if (e.end == 0) {
          endOlderCurrent(store, e);
        }
      }
    }
    int active = order.length == 0 ? 0 : order[order.length - 1];
    store.restoreRing(gens, active, order.length == 0 ? EntryCodec.SEGMENT_HEADER_SIZE : layout.segmentSize());
    return new Result(kept, dropped, order.length);
  }

  /** Two current revisions of one oid: the one that started earlier ends where the other starts. */
  private static void endOlderCurrent(CacheStore store, Entry e) {
    for (Entry x = store.chain(e.oid); x != null; x = x.next) {
      if (x != e && x.end == 0) {
        if (Long.compareUnsigned(x.start, e.start) < 0) {
          store.setEnd(x, e.start);
        } else {
          store.setEnd(e, x.start);
          return;
        }
      }
    }
  }
}
