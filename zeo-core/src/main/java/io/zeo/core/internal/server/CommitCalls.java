package io.zeo.core.internal.server;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.WARNING;

import io.zeo.core.internal.wire.MessageReader;
import io.zeo.core.internal.wire.MessageWriter;
import io.zeo.core.internal.wire.Wire;
import io.zeo.spi.AuthExchange;
import io.zeo.spi.ConflictError;
import io.zeo.spi.UndoError;
import io.zeo.spi.ProtocolError;
import io.zeo.spi.ReadOnlyError;
import io.zeo.spi.Storage;
import io.zeo.spi.StorageTransactionError;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The writing calls of one connection: transaction operations, vote, finish, abort, undo, pack.
 *
 * <p>Vote takes the server's per-storage commit lock (fair). When it is free the vote runs
 * right here on the reader thread; when another transaction holds it, the vote waits on a pool
 * thread so this connection keeps serving loads meanwhile, and its reply is sent from there.
 */
final class CommitCalls {
  private static final System.Logger LOG = System.getLogger(CommitCalls.class.getName());

  private final ServerConnection conn;
  private final ServedStorage served;
  private final Storage storage;
  private final ServerSettings cfg;

  CommitCalls(ServerConnection conn) {
    this.conn = conn;
    this.served = conn.served;
    this.storage = served.storage();
    this.cfg = conn.server.settings();
  }

  void oneway(int op, MessageReader r) {
    switch (op) {
      case Wire.TXN_OPS -> addOps(r);
      case Wire.ABORT -> abort(r.i32());
      default -> throw new ProtocolError("unknown one-way message " + op);
    }
  }

  MessageWriter call(int id, int op, MessageReader r) {
    switch (op) {
      case Wire.VOTE -> {
        return vote(id, addOps(r));
      }
      case Wire.FINISH -> {
        int txnId = r.i32();
        r.end();
        return finish(id, txnId);
      }
      case Wire.UNDO -> {
        long undone = r.i64();
        int n = r.count(12);
        java.util.Map<Object, byte[]> merges = new java.util.HashMap<>();
        for (int i = 0; i < n; i++) {
          long oid = r.i64();
          merges.put(ServedStorage.mergeKey(oid, storage.loadSerial(oid, undone)), r.bytes());
        }
        ServerTxn t = addOps(r);
        checkWritable();
        t.goDirect();
        synchronized (t) {
          t.merges.putAll(merges);
        }
        Set<Long> oids;
        try {
          oids = served.withMerges(t.merges, () -> storage.undo(undone, t.storageTxn()));
        } catch (RuntimeException e) {
          countConflict(e);
          throw e;
        }
        return ServerConnection.reply(id).longs(oids);
      }
      case Wire.PACK -> {
        long packTid = r.i64();
        boolean wait = r.bool();
        r.end();
        if (conn.auth != null) {
          conn.auth.checkAccess(served.name(), AuthExchange.Access.ADMIN, "pack");
        }
        return pack(id, packTid, wait);
      }
      default -> throw new ProtocolError("unknown call " + op);
    }
  }

  /** Reads {@code txnId ops...} and buffers the operations. */
  private ServerTxn addOps(MessageReader r) {
    int txnId = r.i32();
    ServerTxn t = conn.txns.computeIfAbsent(txnId,
        k -> new ServerTxn(k, storage, cfg.spillThreshold(), cfg.maxFrameSize()));
    t.add(r.array(), r.position(), r.remaining());
    r.skipRest();
    return t;
  }

  /** Conflicts (write or undo) count in the status; other failures do not. */
  private void countConflict(RuntimeException e) {
    if (e instanceof ConflictError || e instanceof UndoError) {
      served.countConflict();
    }
  }

  private void checkWritable() {
    if (conn.readOnly) {
      throw new ReadOnlyError("connection to storage " + served.name() + " is read-only");
    }
  }

  private MessageWriter vote(int id, ServerTxn t) {
    checkWritable();
    synchronized (t) {
      if (t.state != ServerTxn.State.OPEN) {
        throw new StorageTransactionError("transaction " + t.id + " has already voted");
      }
      t.state = ServerTxn.State.WAITING_FOR_LOCK;
    }
    Semaphore lock = served.commitLock();
    boolean got;
    try {
      got = lock.tryAcquire(0, TimeUnit.NANOSECONDS); // honours the queue, unlike tryAcquire()
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      got = false;
    }
    if (got) {
      return lockedVote(id, t);
    }
    served.countLockWait();
    conn.server.commitExecutor().execute(() -> {
      try {
        lock.acquire();
      } catch (InterruptedException e) {
        synchronized (t) {
          t.state = ServerTxn.State.OPEN;
        }
        conn.out.send(conn.error(id, Wire.VOTE, new StorageTransactionError("server shutting down")));
        return;
      }
      MessageWriter reply = lockedVote(id, t);
      if (reply != null) {
        conn.out.send(reply);
      }
    });
    return null;
  }

  /** Votes holding the commit lock; returns the reply, or null if the transaction went away. */
  private MessageWriter lockedVote(int id, ServerTxn t) {
    synchronized (t) {
      if (t.state != ServerTxn.State.WAITING_FOR_LOCK || conn.isClosed()) {
        served.commitLock().release();
        return conn.isClosed() ? null
            : conn.error(id, Wire.VOTE, new StorageTransactionError("transaction " + t.id
                + " was aborted while its vote waited for the commit lock"));
      }
      t.holdsLock = true;
      Duration timeout = cfg.transactionTimeout();
      if (!timeout.isZero()) {
        t.timeout = conn.server.scheduler().schedule(() -> timedOut(t), timeout.toNanos(), TimeUnit.NANOSECONDS);
      }
      try {
        t.beginInStorage();
        Set<Long> resolved = t.merges.isEmpty() ? storage.tpcVote(t.storageTxn())
            : served.withMerges(t.merges, () -> storage.tpcVote(t.storageTxn()));
        t.state = ServerTxn.State.VOTED;
        return ServerConnection.reply(id).longs(resolved);
      } catch (RuntimeException e) {
        countConflict(e);
        t.abortInStorage();
        releaseLock(t);
        t.state = ServerTxn.State.OPEN;
        return conn.error(id, Wire.VOTE, e);
      }
    }
  }

  private MessageWriter finish(int id, int txnId) {
    ServerTxn t = conn.txns.get(txnId);
    if (t == null) {
      throw new StorageTransactionError("transaction " + txnId + " is not in progress");
    }
    long[] tid = new long[1];
    ServedStorage.Finishing f = new ServedStorage.Finishing(conn, committed -> {
      MessageWriter w = ServerConnection.reply(id).i64(committed);
      Wire.writeInfo(w, conn.withReadOnly(served.info()));
      return w;
    });
    boolean queued;
    synchronized (t) {
      if (t.state != ServerTxn.State.VOTED) {
        throw new StorageTransactionError("transaction " + txnId + " has not voted");
      }
      try {
        queued = served.finishAs(f, () -> tid[0] = storage.tpcFinish(t.storageTxn()));
      } catch (RuntimeException e) {
        LOG.log(ERROR, "finishing a transaction of " + conn.peer() + " failed; aborting it", e);
        conn.txns.remove(txnId);
        t.discard();
        releaseLock(t);
        throw e;
      }
      t.finished();
      served.countCommit();
      if (!queued) {
        // a storage that did not call its listeners: reply before the next commit can start
        conn.out.enqueueOnly(f.reply.apply(tid[0]));
      }
      releaseLock(t);
    }
    conn.txns.remove(txnId);
    conn.out.flush();
    try {
      served.broadcastInfo(conn);
    } catch (RuntimeException e) {
      // The finish is already answered; a size update that fails (the server is closing the
      // storage) must not become a second reply to the same call.
      LOG.log(System.Logger.Level.DEBUG, "no info broadcast after finish: " + e);
    }
    return null;
  }

  private void abort(int txnId) {
    ServerTxn t = conn.txns.remove(txnId);
    if (t != null) {
      synchronized (t) {
        t.discard();
        releaseLock(t);
      }
    }
  }

  private void releaseLock(ServerTxn t) {
    synchronized (t) {
      if (t.holdsLock) {
        t.holdsLock = false;
        if (t.timeout != null) {
          t.timeout.cancel(false);
          t.timeout = null;
        }
        served.commitLock().release();
      }
    }
  }

  private void timedOut(ServerTxn t) {
    synchronized (t) {
      if (!t.holdsLock) {
        return;
      }
    }
    LOG.log(WARNING, "transaction of " + conn.peer() + " held the commit lock of storage " + served.name()
        + " longer than " + cfg.transactionTimeout() + "; aborting it and closing the connection");
    conn.close("transaction timeout");
  }

  /** Aborts every transaction of a closing connection, releasing the lock if held. */
  void abortAll() {
    for (Integer txnId : conn.txns.keySet()) {
      abort(txnId);
    }
  }

  private MessageWriter pack(int id, long packTid, boolean wait) {
    checkWritable();
    if (!storage.supportsPack()) {
      throw new UnsupportedOperationException("storage " + served.name() + " cannot pack");
    }
    served.packStarted();
    CompletableFuture<Void> f;
    try {
      f = storage.packInBackground(packTid, cfg.references());
    } catch (RuntimeException e) {
      served.packEnded(e);
      throw e;
    }
    if (!wait && f.isCompletedExceptionally()) {
      // refused before it started (bad pack time, a pack already running): say so at once
      Throwable cause = f.handle((v, e) -> e).join();
      cause = cause instanceof CompletionException && cause.getCause() != null ? cause.getCause() : cause;
      served.packEnded(cause);
      throw cause instanceof RuntimeException re ? re : new io.zeo.spi.StorageError(String.valueOf(cause), cause);
    }
    f.whenComplete((v, e) -> {
      if (e != null) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        served.packEnded(cause);
        LOG.log(ERROR, "pack of storage " + served.name() + " failed", cause);
        if (wait) {
          conn.out.send(conn.error(id, Wire.PACK, cause));
        }
        return;
      }
      served.packEnded(null);
      served.broadcastPacked();
      if (wait) {
        conn.out.send(ServerConnection.reply(id));
      }
    });
    return wait ? null : ServerConnection.reply(id);
  }
}
