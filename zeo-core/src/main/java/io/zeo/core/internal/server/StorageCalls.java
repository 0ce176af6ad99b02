package io.zeo.core.internal.server;

import io.zeo.core.internal.wire.MessageReader;
import io.zeo.core.internal.wire.MessageWriter;
import io.zeo.core.internal.wire.Wire;
import io.zeo.spi.DataRecord;
import io.zeo.spi.HistoryEntry;
import io.zeo.spi.LoadResult;
import io.zeo.spi.ProtocolError;
import io.zeo.spi.ReadOnlyError;
import io.zeo.spi.Revision;
import io.zeo.spi.Storage;
import io.zeo.spi.StorageIterator;
import io.zeo.spi.TransactionRecord;
import io.zeo.spi.UndoLogEntry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The read-side calls of one connection: loads, history, oids, info, undo log, iteration. */
final class StorageCalls {
  /** Most oids one newOids call hands out. */
  static final int MAX_NEW_OIDS = 1000;
  /** Bytes of records an iterator batch aims at (whole transactions, so it may exceed it). */
  static final int ITER_BATCH_BYTES = 1 << 20;

  private final ServerConnection conn;
  private final Storage storage;
  private final Map<Integer, StorageIterator> iterators = new HashMap<>();
  private int nextIterator = 1;

  StorageCalls(ServerConnection conn) {
    this.conn = conn;
    this.storage = conn.served.storage();
  }

  MessageWriter call(int id, int op, MessageReader r) {
    MessageWriter w = ServerConnection.reply(id);
    conn.served.awaitPublished();
    switch (op) {
      case Wire.LOAD -> {
        long oid = r.i64();
        r.end();
        LoadResult l = storage.load(oid);
        w.bytes(l.data()).i64(l.serial());
      }
      case Wire.LOAD_BEFORE -> {
        long oid = r.i64();
        long tid = r.i64();
        r.end();
        Optional<Revision> rev = storage.loadBefore(oid, tid);
        w.bool(rev.isPresent());
        rev.ifPresent(v -> w.bytes(v.data()).i64(v.start()).i64(v.end()));
      }
      case Wire.LOAD_SERIAL -> {
        long oid = r.i64();
        long serial = r.i64();
        r.end();
        w.bytes(storage.loadSerial(oid, serial));
      }
      case Wire.HISTORY -> {
        long oid = r.i64();
        int size = r.i32();
        r.end();
        List<HistoryEntry> h = storage.history(oid, size);
        w.i32(h.size());
        for (HistoryEntry e : h) {
          w.i64(e.tid()).string(e.user()).string(e.description());
          Wire.writeMap(w, e.extension());
          w.i32(e.size());
        }
      }
      case Wire.NEW_OIDS -> {
        int n = r.i32();
        r.end();
        if (n < 1 || n > MAX_NEW_OIDS) {
          throw new IllegalArgumentException("newOids count " + n + " is not between 1 and " + MAX_NEW_OIDS);
        }
        if (conn.readOnly) {
          throw new ReadOnlyError("connection to storage " + conn.served.name() + " is read-only");
        }
        w.i32(n);
        for (int i = 0; i < n; i++) {
          w.i64(storage.newOid());
        }
      }
      case Wire.GET_INFO -> {
        r.end();
        Wire.writeInfo(w, conn.withReadOnly(conn.served.info()));
      }
      case Wire.PING -> r.end();
      case Wire.UNDO_LOG -> {
        int first = r.i32();
        int last = r.i32();
        r.end();
        List<UndoLogEntry> log = storage.undoLog(first, last, null);
        w.i32(log.size());
        for (UndoLogEntry e : log) {
          w.i64(e.tid()).string(e.user()).string(e.description());
          Wire.writeMap(w, e.extension());
        }
      }
      case Wire.ITER_START -> {
        long start = r.i64();
        long stop = r.i64();
        r.end();
        StorageIterator it = storage.iterator(start, stop);
        int itId;
        synchronized (iterators) {
          itId = nextIterator++;
          iterators.put(itId, it);
        }
        w.i32(itId);
      }
      case Wire.ITER_NEXT -> {
        int itId = r.i32();
        int max = r.i32();
        r.end();
        iterNext(w, itId, max);
      }
      default -> throw new ProtocolError("unknown call " + op);
    }
    return w;
  }

  private void iterNext(MessageWriter w, int itId, int max) {
    StorageIterator it;
    synchronized (iterators) {
      it = iterators.get(itId);
    }
    if (it == null) {
      throw new IllegalArgumentException("no open iterator " + itId);
    }
    MessageWriter batch = new MessageWriter(4096);
    int count = 0;
    while (count < max && batch.bodyLength() < ITER_BATCH_BYTES && it.hasNext()) {
      TransactionRecord t = it.next();
      batch.i64(t.tid()).u16(t.status());
      Wire.writeMeta(batch, t.metadata());
      batch.i32(t.records().size());
      for (DataRecord d : t.records()) {
        batch.i64(d.oid()).i64(d.tid()).bytes(d.data()).i64(d.dataTid());
      }
      count++;
    }
    boolean more = it.hasNext();
    if (!more) {
      closeIterator(itId);
    }
    w.bool(more).i32(count).raw(batch.array(), MessageWriter.HEADER, batch.bodyLength());
  }

  void closeIterator(int itId) {
    StorageIterator it;
    synchronized (iterators) {
      it = iterators.remove(itId);
    }
    if (it != null) {
      it.close();
    }
  }

  void closeIterators() {
    synchronized (iterators) {
      iterators.values().forEach(StorageIterator::close);
      iterators.clear();
    }
  }
}
