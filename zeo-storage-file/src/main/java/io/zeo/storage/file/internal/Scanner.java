package io.zeo.storage.file.internal;

import io.zeo.storage.file.FileAccess;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Walks a data file transaction by transaction through a read-ahead window, checking each one.
 * Used by open (recovery), verify, recover and pack.
 */
public final class Scanner {
  private static final int WINDOW = 1 << 20;

  /** What is found at an offset. */
  public sealed interface Step permits Ok, Bad, End {}

  /** An intact transaction. */
  public record Ok(Txn txn) implements Step {}

  /**
   * A damaged or unfinished record: {@code next} is where the following transaction should
   * start if the record's two length fields agree, else -1.
   */
  public record Bad(long pos, long tid, String why, long next, boolean unfinished) implements Step {
    Bad(long pos, long tid, String why, long next) {
      this(pos, tid, why, next, false);
    }
  }

  /** The end of the file (or of the range scanned). */
  public record End() implements Step {}

  private final FileAccess.Handle handle;
  private final long size;
  private final byte[] window = new byte[WINDOW];
  private long windowPos = -1;
  private int windowLen;

  public Scanner(FileAccess.Handle handle, long size) {
    this.handle = handle;
    this.size = size;
  }

  public long size() {
    return size;
  }

  /** Reads and checks the transaction at {@code pos}; its tid must be later than {@code prevTid}. */
  public Step at(long pos, long prevTid) throws IOException {
    long remaining = size - pos;
    if (remaining <= 0) {
      return new End();
    }
    if (remaining < Format.TXN_HEADER + Format.TXN_TRAILER) {
      return new Bad(pos, 0, "only " + remaining + " bytes left, less than a transaction header", -1);
    }
    ByteBuffer head = ByteBuffer.wrap(bytes(pos, 17));
    long tid = head.getLong(0);
    long len = head.getLong(8);
    int status = head.get(16) & 0xFF;
    if (len < Format.TXN_HEADER + Format.TXN_TRAILER || len > remaining || len > Integer.MAX_VALUE) {
      return new Bad(pos, tid, "transaction length " + len + " does not fit in the " + remaining
          + " bytes left", -1);
    }
    long trailer = ByteBuffer.wrap(bytes(pos + len - Format.TXN_TRAILER, 8)).getLong();
    long next = trailer == len ? pos + len : -1;
    if (status == Format.IN_PROGRESS) {
      return new Bad(pos, tid, "unfinished transaction (status 'c': its finish never completed)", next, true);
    }
    Txn t;
    try {
      t = Txn.parse(pos, bytes(pos, (int) len));
    } catch (FormatException e) {
      return new Bad(pos, tid, e.getMessage(), next);
    }
    if (Long.compareUnsigned(tid, prevTid) <= 0) {
      return new Bad(pos, tid, "tid " + Long.toHexString(tid) + " is not after the previous tid "
          + Long.toHexString(prevTid), next);
    }
    return new Ok(t);
  }

  /**
   * True if an intact transaction starts after {@code pos} and ends at the end of the file, or
   * just before an unfinished ({@code 'c'}) one there: then damage at {@code pos} is in the
   * middle of the file, not a torn tail.
   */
  public boolean intactTransactionAfter(long pos) throws IOException {
    long end = size;
    while (end - pos >= 2L * (Format.TXN_HEADER + Format.TXN_TRAILER)) {
      long len = ByteBuffer.wrap(bytes(end - Format.TXN_TRAILER, 8)).getLong();
      long start = end - len;
      if (len < Format.TXN_HEADER + Format.TXN_TRAILER || start <= pos || len > Integer.MAX_VALUE) {
        return false;
      }
      if ((bytes(start + Format.STATUS_AT, 1)[0] & 0xFF) == Format.IN_PROGRESS) {
        end = start; // a crash during a commit: look at the transaction before it
        continue;
      }
      try {
        Txn.parse(start, bytes(start, (int) len));
        return true;
      } catch (FormatException e) {
        return false;
      }
    }
    return false;
  }

  /** {@code n} bytes at {@code pos}, served from the window where possible. */
  public byte[] bytes(long pos, int n) throws IOException {
    byte[] out = new byte[n];
    if (n > WINDOW) {
      Io.readFully(handle, ByteBuffer.wrap(out), pos);
      return out;
    }
    if (windowPos < 0 || pos < windowPos || pos + n > windowPos + windowLen) {
      int want = (int) Math.min(WINDOW, size - pos);
      Io.readFully(handle, ByteBuffer.wrap(window, 0, want), pos);
      windowPos = pos;
      windowLen = want;
    }
    System.arraycopy(window, (int) (pos - windowPos), out, 0, n);
    return out;
  }
}
