package io.zeo.core.internal.client;

import io.zeo.core.internal.wire.MessageWriter;
import io.zeo.core.internal.wire.Wire;
import io.zeo.spi.TransactionMetadata;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One transaction of a {@code ClientStorage}: the operations not yet sent (begin and stores ride
 * together, one-way, in batches, and the last batch rides with the vote), and what it stored,
 * kept for conflict resolution and for the cache at finish. Used by one thread at a time, as
 * the two-phase-commit contract implies.
 */
public final class ClientTxn {
  /** Pending operations are sent one-way once they reach this size. */
  public static final int BATCH_BYTES = 64 * 1024;

  public final int id;
  public final TransactionMetadata meta;
  private MessageWriter ops = new MessageWriter(512);
  /** oid to data (null for a restore recording an undone creation), in store order. */
  public final Map<Long, byte[]> stored = new LinkedHashMap<>();
  /** oid to the serial the store started from. */
  public final Map<Long, Long> serials = new HashMap<>();
  /** oids changed without data the client knows (undo). */
  public final Set<Long> changedElsewhere = new LinkedHashSet<>();
  /** oids whose data conflict resolution replaced. */
  public final Set<Long> resolved = new LinkedHashSet<>();
  /** oid to the data an undo conflict merged into earlier in this transaction: a later undo merges onto it. */
  public final Map<Long, byte[]> undoMerges = new HashMap<>();
  public volatile boolean voted;
  /** Set by tpcAbort, possibly from another thread while a vote is in flight. */
  public volatile boolean aborted;
  /** The connection generation it began on. */
  public long generation;
  /** Begun with a tid (a copy transaction): restore is allowed. */
  public boolean withTid;
  public volatile boolean sentAny;

  public ClientTxn(int id, TransactionMetadata meta) {
    this.id = id;
    this.meta = meta;
  }

  public void begin() {
    ops.u8(Wire.OP_BEGIN);
    Wire.writeMeta(ops, meta);
  }

  public void begin(long tid, char status) {
    withTid = true;
    ops.u8(Wire.OP_BEGIN_TID);
    Wire.writeMeta(ops, meta);
    ops.i64(tid).u16(status);
  }

  public void store(long oid, long serial, byte[] data) {
    ops.u8(Wire.OP_STORE).i64(oid).i64(serial).bytes(data);
    stored.put(oid, data);
    serials.put(oid, serial);
  }

  public void check(long oid, long serial) {
    ops.u8(Wire.OP_CHECK).i64(oid).i64(serial);
  }

  public void restore(long oid, long serial, byte[] data, long dataTid) {
    ops.u8(Wire.OP_RESTORE).i64(oid).i64(serial).bytes(data).i64(dataTid);
    stored.put(oid, data);
  }

  /** True when the pending operations should go out now. */
  public boolean full() {
    return ops.bodyLength() >= BATCH_BYTES;
  }

  /** Appends {@code txnId} and the pending operations to a message, and forgets them. */
  public void drainInto(MessageWriter w) {
    w.i32(id).raw(ops.array(), MessageWriter.HEADER, ops.bodyLength());
    ops = new MessageWriter(512);
    sentAny = true;
  }
}
