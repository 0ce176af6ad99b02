package io.zeo.storage.file.internal;

import io.zeo.spi.Oid;
import io.zeo.spi.StorageError;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import io.zeo.storage.file.FileAccess;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One data file with its in-memory indexes: the unit pack replaces. Reads below {@link #end}
 * never change (the file is append-only), so they run without locks once an offset has been
 * looked up; {@link #index}, {@link #tids} and {@link #end} are guarded by the owner's lock.
 */
public final class DataFile {
  public final Path path;
  public final String name;
  public final FileAccess.Handle handle;
  /** oid to offset of its current data record; -1 when absent. */
  public final Long2LongOpenHashMap index;
  public final TidIndex tids;
  /** Offset just past the last committed transaction. */
  public long end;
  public long lastTid;
  public long maxOid = -1;

  public DataFile(Path path, String name, FileAccess.Handle handle, long end) {
    this.path = path;
    this.name = name;
    this.handle = handle;
    this.index = new Long2LongOpenHashMap();
    this.index.defaultReturnValue(-1);
    this.tids = new TidIndex();
    this.end = end;
  }

  /** Records a committed transaction's effects in the in-memory indexes. */
  public void committed(long tid, long pos, long length, long[] oids, long[] recordPositions) {
    for (int i = 0; i < oids.length; i++) {
      index.put(oids[i], recordPositions[i]);
      if (Long.compareUnsigned(oids[i], maxOid) > 0 || maxOid == -1) {
        maxOid = oids[i];
      }
    }
    tids.add(tid, pos);
    end = pos + length;
    lastTid = tid;
  }

  /** Records a parsed transaction (scan, copy). */
  public void committed(Txn t) {
    long[] oids = new long[t.size()];
    long[] at = new long[t.size()];
    for (int i = 0; i < oids.length; i++) {
      oids[i] = t.oid(i);
      at[i] = t.recordPos(i);
    }
    committed(t.tid, t.pos, t.length, oids, at);
  }

  /** The data record header at {@code pos}. */
  public DataHeader header(long pos) {
    ByteBuffer b = read(pos, Format.DATA_HEADER);
    DataHeader h = new DataHeader(pos, b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getInt());
    if (h.prev() < 0 || h.prev() >= pos || h.back() < 0 || h.back() >= pos || h.dataLength() < -1
        || h.txPos() >= pos || h.txPos() < Format.FILE_HEADER) {
      throw corrupt(pos, h.tid(), "implausible data record " + h);
    }
    return h;
  }

  /** The header of the record holding {@code h}'s data: itself, or the end of its back-pointer chain. */
  public DataHeader holder(DataHeader h) {
    DataHeader at = h;
    while (at.back() != 0) {
      DataHeader next = header(at.back());
      if (next.oid() != h.oid()) {
        throw corrupt(at.pos(), at.tid(), "back pointer of oid " + Oid.toString(h.oid()) + " reaches a record of oid "
            + Oid.toString(next.oid()));
      }
      at = next;
    }
    return at;
  }

  /** The data of a holder record (see {@link #holder}), or null for "creation undone". */
  public byte[] inlineData(DataHeader holder) {
    if (holder.dataLength() < 0) {
      return null;
    }
    ByteBuffer b = read(holder.pos() + Format.DATA_HEADER, holder.dataLength());
    return b.array();
  }

  /** The data of revision {@code h}, following back pointers; null for "creation undone". */
  public byte[] data(DataHeader h) {
    return inlineData(holder(h));
  }

  /** The revision of {@code oid} written by {@code tid}, walking back from the current one; null if none. */
  public DataHeader revision(long currentPos, long tid) {
    long pos = currentPos;
    while (pos > 0) {
      DataHeader h = header(pos);
      int c = Long.compareUnsigned(h.tid(), tid);
      if (c == 0) {
        return h;
      }
      if (c < 0) {
        return null;
      }
      pos = h.prev();
    }
    return null;
  }

  /**
   * The back pointer a restored record may use instead of its data: the holder of the revision
   * of {@code oid} written by {@code dataTid} if its data equals {@code data}, else 0.
   */
  public long backPointerFor(long currentPos, long dataTid, byte[] data) {
    if (dataTid == Tid.NONE || currentPos < 0) {
      return 0;
    }
    DataHeader r = revision(currentPos, dataTid);
    if (r == null) {
      return 0;
    }
    DataHeader holder = holder(r);
    if (holder.isDeletion() || data == null) {
      return 0;
    }
    return Arrays.equals(inlineData(holder), data) ? holder.pos() : 0;
  }

  /** Tid, status and metadata of the transaction at {@code pos}. */
  public TxnInfo txnInfo(long pos) {
    ByteBuffer b = read(pos, Format.TXN_HEADER);
    long tid = b.getLong(0);
    char status = (char) (b.get(Format.STATUS_AT) & 0xFF);
    int u = b.getInt(24);
    int d = b.getInt(28);
    int e = b.getInt(32);
    long length = b.getLong(8);
    if (u < 0 || d < 0 || e < 0 || (long) u + d + e > length) {
      throw corrupt(pos, tid, "metadata lengths " + u + "/" + d + "/" + e);
    }
    byte[] meta = read(pos + Format.TXN_HEADER, u + d + e).array();
    try {
      TransactionMetadata m = Txn.decodeMetadata(meta, 0, u, d, e);
      return new TxnInfo(pos, tid, status, length, b.getInt(20), m);
    } catch (FormatException ex) {
      throw corrupt(pos, tid, ex.getMessage());
    }
  }

  /** A transaction's header fields. */
  public record TxnInfo(long pos, long tid, char status, long length, int count, TransactionMetadata metadata) {}

  /** The whole checked transaction at {@code pos}. */
  public Txn txn(long pos, long limit) {
    ByteBuffer lb = read(pos, 16);
    long tid = lb.getLong(0);
    long len = lb.getLong(8);
    if (len < Format.TXN_HEADER + Format.TXN_TRAILER || len > Integer.MAX_VALUE || pos + len > limit) {
      throw corrupt(pos, tid, "implausible transaction length " + len);
    }
    try {
      return Txn.parse(pos, read(pos, (int) len).array());
    } catch (FormatException e) {
      throw corrupt(pos, tid, e.getMessage());
    }
  }

  public ByteBuffer read(long pos, int length) {
    try {
      return Io.read(handle, pos, length);
    } catch (IOException e) {
      throw new StorageError("cannot read " + length + " bytes at offset " + pos + " of " + name + ": " + e, e);
    }
  }

  /** An error naming the damaged place. */
  public StorageError corrupt(long pos, long tid, String why) {
    return new StorageError(name + " is damaged at offset " + pos + " (transaction " + Tid.describe(tid) + "): "
        + why);
  }
}
