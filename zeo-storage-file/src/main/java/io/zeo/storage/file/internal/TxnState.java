package io.zeo.storage.file.internal;

import io.zeo.spi.TransactionMetadata;
import it.unimi.dsi.fastutil.longs.Long2LongLinkedOpenHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A transaction in progress in a FileStorage: what it stored, and after vote where it was written. */
public final class TxnState {
  /** The phases a transaction goes through. */
  public enum Phase { BEGUN, VOTED }

  /** One object's pending write. */
  public sealed interface Write permits Store, Restore, Undo {}

  /** A normal store from {@code serial}. */
  public record Store(long serial, byte[] data) implements Write {}

  /** A restore with a given data (null = creation undone) and back-pointer hint. */
  public record Restore(byte[] data, long dataTid) implements Write {}

  /** Undo of this object's revisions in the transactions {@code undoneTids}, in that order. */
  public record Undo(List<Long> undoneTids) implements Write {
    public Undo {
      undoneTids = List.copyOf(undoneTids);
    }
  }

  public final TransactionMetadata metadata;
  /** The caller's tid for a restore transaction, else 0. */
  public final long fixedTid;
  public final char status;
  public Phase phase = Phase.BEGUN;
  public final Map<Long, Write> writes = new LinkedHashMap<>();
  /** checkCurrentSerial: oid to the serial it must still have. */
  public final Long2LongLinkedOpenHashMap checks = new Long2LongLinkedOpenHashMap();
  /** Set (under the transaction table's lock) once finish has started: close then leaves it be. */
  public boolean finishing;

  // set by vote
  public char writtenStatus;
  public long tid;
  public long pos;
  public long length;
  public long[] oids;
  public long[] recordPositions;
  public Set<Long> resolved;

  public TxnState(TransactionMetadata metadata, long fixedTid, char status) {
    this.metadata = metadata;
    this.fixedTid = fixedTid;
    this.status = status;
  }
}
