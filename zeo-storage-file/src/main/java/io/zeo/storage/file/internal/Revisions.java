package io.zeo.storage.file.internal;

import io.zeo.spi.HistoryEntry;
import io.zeo.spi.LoadResult;
import io.zeo.spi.Oid;
import io.zeo.spi.POSKeyError;
import io.zeo.spi.Revision;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads an object's revisions by walking its prev chain from the current revision at
 * {@code pos} (-1 when the index has no entry for the oid). Lock-free: the records below the
 * committed end never change.
 */
public final class Revisions {
  private Revisions() {}

  public static LoadResult load(DataFile f, long pos, long oid) {
    DataHeader h = f.header(existing(pos, oid));
    return new LoadResult(existingData(f, h, oid), h.tid());
  }

  /** The data of {@code h}; POSKeyError if it records that the creation was undone (back-pointer 0). */
  private static byte[] existingData(DataFile f, DataHeader h, long oid) {
    byte[] data = f.data(h);
    if (data == null) {
      throw new POSKeyError(oid, "object " + Oid.toString(oid) + " does not exist: its creation was undone by "
          + Tid.toHex(h.tid()));
    }
    return data;
  }

  public static Optional<Revision> loadBefore(DataFile f, long pos, long oid, long tid) {
    long at = existing(pos, oid);
    long next = Tid.NONE;
    while (at > 0) {
      DataHeader h = f.header(at);
      if (Long.compareUnsigned(h.tid(), tid) < 0) {
        return Optional.of(new Revision(existingData(f, h, oid), h.tid(), next));
      }
      next = h.tid();
      at = h.prev();
    }
    return Optional.empty();
  }

  public static byte[] loadSerial(DataFile f, long pos, long oid, long serial) {
    DataHeader h = f.revision(existing(pos, oid), serial);
    byte[] data = h == null ? null : f.data(h);
    if (data == null) {
      throw new POSKeyError(oid, "no revision " + Tid.describe(serial) + " of object " + Oid.toString(oid)
          + (h == null ? "" : " (it records that the object's creation was undone)"));
    }
    return data;
  }

  public static List<HistoryEntry> history(DataFile f, long pos, long oid, int size) {
    List<HistoryEntry> out = new ArrayList<>();
    long at = existing(pos, oid);
    while (at > 0 && out.size() < size) {
      DataHeader h = f.header(at);
      DataFile.TxnInfo t = f.txnInfo(h.txPos());
      int length = Math.max(h.dataLength(), 0); // the record's own data: 0 for a back-pointer, as ZODB
      TransactionMetadata m = t.metadata();
      out.add(new HistoryEntry(h.tid(), m.user(), m.description(), m.extension(), length));
      at = h.prev();
    }
    return out;
  }

  private static long existing(long pos, long oid) {
    if (pos < 0) {
      throw new POSKeyError(oid);
    }
    return pos;
  }
}
