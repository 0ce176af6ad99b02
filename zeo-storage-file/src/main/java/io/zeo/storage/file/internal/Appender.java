package io.zeo.storage.file.internal;

import io.zeo.spi.StorageError;
import io.zeo.spi.TransactionMetadata;
import io.zeo.storage.file.FileAccess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Writes transactions into a new data file (pack, recover), keeping its in-memory index, so
 * prev pointers chain within the new file and back pointers are re-aimed at the copies.
 */
public final class Appender {
  public final DataFile target;

  /**
   * Starts an empty data file at {@code file}, to be known as {@code finalPath}.
   */
  public Appender(FileAccess access, Path file, Path finalPath, String name) throws IOException {
    FileAccess.Handle h = access.open(file, true);
    try {
      h.truncate(0);
      FileHeader.write(h, 1);
    } catch (IOException e) {
      h.close();
      throw e;
    }
    target = new DataFile(finalPath, name, h, Format.FILE_HEADER);
  }

  /** Appends one transaction. */
  public void append(long tid, char status, TransactionMetadata meta, List<TxnCodec.Out> outs) throws IOException {
    TxnCodec.Encoded e = TxnCodec.encode(target.end, tid, status, meta, outs, false);
    long pos = target.end;
    int length = e.bytes().remaining();
    Io.writeFully(target.handle, e.bytes(), pos);
    long[] oids = new long[outs.size()];
    long[] at = new long[outs.size()];
    for (int i = 0; i < oids.length; i++) {
      oids[i] = outs.get(i).oid();
      at[i] = pos + e.recordOffsets()[i];
    }
    target.committed(tid, pos, length, oids, at);
  }

  /**
   * Copies transaction {@code t} of {@code source} whole. A back pointer becomes a back pointer
   * to the copy of its target when that was copied, else the data inline.
   */
  public void copyWhole(DataFile source, Txn t) throws IOException, FormatException {
    copyWhole(source, t, null);
  }

  /**
   * Like {@link #copyWhole(DataFile, Txn)}, but when {@code dropped} is given a record whose back
   * pointer cannot be followed (damaged file) is left out and its oid added there.
   */
  public void copyWhole(DataFile source, Txn t, LongConsumer dropped) throws IOException, FormatException {
    List<TxnCodec.Out> outs = new ArrayList<>(t.size());
    for (int i = 0; i < t.size(); i++) {
      long oid = t.oid(i);
      long current = target.index.get(oid);
      long prev = Math.max(current, 0);
      if (t.back(i) == 0) {
        outs.add(new TxnCodec.Out(oid, prev, 0, t.inlineData(i)));
        continue;
      }
      DataHeader holder;
      byte[] data;
      try {
        holder = source.holder(source.header(t.back(i)));
        data = source.inlineData(holder);
      } catch (StorageError e) {
        if (dropped == null) {
          throw e;
        }
        dropped.accept(oid);
        continue;
      }
      long back = data == null ? 0 : target.backPointerFor(current, holder.tid(), data);
      outs.add(new TxnCodec.Out(oid, prev, back, back != 0 ? null : data));
    }
    if (!outs.isEmpty() || t.size() == 0) { // an empty transaction stays; one emptied by damage goes
      append(t.tid, t.status, t.metadata(), outs);
    }
  }
}
