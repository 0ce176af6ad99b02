package io.zeo.core.internal.server;

import io.zeo.core.internal.wire.FrameChannel;
import io.zeo.core.internal.wire.MessageWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The outgoing side of one server connection: a queue bounded in bytes and the rule for who
 * writes it.
 *
 * <p>Every message is queued first, so the order on the wire is the order of queueing: an
 * invalidation queued by a committing thread goes out before any reply queued after it. The
 * connection's own reader thread, answering a call, then writes the queue itself when no one
 * else is writing (no thread hand-off for the common request/reply case). Messages queued by
 * other threads (invalidations, info, replies of votes that waited for the lock) are written by
 * this connection's writer thread, so a client that stops reading blocks only its own writer,
 * never a committer. A queue that grows past its bound means the client is not reading: the
 * connection is closed.
 */
final class Outbound {
  private final FrameChannel frames;
  private final long limit;
  private final Runnable onOverflow;
  private final Runnable onFailure;
  private final ConcurrentLinkedQueue<MessageWriter> queue = new ConcurrentLinkedQueue<>();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final ReentrantLock writeLock = new ReentrantLock();
  private final Thread writer;
  private volatile boolean signalled;
  private volatile boolean closed;

  Outbound(FrameChannel frames, long limit, String name, Runnable onOverflow, Runnable onFailure) {
    this.frames = frames;
    this.limit = limit;
    this.onOverflow = onOverflow;
    this.onFailure = onFailure;
    this.writer = new Thread(this::writerLoop, name);
    writer.setDaemon(true);
  }

  void start() {
    writer.start();
  }

  /** Queues a message from any thread; the writer thread sends it. */
  void send(MessageWriter m) {
    if (enqueue(m)) {
      signal();
    }
  }

  /** Queues a reply from the connection's reader thread and writes it at once if free. */
  void reply(MessageWriter m) {
    if (!enqueue(m)) {
      return;
    }
    if (writeLock.tryLock()) {
      try {
        drain();
      } catch (IOException e) {
        fail();
        return;
      } finally {
        writeLock.unlock();
      }
      if (!queue.isEmpty()) {
        signal();
      }
    } else {
      signal();
    }
  }

  /**
   * Queues {@code m} and writes the queue now, waiting for the writer if need be, then runs
   * {@code afterWrite} before anything else is written: used by the handshake, which switches
   * compression or protection right after its reply.
   */
  void replyNow(MessageWriter m, Runnable afterWrite) {
    if (!enqueue(m)) {
      return;
    }
    writeLock.lock();
    try {
      drain();
      afterWrite.run();
    } catch (IOException e) {
      fail();
    } finally {
      writeLock.unlock();
    }
  }

  /** Queues without writing or waking anyone; a later {@link #reply} or {@link #flush} sends it. */
  void enqueueOnly(MessageWriter m) {
    enqueue(m);
  }

  /** From the reader thread: writes what is queued if no one else is writing. */
  void flush() {
    if (writeLock.tryLock()) {
      try {
        drain();
      } catch (IOException e) {
        fail();
        return;
      } finally {
        writeLock.unlock();
      }
      if (!queue.isEmpty()) {
        signal();
      }
    } else {
      signal();
    }
  }

  private boolean enqueue(MessageWriter m) {
    if (closed) {
      return false;
    }
    m.seal();
    long size = m.end();
    queue.add(m);
    if (queuedBytes.addAndGet(size) > limit) {
      closed = true;
      onOverflow.run();
      return false;
    }
    return true;
  }

  private void signal() {
    signalled = true;
    LockSupport.unpark(writer);
  }

  private void drain() throws IOException {
    ByteBuffer[] batch = new ByteBuffer[16];
    while (true) {
      int n = 0;
      long size = 0;
      MessageWriter m;
      while (n < batch.length && (m = queue.poll()) != null) {
        batch[n++] = frames.encode(m);
        size += m.end();
      }
      if (n == 0) {
        return;
      }
      if (n == 1) {
        frames.writeAll(batch[0]);
      } else {
        ByteBuffer[] some = new ByteBuffer[n];
        System.arraycopy(batch, 0, some, 0, n);
        frames.writeAll(some);
      }
      queuedBytes.addAndGet(-size);
    }
  }

  private void writerLoop() {
    while (!closed) {
      if (!signalled) {
        LockSupport.park(this);
        continue;
      }
      signalled = false;
      writeLock.lock();
      try {
        drain();
      } catch (IOException | RuntimeException e) {
        fail();
        return;
      } finally {
        writeLock.unlock();
      }
    }
  }

  private void fail() {
    if (!closed) {
      closed = true;
      onFailure.run();
    }
  }

  /** Writes what is queued (best effort, bounded by the channel) and stops the writer. */
  void close() {
    closed = true;
    LockSupport.unpark(writer);
  }

  /** Tries to flush what is queued before closing, e.g. a final error message. */
  void flushQuietly() {
    if (writeLock.tryLock()) {
      try {
        drain();
      } catch (IOException | RuntimeException ignored) {
        // the peer is going away anyway
      } finally {
        writeLock.unlock();
      }
    }
  }
}
