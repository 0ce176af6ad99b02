package io.zeo.core.internal.server;

import io.zeo.core.internal.wire.Wire;
import io.zeo.spi.ProtocolError;
import io.zeo.spi.Storage;
import io.zeo.spi.StorageTransactionError;
import io.zeo.spi.TransactionMetadata;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;

/**
 * One client transaction on the server. Its operations are buffered ({@link OpBuffer}) and only
 * handed to the storage at vote, under the server's commit lock, so a client streaming data
 * holds no lock and a vote that fails on a conflict can be replayed after the client re-stores
 * merged data. An undo needs the storage transaction at once, so it switches the transaction to
 * <em>direct</em> mode: begun in the storage, later operations applied as they arrive.
 *
 * <p>Guarded by its own monitor: the connection's reader thread and a vote waiting for the lock
 * on another thread both touch it.
 */
final class ServerTxn {
  enum State { OPEN, WAITING_FOR_LOCK, VOTED, DONE }

  final int id;
  private final Storage storage;
  private final int maxRecord;
  private final OpBuffer buffer;
  State state = State.OPEN;
  boolean holdsLock;
  ScheduledFuture<?> timeout;
  /** Data a client merged for undo conflicts; the storage may consult its resolver again at vote. */
  final Map<Object, byte[]> merges = new java.util.HashMap<>();
  /** The storage-level transaction while begun in the storage, else null. */
  private TransactionMetadata storageTxn;
  private boolean direct;
  private boolean broken;
  private TransactionMetadata meta;
  private long beginTid;
  private char status = ' ';

  ServerTxn(int id, Storage storage, long spillThreshold, int maxRecord) {
    this.id = id;
    this.storage = storage;
    this.maxRecord = maxRecord;
    this.buffer = new OpBuffer(spillThreshold);
  }

  /** Adds operations received from the client. */
  synchronized void add(byte[] ops, int off, int len) {
    if (state != State.OPEN) {
      broken = true; // reported at the next vote
      return;
    }
    if (direct) {
      apply(new OpBuffer.Reader(ops, off, len, null, len));
    } else {
      buffer.append(ops, off, len);
    }
  }

  /** Begins in the storage and applies the buffered operations (at vote, or for an undo). */
  synchronized void beginInStorage() {
    if (storageTxn != null) {
      return;
    }
    if (broken) {
      throw new StorageTransactionError("transaction " + id + " received operations after it voted");
    }
    try (OpBuffer.Reader in = buffer.open()) {
      apply(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (storageTxn == null) {
      throw new StorageTransactionError("transaction " + id + " was never begun");
    }
  }

  /** Switches to direct mode (needed by undo). */
  synchronized void goDirect() {
    beginInStorage();
    direct = true;
  }

  synchronized TransactionMetadata storageTxn() {
    return storageTxn;
  }

  synchronized boolean isDirect() {
    return direct;
  }

  /** Aborts in the storage (keeping the buffer for a replay unless direct). */
  synchronized void abortInStorage() {
    if (storageTxn != null) {
      storage.tpcAbort(storageTxn);
      storageTxn = null;
      if (direct) {
        broken = true; // an undo's effect was in the storage transaction only
      }
    }
  }

  /** The storage committed it: nothing left to abort. */
  synchronized void finished() {
    storageTxn = null;
    state = State.DONE;
    buffer.close();
  }

  synchronized void discard() {
    abortInStorage();
    state = State.DONE;
    buffer.close();
  }

  private void apply(OpBuffer.Reader in) {
    try {
      int op;
      while ((op = in.next()) >= 0) {
        switch (op) {
          case Wire.OP_BEGIN, Wire.OP_BEGIN_TID -> {
            meta = readMeta(in);
            TransactionMetadata t = new TransactionMetadata(meta.user(), meta.description(), meta.extension());
            if (op == Wire.OP_BEGIN_TID) {
              beginTid = in.readLong();
              status = in.readChar();
              storage.tpcBegin(t, beginTid, status);
            } else {
              storage.tpcBegin(t);
            }
            storageTxn = t;
          }
          case Wire.OP_STORE -> {
            long oid = in.readLong();
            long serial = in.readLong();
            storage.store(oid, serial, readData(in, false), begun());
          }
          case Wire.OP_CHECK -> {
            long oid = in.readLong();
            long serial = in.readLong();
            storage.checkCurrentSerial(oid, serial, begun());
          }
          case Wire.OP_RESTORE -> {
            long oid = in.readLong();
            long serial = in.readLong();
            byte[] data = readData(in, true);
            long dataTid = in.readLong();
            storage.restore(oid, serial, data, dataTid, begun());
          }
          default -> throw new ProtocolError("unknown transaction operation " + op);
        }
      }
    } catch (EOFException e) {
      throw new ProtocolError("truncated transaction operation", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private TransactionMetadata begun() {
    if (storageTxn == null) {
      throw new StorageTransactionError("transaction " + id + " stores before it began");
    }
    return storageTxn;
  }

  private byte[] readData(OpBuffer.Reader in, boolean nullable) throws IOException {
    int n = in.readInt();
    if (n == -1 && nullable) {
      return null;
    }
    if (n < 0 || n > maxRecord) {
      throw new ProtocolError("record length " + n + " is negative or exceeds the maximum " + maxRecord);
    }
    in.expect(n);
    byte[] b = new byte[n];
    in.readFully(b);
    return b;
  }

  private static TransactionMetadata readMeta(OpBuffer.Reader in) throws IOException {
    String user = readString(in);
    String description = readString(in);
    int n = in.readInt();
    if (n < 0 || n > 100_000) {
      throw new ProtocolError("bad extension size " + n);
    }
    Map<String, String> ext = new java.util.LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      ext.put(readString(in), readString(in));
    }
    return new TransactionMetadata(user, description, ext);
  }

  private static String readString(OpBuffer.Reader in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 16 * 1024 * 1024) {
      throw new ProtocolError("bad string length " + n);
    }
    in.expect(n);
    byte[] b = new byte[n];
    in.readFully(b);
    return new String(b, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** For the tests of spilling. */
  synchronized boolean spilled() {
    return buffer.spilled();
  }

  static Set<Long> none() {
    return Set.of();
  }
}
