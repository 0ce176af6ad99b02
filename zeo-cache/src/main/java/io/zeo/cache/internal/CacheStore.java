package io.zeo.cache.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The cache's index and its segment ring: where every revision lives, how a new one finds room,
 * and who is evicted.
 *
 * <p>Eviction is a clock over segments. Entries are appended to the active segment; when it is
 * full the next segment in ring order (the oldest) is recycled: its entries that were read
 * since they were written or last moved (the {@code referenced} bit, set by every hit) are
 * copied to the start of the recycled segment, up to {@link #RESCUE_SHARE} of it, and the rest
 * are evicted. Reads therefore keep objects alive, and the recycled segment gets a new
 * generation so that no old record in it is ever taken for a live one.
 *
 * <p>Not thread-safe: the owning cache holds its lock around every call.
 */
public final class CacheStore {
  /** At most this share of a recycled segment is filled with rescued entries, so a store always finds room soon. */
  static final double RESCUE_SHARE = 0.75;

  private final CacheFile file;
  private final Layout layout;
  private final EntryCodec codec = new EntryCodec();
  private final LongMap<Entry> byOid;
  private final long[] gens;
  private final List<List<Entry>> members;
  private int active;
  private int writePos;
  private long maxGen;
  private long liveBytes;
  private long liveEntries;
  private long evictions;

  public CacheStore(CacheFile file, int expectedEntries) {
    this.file = file;
    this.layout = file.layout();
    this.byOid = new LongMap<>(expectedEntries);
    this.gens = new long[layout.segmentCount()];
    this.members = new ArrayList<>(layout.segmentCount());
    for (int s = 0; s < layout.segmentCount(); s++) {
      members.add(new ArrayList<>());
    }
  }

  // ---- lookups ----

  /** The cached current revision of {@code oid}, or null. */
  public Entry current(long oid) {
    for (Entry e = byOid.get(oid); e != null; e = e.next) {
      if (e.end == 0) {
        return e;
      }
    }
    return null;
  }

  /** All cached revisions of {@code oid}, linked through {@code next}, or null. */
  Entry chain(long oid) {
    return byOid.get(oid);
  }

  /** The cached revision of {@code oid} written by {@code start}, or null. */
  public Entry find(long oid, long start) {
    for (Entry e = byOid.get(oid); e != null; e = e.next) {
      if (e.start == start) {
        return e;
      }
    }
    return null;
  }

  /**
   * The revision valid just before {@code tid}: {@code start < tid <= end}; a current revision
   * only if {@code tid <= lastTid + 1}.
   */
  public Entry before(long oid, long tid, long lastTid) {
    for (Entry e = byOid.get(oid); e != null; e = e.next) {
      if (Long.compareUnsigned(e.start, tid) >= 0) {
        continue;
      }
      if (e.end == 0 ? lastTid != 0 && Long.compareUnsigned(tid - 1, lastTid) <= 0
          : Long.compareUnsigned(e.end, tid) >= 0) {
        return e;
      }
    }
    return null;
  }

  /**
   * The entry's data, verified against its checksum; null if the record is damaged, in which
   * case the entry is dropped.
   */
  public byte[] read(Entry e) {
    byte[] data = codec.readData(file.segment(e.segment), e.offset, e.oid, e.start, e.length);
    if (data == null) {
      remove(e);
      return null;
    }
    return data;
  }

  /** Notes a read: the entry gets a second chance when its segment is recycled. */
  public void markReferenced(Entry e) {
    e.referenced = true;
  }

  // ---- changes ----

  /** Whether an entry of {@code length} data bytes can be cached at all. */
  public boolean fits(int length) {
    return length >= 0 && length <= layout.maxEntrySize() - EntryCodec.ENTRY_HEADER_SIZE
        && EntryCodec.entrySize(length) <= layout.maxEntrySize();
  }

  /** Appends a new revision (the caller checked {@link #fits}) and indexes it. */
  public Entry add(long oid, long start, long end, byte[] data) {
    int size = EntryCodec.entrySize(data.length);
    // Each recycle rescues at most RESCUE_SHARE of a segment and clears the bits it honours,
    // so room appears within a few steps; the bound only guards against a bug looping forever.
    for (int steps = 0; writePos + size > layout.segmentSize(); steps++) {
      if (steps > 2 * gens.length + 2) {
        throw new IllegalStateException("no room for a " + size + "-byte entry after " + steps + " recycles");
      }
      recycle((active + 1) % gens.length);
    }
    codec.writeEntry(file.segment(active), writePos, gens[active], oid, start, end, data);
    Entry e = new Entry(oid, start, end, data.length, active, writePos);
    writePos += size;
    link(e);
    return e;
  }

  /** Sets the end of a revision, in memory and in its record. */
  public void setEnd(Entry e, long end) {
    e.end = end;
    codec.writeEnd(file.segment(e.segment), e.offset, end);
  }

  /** Drops a revision: its record is marked deleted so a later scan never revives it. */
  public void remove(Entry e) {
    codec.writeEnd(file.segment(e.segment), e.offset, EntryCodec.DELETED);
    unlink(e);
  }

  /** Drops everything: every segment starts a new generation, so no old record is valid. */
  public void clear() {
    byOid.clear();
    for (int s = 0; s < gens.length; s++) {
      members.get(s).clear();
      gens[s] = nextGen();
      codec.writeSegmentHeader(file.segment(s), gens[s]);
    }
    active = 0;
    writePos = EntryCodec.SEGMENT_HEADER_SIZE;
    liveBytes = 0;
    liveEntries = 0;
  }

  private long nextGen() {
    maxGen++;
    file.writeMaxGen(maxGen);
    return maxGen;
  }

  private void recycle(int s) {
    List<Entry> old = members.get(s);
    members.set(s, new ArrayList<>());
    List<Entry> rescued = new ArrayList<>();
    List<byte[]> rescuedData = new ArrayList<>();
    long budget = (long) (layout.maxEntrySize() * RESCUE_SHARE);
    for (Entry e : old) {
      if (e.segment != s) {
        continue; // dropped or already moved
      }
      byte[] data = null;
      if (e.referenced && e.size() <= budget) {
        data = read(e);
      }
      if (data == null) {
        if (e.isPlaced()) {
          unlink(e);
          evictions++;
        }
        continue;
      }
      budget -= e.size();
      e.referenced = false;
      rescued.add(e);
      rescuedData.add(data);
    }
    gens[s] = nextGen();
    ByteBuffer seg = file.segment(s);
    codec.writeSegmentHeader(seg, gens[s]);
    active = s;
    writePos = EntryCodec.SEGMENT_HEADER_SIZE;
    for (int i = 0; i < rescued.size(); i++) {
      Entry e = rescued.get(i);
      codec.writeEntry(seg, writePos, gens[s], e.oid, e.start, e.end, rescuedData.get(i));
      e.offset = writePos;
      members.get(s).add(e);
      writePos += e.size();
    }
  }

  private void link(Entry e) {
    e.next = byOid.get(e.oid);
    byOid.put(e.oid, e);
    members.get(e.segment).add(e);
    liveBytes += e.size();
    liveEntries++;
  }

  private void unlink(Entry e) {
    Entry head = byOid.get(e.oid);
    if (head == e) {
      if (e.next == null) {
        byOid.remove(e.oid);
      } else {
        byOid.put(e.oid, e.next);
      }
    } else {
      for (Entry p = head; p != null; p = p.next) {
        if (p.next == e) {
          p.next = e.next;
          break;
        }
      }
    }
    e.next = null;
    e.segment = -1;
    liveBytes -= e.size();
    liveEntries--;
  }

  // ---- recovery and persistence of the index ----

  /** Restores the ring position found by a scan or in a saved index. */
  public void restoreRing(long[] segmentGens, int activeSegment, int activeWritePos) {
    System.arraycopy(segmentGens, 0, gens, 0, gens.length);
    maxGen = file.maxGen();
    for (long g : gens) {
      maxGen = Math.max(maxGen, g);
    }
    active = activeSegment;
    writePos = activeWritePos;
    if (gens[active] == 0) {
      gens[active] = nextGen();
      codec.writeSegmentHeader(file.segment(active), gens[active]);
      writePos = EntryCodec.SEGMENT_HEADER_SIZE;
    }
  }

  /** Prepares the index for {@code count} more oids. */
  public void reserve(long count) {
    byOid.ensureCapacity((int) Math.min(Integer.MAX_VALUE / 2, byOid.size() + count));
  }

  /** Indexes an entry found on disk (scan or saved index) without writing anything. */
  public void adopt(Entry e) {
    link(e);
  }

  public EntryCodec codec() {
    return codec;
  }

  public long[] gens() {
    return gens.clone();
  }

  public int active() {
    return active;
  }

  public int writePos() {
    return writePos;
  }

  public void forEach(Consumer<Entry> action) {
    byOid.forEachValue(head -> {
      for (Entry e = head; e != null; e = e.next) {
        action.accept(e);
      }
    });
  }

  public long liveBytes() {
    return liveBytes;
  }

  public long liveEntries() {
    return liveEntries;
  }

  public long evictions() {
    return evictions;
  }
}
