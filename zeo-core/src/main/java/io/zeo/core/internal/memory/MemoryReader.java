package io.zeo.core.internal.memory;

import io.zeo.spi.HistoryEntry;
import io.zeo.spi.LoadResult;
import io.zeo.spi.Oid;
import io.zeo.spi.POSKeyError;
import io.zeo.spi.Revision;
import io.zeo.spi.StorageIterator;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import io.zeo.spi.TransactionRecord;
import io.zeo.spi.UndoLogEntry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The read side of a {@link MemoryDatabase}. Every read first takes the database's last tid and
 * ignores anything newer, so it never waits for a commit and sees a transaction that is being
 * finished either entirely or not at all.
 */
public final class MemoryReader {
  private final MemoryDatabase db;

  public MemoryReader(MemoryDatabase db) {
    this.db = db;
  }

  public LoadResult load(long oid) {
    Rev r = db.current(oid);
    if (r == null || r.data() == null) {
      throw r == null ? new POSKeyError(oid, "no object " + Oid.toString(oid)) : creationUndone(oid, r.tid());
    }
    return new LoadResult(r.data(), r.tid());
  }

  private static POSKeyError creationUndone(long oid, long tid) {
    return new POSKeyError(oid, "object " + Oid.toString(oid) + " does not exist: its creation was undone by "
        + Tid.toHex(tid));
  }

  public Optional<Revision> loadBefore(long oid, long tid) {
    long last = db.lastTid();
    Rev[] chain = db.chain(oid);
    if (chain == null || Long.compareUnsigned(chain[0].tid(), last) > 0) {
      throw new POSKeyError(oid);
    }
    if (tid == Tid.NONE) {
      return Optional.empty();
    }
    long limit = Long.compareUnsigned(tid - 1, last) < 0 ? tid - 1 : last;
    int i = Revisions.indexAtOrBefore(chain, limit);
    if (i < 0) {
      return Optional.empty();
    }
    if (chain[i].data() == null) {
      throw creationUndone(oid, chain[i].tid());
    }
    long end = i + 1 < chain.length && Long.compareUnsigned(chain[i + 1].tid(), last) <= 0
        ? chain[i + 1].tid() : Tid.NONE;
    return Optional.of(new Revision(chain[i].data(), chain[i].tid(), end));
  }

  public byte[] loadSerial(long oid, long serial) {
    long last = db.lastTid();
    Rev r = Long.compareUnsigned(serial, last) <= 0 ? Revisions.withTid(db.chain(oid), serial) : null;
    if (r == null) {
      throw new POSKeyError(oid, "no revision " + Tid.toHex(serial) + " of object " + Oid.toString(oid));
    }
    if (r.data() == null) {
      throw new POSKeyError(oid, "revision " + Tid.toHex(serial) + " of object " + Oid.toString(oid)
          + " records that its creation was undone");
    }
    return r.data();
  }

  public List<HistoryEntry> history(long oid, int max) {
    if (max < 1) {
      throw new IllegalArgumentException("history size must be at least 1, got " + max);
    }
    long last = db.lastTid();
    Rev[] chain = db.chain(oid);
    int i = Revisions.indexAtOrBefore(chain, last);
    if (i < 0) {
      throw new POSKeyError(oid);
    }
    List<HistoryEntry> out = new ArrayList<>();
    for (; i >= 0 && out.size() < max; i--) {
      Rev r = chain[i];
      TransactionRecord t = db.transactions().get(r.tid());
      var md = t == null ? TransactionMetadata.empty() : t.metadata();
      out.add(new HistoryEntry(r.tid(), md.user(), md.description(), md.extension(),
          r.data() == null || r.dataTid() != Tid.NONE ? 0 : r.data().length)); // back-pointers hold no data
    }
    return out;
  }

  public StorageIterator iterator(long start, long stop) {
    long last = db.lastTid();
    long to = Long.compareUnsigned(stop, last) < 0 ? stop : last;
    Iterator<TransactionRecord> it = Long.compareUnsigned(start, to) > 0 || last == Tid.NONE
        ? Collections.emptyIterator()
        : db.transactions().subMap(start, true, to, true).values().iterator();
    return new StorageIterator() {
      private boolean closed;

      @Override
      public boolean hasNext() {
        return !closed && it.hasNext();
      }

      @Override
      public TransactionRecord next() {
        if (closed) {
          throw new NoSuchElementException("iterator closed");
        }
        return it.next();
      }

      @Override
      public void close() {
        closed = true;
      }
    };
  }

  public List<UndoLogEntry> undoLog(int first, int last, Predicate<UndoLogEntry> filter) {
    if (first < 0) {
      throw new IllegalArgumentException("undoLog first must be >= 0, got " + first);
    }
    int end = last < 0 ? first - last : last;
    List<UndoLogEntry> out = new ArrayList<>();
    long newest = db.lastTid();
    if (newest == Tid.NONE) {
      return out;
    }
    int index = 0;
    for (TransactionRecord t : db.transactions().headMap(newest, true).descendingMap().values()) {
      if (index >= end) {
        break;
      }
      if (!db.isUndoable(t)) {
        continue;
      }
      UndoLogEntry e = new UndoLogEntry(t.tid(), t.metadata().user(), t.metadata().description(),
          t.metadata().extension());
      if (filter != null && !filter.test(e)) {
        continue;
      }
      if (index >= first) {
        out.add(e);
      }
      index++;
    }
    return out;
  }
}
