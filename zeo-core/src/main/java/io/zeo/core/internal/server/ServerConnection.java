package io.zeo.core.internal.server;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import io.zeo.core.ProviderRegistry;
import io.zeo.core.internal.wire.FrameChannel;
import io.zeo.core.internal.wire.MessageReader;
import io.zeo.core.internal.wire.MessageWriter;
import io.zeo.core.internal.wire.Wire;
import io.zeo.core.internal.wire.WireError;
import io.zeo.spi.AuthExchange;
import io.zeo.spi.AuthServerConfig;
import io.zeo.spi.AuthenticationError;
import io.zeo.spi.CompressionProvider;
import io.zeo.spi.FrameProtector;
import io.zeo.spi.ProtocolError;
import io.zeo.spi.StorageError;
import io.zeo.spi.StorageInfo;
import io.zeo.spi.TransportChannel;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client connection on the server: the handshake, then the reader loop that decodes calls
 * and serves them on this thread (a load is answered without any thread hand-off). Storage
 * calls are in {@link StorageCalls}; transaction calls in {@link CommitCalls}.
 *
 * <p>Bad input (a malformed frame, a call before the handshake, an unknown storage) gets an
 * ERROR message naming the problem, one WARNING in the log, and the connection is closed;
 * other connections are not affected.
 */
public final class ServerConnection {
  private static final System.Logger LOG = System.getLogger(ServerConnection.class.getName());

  final ServerCore server;
  final FrameChannel frames;
  final Outbound out;
  final String peer;
  final java.time.Instant since = java.time.Instant.now();
  final Map<Integer, ServerTxn> txns = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread reader;
  ServedStorage served;
  boolean readOnly;
  private volatile boolean ready;
  private long clientLastTid;
  private final List<MessageWriter> early = new java.util.ArrayList<>();
  private boolean handshakeSent;
  AuthExchange auth; // null when the connection did not authenticate
  private CompressionProvider compression;
  private StorageCalls storageCalls;
  private CommitCalls commitCalls;

  ServerConnection(ServerCore server, TransportChannel channel) {
    this.server = server;
    this.peer = channel.peer();
    this.frames = new FrameChannel(channel, server.settings().maxFrameSize());
    this.out = new Outbound(frames, server.settings().outboundLimit(), "zeo-server-write " + peer,
        () -> {
          LOG.log(WARNING, "closing connection from " + peer + ": it stopped reading and more than "
              + server.settings().outboundLimit() + " bytes are queued for it");
          close("outbound queue overflow");
        },
        () -> close("write failed"));
    this.reader = new Thread(this::readLoop, "zeo-server-read " + peer);
    reader.setDaemon(true);
  }

  void start() {
    out.start();
    reader.start();
  }

  String peer() {
    return peer;
  }

  /** Queues a push (invalidation, info) from any thread; held back until the handshake reply. */
  /** Set once a fatal error is being reported: no push may follow the closing error. */
  private volatile boolean failing;

  void push(MessageWriter m) {
    if (failing || closed.get()) {
      return; // after the closing error nothing more goes to this peer
    }
    synchronized (early) {
      if (!handshakeSent) {
        early.add(m);
        return;
      }
    }
    out.send(m);
  }

  /** After the handshake reply is written: pushes held back so far go out, in order. */
  private void releaseEarlyPushes() {
    synchronized (early) {
      handshakeSent = true;
      for (MessageWriter m : early) {
        out.enqueueOnly(m);
      }
      early.clear();
    }
    out.flush();
  }

  private void readLoop() {
    try {
      while (!closed.get()) {
        handle(frames.read());
      }
    } catch (EOFException | ClosedChannelException e) {
      close("client disconnected");
    } catch (ProtocolError e) {
      fatal(0, e);
    } catch (IOException e) {
      close("connection lost: " + e.getMessage());
    } catch (RuntimeException | Error e) {
      LOG.log(ERROR, "fault serving " + peer + "; closing its connection", e);
      close("server fault");
    }
  }

  private void handle(MessageReader r) {
    int kind = r.u8();
    if (kind == Wire.CALL) {
      int id = r.i32();
      int op = r.u8();
      call(id, op, r);
    } else if (kind == Wire.ONEWAY) {
      int op = r.u8();
      if (!ready) {
        throw new ProtocolError("message " + Wire.opName(op) + " before the handshake");
      }
      if (op == Wire.ITER_CLOSE) {
        storageCalls().closeIterator(r.i32());
      } else {
        commitCalls().oneway(op, r);
      }
    } else {
      throw new ProtocolError("unexpected message kind " + kind + " from a client");
    }
  }

  private void call(int id, int op, MessageReader r) {
    if (!ready) {
      try {
        if (op == Wire.HELLO && served == null) {
          hello(id, r);
        } else if (op == Wire.AUTH && auth != null) {
          authStep(id, r);
        } else {
          throw new ProtocolError("call " + Wire.opName(op) + " before the handshake"
              + (served != null ? " (authentication required)" : ""));
        }
      } catch (RuntimeException e) {
        fatal(id, e);
      }
      return;
    }
    MessageWriter reply;
    try {
      reply = op == Wire.STATUS ? status(id, r) : op >= Wire.TXN_OPS ? commitCalls().call(id, op, r) : storageCalls().call(id, op, r);
    } catch (ProtocolError e) {
      throw e;
    } catch (RuntimeException e) {
      reply = error(id, op, e);
    }
    if (reply != null) {
      out.reply(reply);
    }
  }

  /** The server's status: any connection may ask, with the admin right where it logged in. */
  private MessageWriter status(int id, MessageReader r) {
    r.end();
    if (auth != null) {
      auth.checkAccess(served.name(), AuthExchange.Access.ADMIN, "status");
    }
    MessageWriter w = reply(id);
    StatusCodec.write(w, server.status());
    return w;
  }

  /** This connection in the server status; empty until its handshake is done. */
  java.util.Optional<io.zeo.core.ServerStatus.ConnectionStatus> status() {
    if (!ready || closed.get()) {
      return java.util.Optional.empty();
    }
    AuthExchange a = auth;
    return java.util.Optional.of(new io.zeo.core.ServerStatus.ConnectionStatus(peer, served.name(),
        a == null ? "" : String.valueOf(a.principal()), since));
  }

  private StorageCalls storageCalls() {
    if (storageCalls == null) {
      storageCalls = new StorageCalls(this);
    }
    return storageCalls;
  }

  private CommitCalls commitCalls() {
    if (commitCalls == null) {
      commitCalls = new CommitCalls(this);
    }
    return commitCalls;
  }

  /** An ERROR reply for a failed call, logged by level: user errors at DEBUG, faults at ERROR. */
  MessageWriter error(int id, int op, Throwable e) {
    WireError code = WireError.of(e);
    if (code.isUserLevel()) {
      LOG.log(DEBUG, () -> Wire.opName(op) + " from " + peer + " failed: " + e);
    } else {
      LOG.log(ERROR, Wire.opName(op) + " from " + peer + " failed", e);
    }
    MessageWriter w = MessageWriter.start(Wire.ERROR, id, (byte) 0);
    WireError.write(w, e);
    return w;
  }

  static MessageWriter reply(int id) {
    return MessageWriter.start(Wire.REPLY, id, (byte) 0);
  }

  private void hello(int id, MessageReader r) {
    int magic = r.i32();
    if (magic != Wire.MAGIC) {
      throw new ProtocolError(String.format("not a ZEO client: hello starts with 0x%08x, expected 0x%08x",
          magic, Wire.MAGIC));
    }
    int version = r.u16();
    if (version != Wire.VERSION) {
      throw new ProtocolError("protocol version " + version + " is not supported; this server speaks version "
          + Wire.VERSION);
    }
    String storageName = r.string();
    boolean wantReadOnly = r.bool();
    List<String> clientCompressions = r.strings();
    List<String> clientAuths = r.strings();
    String clientName = r.string();
    long clientLastTid = r.i64();
    r.end();
    this.clientLastTid = clientLastTid;
    ServedStorage s = server.storage(storageName);
    if (s == null) {
      throw new StorageError("no storage named \"" + storageName + "\" on this server; it serves "
          + server.storageNames());
    }
    ServerSettings cfg = server.settings();
    String comp = choose(cfg.compressions(), clientCompressions);
    if (comp == null && cfg.requireCompression()) {
      throw new ProtocolError("client offers compression " + clientCompressions
          + " but this server requires one of " + cfg.compressions());
    }
    String mech = choose(cfg.auths(), clientAuths);
    if (mech == null && cfg.requireAuth()) {
      throw new AuthenticationError("client offers authentication " + clientAuths
          + " but this server requires one of " + cfg.auths());
    }
    served = s;
    readOnly = wantReadOnly || s.storage().isReadOnly();
    compression = comp == null ? null : ProviderRegistry.compressions().get(comp);
    MessageWriter w = reply(id).u16(Wire.VERSION).string(comp == null ? "" : comp)
        .string(mech == null ? "" : mech);
    if (mech == null) {
      w.bool(true);
      StorageInfo info = withReadOnly(register());
      Wire.writeInfo(w, info);
      writeVerification(w, info);
      LOG.log(INFO, "client " + peer + " (" + clientName + ") connected to storage " + s.name()
          + (readOnly ? " read-only" : ""));
    } else {
      auth = ProviderRegistry.auths().get(mech).server(new AuthServerConfig(peer, cfg.authSettings()));
      w.bool(false);
    }
    CompressionProvider c = compression;
    out.replyNow(w, () -> frames.setCompression(c));
    if (ready) {
      releaseEarlyPushes();
    }
  }

  private void authStep(int id, MessageReader r) {
    byte[] in = r.bytes();
    r.end();
    byte[] response = auth.step(in);
    boolean complete = auth.isComplete();
    MessageWriter w = reply(id).bytes(response).bool(complete);
    FrameProtector protector = null;
    if (complete) {
      // Rights come from the auth plugin (e.g. zeo-auth's user store): no read right, no
      // storage; no write right, a read-only connection (tpcBegin raises ReadOnlyError).
      auth.checkAccess(served.name(), AuthExchange.Access.READ, "open storage");
      readOnly |= !auth.permits(served.name(), AuthExchange.Access.WRITE);
      protector = auth.protector().orElse(null);
      StorageInfo info = withReadOnly(register());
      Wire.writeInfo(w, info);
      writeVerification(w, info);
      LOG.log(INFO, "client " + peer + " authenticated as " + auth.principal() + " connected to storage "
          + served.name() + (readOnly ? " read-only" : ""));
    }
    FrameProtector p = protector;
    out.replyNow(w, () -> {
      if (p != null) {
        frames.setProtector(p);
      }
    });
    if (ready) {
      releaseEarlyPushes();
    }
  }

  private StorageInfo register() {
    StorageInfo info = served.register(this);
    ready = true;
    return info;
  }

  /**
   * Cache verification for a reconnecting client: 0 nothing asked, 1 the transactions since its
   * last tid follow (count, then tid and oids each), 2 too far behind or ahead: drop the cache.
   */
  private void writeVerification(MessageWriter w, StorageInfo info) {
    long since = clientLastTid;
    if (since == 0) {
      w.u8(0);
      return;
    }
    if (since == info.lastTid()) {
      w.u8(1).i32(0);
      return;
    }
    var entries = Long.compareUnsigned(since, info.lastTid()) > 0 ? java.util.Optional.<java.util.List<
        Map.Entry<Long, long[]>>>empty() : served.invalidations().entriesSince(since);
    if (entries.isEmpty()) {
      w.u8(2);
      return;
    }
    w.u8(1).i32(entries.get().size());
    for (Map.Entry<Long, long[]> e : entries.get()) {
      w.i64(e.getKey()).i32(e.getValue().length);
      for (long oid : e.getValue()) {
        w.i64(oid);
      }
    }
  }

  StorageInfo withReadOnly(StorageInfo i) {
    return readOnly == i.readOnly() ? i
        : new StorageInfo(i.name(), i.lastTid(), i.size(), true, i.supportsUndo(), i.supportsPack());
  }

  private static String choose(List<String> serverOffers, List<String> clientOffers) {
    for (String s : serverOffers) {
      if (clientOffers.contains(s)) {
        return s;
      }
    }
    return null;
  }

  /** Bad input: tell the client why, log once, close. */
  private void fatal(int id, Throwable e) {
    failing = true;
    LOG.log(WARNING, "closing connection from " + peer + ": " + e.getMessage());
    MessageWriter w = MessageWriter.start(Wire.ERROR, id, (byte) 0);
    WireError.write(w, e);
    out.replyNow(w, () -> {});
    close("bad input");
  }

  /** Closes the connection: aborts its transactions (releasing the commit lock), unregisters. */
  void close(String reason) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (served != null) {
      served.unregister(this);
      LOG.log(INFO, "client " + peer + " disconnected from storage " + served.name() + ": " + reason);
    }
    if (commitCalls != null) {
      commitCalls.abortAll();
    }
    if (storageCalls != null) {
      storageCalls.closeIterators();
    }
    out.close();
    frames.close();
    server.closed(this);
  }

  boolean isClosed() {
    return closed.get();
  }
}
