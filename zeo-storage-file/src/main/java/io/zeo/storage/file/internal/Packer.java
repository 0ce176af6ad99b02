package io.zeo.storage.file.internal;

import io.zeo.spi.Oid;
import io.zeo.spi.ReferenceFinder;
import io.zeo.spi.StorageError;
import io.zeo.spi.TransactionMetadata;
import io.zeo.storage.file.FileAccess;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;

/**
 * Writes the packed copy of a data file (ZODB's fspack, with garbage collection from the root).
 *
 * <p>Reachability is decided as of the pack tid: the roots are the root object's revision at
 * the pack tid, every revision written after it and every older revision that a later back
 * pointer (an undo after the pack tid) brings back; from each reached object the revision a
 * snapshot at the pack tid reads is kept and its references followed. Of the transactions at
 * or before the pack tid only those kept revisions are copied (with their data inline, status
 * {@code 'p'}); later transactions are copied whole, back pointers re-aimed at the copies.
 *
 * <p>Memory is two primitive hash sets (reached oids, then kept offsets; no object per oid) besides
 * the two files' indexes, so a storage of a million objects packs in well under 256 MB of heap.
 */
public final class Packer {
  private static final Logger LOG = System.getLogger(Packer.class.getName());

  private final DataFile old;
  private final long packTid;
  private final long packPos;
  private final ReferenceFinder references;
  private final LongUnaryOperator currentPos;
  /** Oids reached from the roots; dropped once {@link #keep} is known. */
  private LongOpenHashSet reached = new LongOpenHashSet();
  /** Offsets of the revisions at or before the pack tid that are kept. */
  private final LongOpenHashSet keep = new LongOpenHashSet();
  private long reachedCount;
  private final LongOpenHashSet extras = new LongOpenHashSet();
  private final LongArrayList work = new LongArrayList();
  private Appender out;
  private DataFile packed;
  private long copiedTo;

  /**
   * @param packPos offset of the first transaction after {@code packTid}
   * @param currentPos the old file's current index lookup (oid to offset, -1 if absent), thread-safe
   */
  public Packer(DataFile old, long packTid, long packPos, ReferenceFinder references, LongUnaryOperator currentPos) {
    this.old = old;
    this.packTid = packTid;
    this.packPos = packPos;
    this.references = references;
    this.currentPos = currentPos;
  }

  /** Decides what to keep and writes the packed file up to {@code packEnd} into {@code tmp}. */
  public DataFile run(long packEnd, FileAccess access, Path tmp) throws IOException {
    long started = System.nanoTime();
    findReachable(packEnd);
    reachedCount = reached.size();
    reached = null;
    long reachedAt = System.nanoTime();
    out = new Appender(access, tmp, old.path, old.name);
    packed = out.target;
    packed.index.ensureCapacity(keep.size() + extras.size());
    copiedTo = Format.FILE_HEADER;
    try {
      copy(packEnd);
    } catch (IOException | RuntimeException e) {
      packed.handle.close();
      throw e;
    }
    LOG.log(Level.INFO, "{0}: pack to {1}: {2} objects reachable ({3} ms), {4} of {5} bytes written ({6} ms)",
        old.name, Long.toHexString(packTid), reachedCount, (reachedAt - started) / 1_000_000, packed.end, packEnd,
        (System.nanoTime() - reachedAt) / 1_000_000);
    return packed;
  }

  /** Copies the transactions committed since {@link #run} or the last call, up to {@code end}. */
  public void copy(long end) throws IOException {
    Scanner s = new Scanner(old.handle, end);
    long pos = copiedTo;
    long prevTid = packed.lastTid;
    while (true) {
      Scanner.Step step = s.at(pos, prevTid);
      if (step instanceof Scanner.End) {
        break;
      }
      if (step instanceof Scanner.Bad bad) {
        throw old.corrupt(bad.pos(), bad.tid(), bad.why() + " (found while packing; the storage is unchanged)");
      }
      Txn t = ((Scanner.Ok) step).txn();
      if (Long.compareUnsigned(t.tid, packTid) <= 0) {
        copyPacked(t);
      } else {
        try {
          out.copyWhole(old, t);
        } catch (FormatException e) {
          throw old.corrupt(t.pos, t.tid, e.getMessage());
        }
      }
      pos += t.length;
      prevTid = t.tid;
    }
    copiedTo = pos;
  }

  private void mark(long oid) {
    if (reached.add(oid)) {
      work.add(oid);
    }
  }

  private void findReachable(long packEnd) throws IOException {
    mark(Oid.ROOT);
    Scanner s = new Scanner(old.handle, packEnd);
    long pos = packPos;
    while (pos < packEnd) {
      Scanner.Step step = s.at(pos, 0);
      if (!(step instanceof Scanner.Ok ok)) {
        throw new StorageError(old.name + ": cannot read the transaction at offset " + pos + " while packing: " + step);
      }
      Txn t = ok.txn();
      for (int i = 0; i < t.size(); i++) {
        byte[] data;
        if (t.back(i) != 0) {
          DataHeader holder = old.holder(old.header(t.back(i)));
          if (holder.pos() < packPos) {
            extras.add(holder.pos());
          }
          data = old.inlineData(holder);
        } else {
          data = t.inlineData(i);
        }
        if (data != null) {
          references.findReferences(data, this::mark);
        }
      }
      pos += t.length;
    }
    while (!work.isEmpty()) {
      long oid = work.popLong();
      DataHeader rev = revisionAtPackTime(currentPos.applyAsLong(oid));
      if (rev != null) {
        keep.add(rev.pos());
        byte[] data = old.data(rev);
        if (data != null) {
          references.findReferences(data, this::mark);
        }
      }
    }
  }

  private DataHeader revisionAtPackTime(long pos) {
    long at = pos;
    while (at > 0) {
      DataHeader h = old.header(at);
      if (Long.compareUnsigned(h.tid(), packTid) <= 0) {
        return h;
      }
      at = h.prev();
    }
    return null;
  }

  private void copyPacked(Txn t) throws IOException {
    List<TxnCodec.Out> outs = new ArrayList<>();
    for (int i = 0; i < t.size(); i++) {
      long at = t.recordPos(i);
      long oid = t.oid(i);
      boolean extra = extras.contains(at);
      if (!extra && !keep.contains(at)) {
        continue;
      }
      byte[] data = t.back(i) != 0 ? old.data(old.header(at)) : t.inlineData(i);
      if (data == null && !extra) {
        continue; // as of the pack time the object does not exist
      }
      outs.add(new TxnCodec.Out(oid, Math.max(packed.index.get(oid), 0), 0, data));
    }
    if (!outs.isEmpty()) {
      out.append(t.tid, 'p', metadata(t), outs);
    }
  }

  private TransactionMetadata metadata(Txn t) {
    try {
      return t.metadata();
    } catch (FormatException e) {
      throw old.corrupt(t.pos, t.tid, e.getMessage());
    }
  }
}
