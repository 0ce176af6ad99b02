package io.zeo.storage.file.internal;

import io.zeo.spi.DataRecord;
import io.zeo.spi.StorageError;
import io.zeo.spi.StorageIterator;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/** Lazily reads transactions from {@code pos} up to {@code end} and tid {@code stop}. */
public final class TxnIterator implements StorageIterator {
  private final DataFile file;
  private final long end;
  private final long stop;
  private long pos;
  private TransactionRecord next;
  private boolean closed;

  public TxnIterator(DataFile file, long pos, long end, long stop) {
    this.file = file;
    this.pos = pos;
    this.end = end;
    this.stop = stop;
  }

  @Override
  public boolean hasNext() {
    if (next == null && !closed && pos < end) {
      Txn t = file.txn(pos, end);
      if (Long.compareUnsigned(t.tid, stop) > 0) {
        pos = end;
        return false;
      }
      pos += t.length;
      next = toRecord(file, t);
    }
    return next != null;
  }

  @Override
  public TransactionRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    TransactionRecord r = next;
    next = null;
    return r;
  }

  /** A transaction as the SPI shows it: back pointers resolved to data plus the holder's tid. */
  public static TransactionRecord toRecord(DataFile file, Txn t) {
    List<DataRecord> records = new ArrayList<>(t.size());
    for (int i = 0; i < t.size(); i++) {
      long back = t.back(i);
      if (back != 0) {
        DataHeader holder = file.holder(file.header(back));
        records.add(new DataRecord(t.oid(i), t.tid, file.inlineData(holder), holder.tid()));
      } else {
        records.add(new DataRecord(t.oid(i), t.tid, t.inlineData(i), Tid.NONE));
      }
    }
    try {
      return new TransactionRecord(t.tid, t.status, t.metadata(), records);
    } catch (FormatException e) {
      throw new StorageError(file.name + ": transaction at " + t.pos + ": " + e.getMessage());
    }
  }

  @Override
  public void close() {
    closed = true;
    next = null;
  }
}
