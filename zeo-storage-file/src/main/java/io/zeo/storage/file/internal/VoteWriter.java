package io.zeo.storage.file.internal;

import io.zeo.spi.ConflictError;
import io.zeo.spi.ConflictResolver;
import io.zeo.spi.Oid;
import io.zeo.spi.ReadConflictError;
import io.zeo.spi.Tid;
import io.zeo.spi.UndoError;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The write half of a vote, run under the commit lock: checks read serials, checks and resolves
 * write conflicts, works out undo and restore records, and writes the transaction record with
 * status {@code 'c'} at the end of the file. Nothing is published here; finish does that.
 */
public final class VoteWriter {
  private static final Logger LOG = System.getLogger(VoteWriter.class.getName());

  private VoteWriter() {}

  /**
   * Writes {@code s} as transaction {@code tid} at {@code f.end} and records in {@code s} where.
   *
   * @throws ConflictError or ReadConflictError or UndoError with nothing written
   * @throws IOException if the write failed (part of the record may be in the file past end)
   */
  public static void write(DataFile f, TxnState s, long tid, ConflictResolver resolver) throws IOException {
    for (var e : s.checks.long2LongEntrySet()) {
      long committed = currentSerial(f, e.getLongKey());
      if (committed != e.getLongValue()) {
        throw new ReadConflictError(e.getLongKey(), e.getLongValue(), committed);
      }
    }
    List<TxnCodec.Out> outs = new ArrayList<>(s.writes.size());
    Set<Long> resolved = new LinkedHashSet<>();
    Map<Long, Txn> undone = new HashMap<>();
    for (Map.Entry<Long, TxnState.Write> e : s.writes.entrySet()) {
      long oid = e.getKey();
      long currentPos = f.index.get(oid);
      long prev = Math.max(currentPos, 0);
      TxnState.Write w = e.getValue();
      if (w instanceof TxnState.Store st) {
        byte[] data = st.data();
        if (currentPos >= 0) {
          long committed = f.header(currentPos).tid();
          if (committed != st.serial()) {
            data = resolve(f, oid, st, currentPos, committed, resolver);
            resolved.add(oid);
          }
        }
        outs.add(new TxnCodec.Out(oid, prev, 0, data));
      } else if (w instanceof TxnState.Restore r) {
        long back = f.backPointerFor(currentPos, r.dataTid(), r.data());
        outs.add(new TxnCodec.Out(oid, prev, back, back != 0 ? null : r.data()));
      } else {
        List<Long> undoneTids = ((TxnState.Undo) w).undoneTids();
        outs.add(Undoer.computeAll(f, oid, currentPos, undoneTids, undone, resolver));
      }
    }
    char status = s.status; // ' ' unless restored: ZODB writes ' ' for a transaction holding an undo
    TxnCodec.Encoded enc = TxnCodec.encode(f.end, tid, status, s.metadata, outs, true);
    int length = enc.bytes().remaining();
    Io.writeFully(f.handle, enc.bytes(), f.end);
    s.writtenStatus = status;
    s.tid = tid;
    s.pos = f.end;
    s.length = length;
    s.oids = new long[outs.size()];
    s.recordPositions = new long[outs.size()];
    for (int i = 0; i < outs.size(); i++) {
      s.oids[i] = outs.get(i).oid();
      s.recordPositions[i] = f.end + enc.recordOffsets()[i];
    }
    s.resolved = Collections.unmodifiableSet(resolved);
  }

  private static long currentSerial(DataFile f, long oid) {
    long pos = f.index.get(oid);
    return pos < 0 ? Tid.NONE : f.header(pos).tid();
  }

  private static byte[] resolve(DataFile f, long oid, TxnState.Store st, long currentPos, long committedSerial,
      ConflictResolver resolver) {
    byte[] committed = f.data(f.header(currentPos));
    Optional<byte[]> merged = Optional.empty();
    try {
      byte[] original = null;
      if (st.serial() != Tid.NONE) {
        DataHeader o = f.revision(currentPos, st.serial());
        original = o == null ? null : f.data(o);
      }
      if (committed != null) {
        merged = resolver.resolve(oid, original, committed, st.data());
      }
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "conflict resolver failed on oid " + Oid.toString(oid), e);
    }
    return merged.orElseThrow(() -> new ConflictError(oid, st.serial(), committedSerial));
  }
}
