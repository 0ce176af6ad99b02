package io.zeo.core.internal.inproc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One direction of an in-process connection: a bounded byte ring. A writer blocks while it is
 * full (like a socket whose peer stops reading), a reader while it is empty. Closing the write
 * end lets the reader drain and then see end-of-stream; closing the read end makes writers fail.
 */
final class Pipe {
  private final byte[] ring;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition notFull = lock.newCondition();
  private int head;
  private int count;
  private boolean writeClosed;
  private boolean readClosed;

  Pipe(int capacity) {
    ring = new byte[capacity];
  }

  int read(ByteBuffer dst) throws IOException {
    if (!dst.hasRemaining()) {
      return 0;
    }
    lock.lock();
    try {
      while (count == 0) {
        if (readClosed) {
          throw new AsynchronousCloseException();
        }
        if (writeClosed) {
          return -1;
        }
        notEmpty.awaitUninterruptibly();
      }
      if (readClosed) {
        throw new AsynchronousCloseException();
      }
      int n = Math.min(count, dst.remaining());
      int first = Math.min(n, ring.length - head);
      dst.put(ring, head, first);
      if (n > first) {
        dst.put(ring, 0, n - first);
      }
      head = (head + n) % ring.length;
      count -= n;
      notFull.signalAll();
      return n;
    } finally {
      lock.unlock();
    }
  }

  int write(ByteBuffer src) throws IOException {
    int total = 0;
    lock.lock();
    try {
      while (src.hasRemaining()) {
        while (count == ring.length && !readClosed && !writeClosed) {
          notFull.awaitUninterruptibly();
        }
        if (writeClosed) {
          throw total == 0 ? new ClosedChannelException() : new AsynchronousCloseException();
        }
        if (readClosed) {
          throw new IOException("connection reset by peer");
        }
        int tail = (head + count) % ring.length;
        int n = Math.min(src.remaining(), ring.length - count);
        int first = Math.min(n, ring.length - tail);
        src.get(ring, tail, first);
        if (n > first) {
          src.get(ring, 0, n - first);
        }
        count += n;
        total += n;
        notEmpty.signalAll();
      }
      return total;
    } finally {
      lock.unlock();
    }
  }

  /** The writing side is done: the reader sees end-of-stream after the buffered bytes. */
  void closeWrite() {
    lock.lock();
    try {
      writeClosed = true;
      notEmpty.signalAll();
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The reading side is gone: blocked readers throw, writers fail. */
  void closeRead() {
    lock.lock();
    try {
      readClosed = true;
      notEmpty.signalAll();
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
