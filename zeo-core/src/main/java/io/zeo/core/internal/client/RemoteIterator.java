package io.zeo.core.internal.client;

import io.zeo.core.internal.wire.MessageReader;
import io.zeo.core.internal.wire.Wire;
import io.zeo.spi.ClientDisconnectedError;
import io.zeo.spi.DataRecord;
import io.zeo.spi.StorageIterator;
import io.zeo.spi.TransactionMetadata;
import io.zeo.spi.TransactionRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/** A storage iterator on the server, fetched in batches. */
public final class RemoteIterator implements StorageIterator {
  static final int BATCH = 100;

  private final ClientConnection conn;
  private final int id;
  private final ArrayDeque<TransactionRecord> buffered = new ArrayDeque<>();
  private boolean more = true;
  private boolean closed;

  public RemoteIterator(ClientConnection conn, long start, long stop) {
    this.conn = conn;
    this.id = conn.call(Wire.ITER_START, w -> w.i64(start).i64(stop), r -> {
      int v = r.i32();
      r.end();
      return v;
    });
  }

  @Override
  public boolean hasNext() {
    if (buffered.isEmpty() && more && !closed) {
      fetch();
    }
    return !buffered.isEmpty();
  }

  private void fetch() {
    List<TransactionRecord> batch = conn.call(Wire.ITER_NEXT, w -> w.i32(id).i32(BATCH), this::decode);
    buffered.addAll(batch);
  }

  private List<TransactionRecord> decode(MessageReader r) {
    more = r.bool();
    int n = r.count(8);
    List<TransactionRecord> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long tid = r.i64();
      char status = (char) r.u16();
      TransactionMetadata meta = Wire.readMeta(r);
      int m = r.count(28);
      List<DataRecord> records = new ArrayList<>(m);
      for (int j = 0; j < m; j++) {
        records.add(new DataRecord(r.i64(), r.i64(), r.bytes(), r.i64()));
      }
      out.add(new TransactionRecord(tid, status, meta, records));
    }
    r.end();
    return out;
  }

  @Override
  public TransactionRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return buffered.removeFirst();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    buffered.clear();
    if (more && !conn.isClosed()) {
      try {
        conn.oneway(Wire.ITER_CLOSE, w -> w.i32(id));
      } catch (ClientDisconnectedError ignored) {
        // the server closes it with the connection
      }
    }
  }
}
