package io.zeo.core.internal.client;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.ERROR;

import io.zeo.core.ProviderRegistry;
import io.zeo.core.internal.wire.FrameChannel;
import io.zeo.core.internal.wire.MessageReader;
import io.zeo.core.internal.wire.MessageWriter;
import io.zeo.core.internal.wire.Wire;
import io.zeo.core.internal.wire.WireError;
import io.zeo.spi.AuthExchange;
import io.zeo.spi.ClientDisconnectedError;
import io.zeo.spi.ProtocolError;
import io.zeo.spi.StorageInfo;
import io.zeo.spi.TransportChannel;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The client end of one connection: the handshake, numbered calls with many in flight (replies
 * matched by id), one-way messages, and a reader thread that decodes replies and pushes in wire
 * order. Callers write their own requests (no hand-off on the way out) under a write lock.
 */
public final class ClientConnection {
  private static final System.Logger LOG = System.getLogger(ClientConnection.class.getName());

  /** What the reader thread reports; called in wire order on the reader thread. */
  public interface Events {
    void invalidate(long tid, List<Long> oids);

    void info(StorageInfo info);

    /** The storage was packed: revisions the cache holds may be gone. */
    void packed(StorageInfo info);

    void disconnected(ClientConnection connection, Throwable cause);
  }

  private final FrameChannel frames;
  private final String address;
  private final Events events;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final ConcurrentHashMap<Integer, PendingCall<?>> pending = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final PendingCall.SpinBudget spin = new PendingCall.SpinBudget();
  private final StorageInfo info;
  private final Thread reader;
  private volatile boolean closed;
  private volatile long lastReceived = System.nanoTime();
  private Verification verification;

  private ClientConnection(FrameChannel frames, String address, Events events, StorageInfo info) {
    this.frames = frames;
    this.address = address;
    this.events = events;
    this.info = info;
    this.reader = new Thread(this::readLoop, "zeo-client-read " + address);
    reader.setDaemon(true);
  }

  /**
   * Connects and shakes hands (one round trip without authentication).
   *
   * @throws IOException if the transport cannot connect
   * @throws io.zeo.spi.StorageError as the server reported it (unknown storage, bad version, ...)
   */
  public static ClientConnection connect(String address, ConnectOptions opts, Events events) throws IOException {
    int colon = address.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("not a server address (expected scheme:...): \"" + address + "\"");
    }
    TransportChannel ch = ProviderRegistry.transports().get(address.substring(0, colon))
        .connect(address, opts.connectTimeout());
    FrameChannel frames = new FrameChannel(ch, opts.maxFrameSize());
    try {
      Object[] hs = handshake(frames, opts);
      ClientConnection c = new ClientConnection(frames, address, events, (StorageInfo) hs[0]);
      c.verification = (Verification) hs[1];
      return c;
    } catch (IOException | RuntimeException e) {
      frames.close();
      throw e;
    }
  }

  /** What the server said about the client's cache: null if not asked, else the result. */
  public record Verification(boolean tooFar, List<Map.Entry<Long, List<Long>>> transactions) {}

  private static Verification readVerification(MessageReader r) {
    int status = r.u8();
    if (status == 0) {
      return null;
    }
    if (status == 2) {
      return new Verification(true, List.of());
    }
    int n = r.count(12);
    List<Map.Entry<Long, List<Long>>> out = new java.util.ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long tid = r.i64();
      out.add(Map.entry(tid, r.longs()));
    }
    return new Verification(false, out);
  }

  private static Object[] handshake(FrameChannel frames, ConnectOptions opts) throws IOException {
    MessageWriter hello = MessageWriter.start(Wire.CALL, 0, Wire.HELLO);
    hello.i32(Wire.MAGIC).u16(Wire.VERSION).string(opts.storage()).bool(opts.readOnly())
        .strings(opts.compressions())
        .strings(opts.authMechanism() == null ? List.of() : List.of(opts.authMechanism()))
        .string(opts.clientName()).i64(opts.lastTid());
    frames.write(hello);
    MessageReader r = expectReply(frames, 0);
    int version = r.u16();
    if (version != Wire.VERSION) {
      throw new ProtocolError("server speaks protocol version " + version + ", this client " + Wire.VERSION);
    }
    String compression = r.string();
    String mech = r.string();
    StorageInfo info = null;
    Verification verification = null;
    if (r.bool()) {
      info = Wire.readInfo(r);
      verification = readVerification(r);
    }
    r.end();
    if (!compression.isEmpty()) {
      frames.setCompression(ProviderRegistry.compressions().get(compression));
    }
    if (info != null) {
      return new Object[] {info, verification};
    }
    if (mech.isEmpty() || !mech.equals(opts.authMechanism())) {
      throw new ProtocolError("server chose authentication \"" + mech + "\" which this client did not offer");
    }
    AuthExchange ex = ProviderRegistry.auths().get(mech).client(opts.authConfig());
    byte[] out = ex.step(null);
    int id = 1;
    while (true) {
      MessageWriter w = MessageWriter.start(Wire.CALL, id, Wire.AUTH);
      w.bytes(out);
      frames.write(w);
      MessageReader a = expectReply(frames, id);
      byte[] in = a.bytes();
      boolean serverDone = a.bool();
      if (serverDone) {
        info = Wire.readInfo(a);
        verification = readVerification(a);
      }
      a.end();
      out = in == null ? null : ex.step(in);
      if (serverDone) {
        if (!ex.isComplete()) {
          throw new ProtocolError("server finished authentication \"" + mech + "\" before the client");
        }
        ex.protector().ifPresent(frames::setProtector);
        return new Object[] {info, verification};
      }
      id++;
    }
  }

  private static MessageReader expectReply(FrameChannel frames, int id) throws IOException {
    while (true) {
      MessageReader r = frames.read();
      int kind = r.u8();
      if (kind == Wire.PUSH) {
        // queued between registration and the reply: already covered by the reply's info
        continue;
      }
      return expectReply(r, kind, id);
    }
  }

  private static MessageReader expectReply(MessageReader r, int kind, int id) {
    int got = r.i32();
    if (kind == Wire.ERROR) {
      throw WireError.read(r);
    }
    if (kind != Wire.REPLY || got != id) {
      throw new ProtocolError("expected the reply to handshake call " + id + ", got message kind " + kind);
    }
    return r;
  }

  /** Starts reading replies and pushes; call once, after applying the handshake's results. */
  public void start() {
    reader.start();
  }

  /** The handshake's cache verification, or null if none was asked for. */
  public Verification verification() {
    return verification;
  }

  /** Nanos ({@link System#nanoTime}) when the last frame arrived. */
  public long lastReceived() {
    return lastReceived;
  }

  /** Sends a ping whose reply nobody waits for: it only proves the peer alive. */
  public void pingAsync() {
    int id = ids.incrementAndGet();
    pending.put(id, new PendingCall<>(r -> null));
    try {
      write(MessageWriter.start(Wire.CALL, id, Wire.PING));
    } catch (RuntimeException e) {
      pending.remove(id);
    }
  }

  /** Closes the connection because the peer went silent. */
  public void closeSilent(String why) {
    close(new IOException(why));
  }

  /** The storage info the handshake returned. */
  public StorageInfo handshakeInfo() {
    return info;
  }

  public String address() {
    return address;
  }

  /** True on the thread that reads this connection (where listeners run). */
  public boolean isReaderThread() {
    return Thread.currentThread() == reader;
  }

  public boolean isClosed() {
    return closed;
  }

  /**
   * Calls {@code op} and waits for the reply, which {@code decode} turns into the result on the
   * reader thread.
   *
   * @throws ClientDisconnectedError if the connection is or gets closed before the reply
   */
  public <T> T call(byte op, Consumer<MessageWriter> args, Function<MessageReader, T> decode) {
    if (Thread.currentThread() == reader) {
      // a listener calling back into the storage: its reply could never be read
      throw new IllegalStateException("a storage listener cannot call the server (" + Wire.opName(op)
          + "): it runs on the thread that reads the replies");
    }
    int id = ids.incrementAndGet();
    PendingCall<T> p = new PendingCall<>(decode);
    pending.put(id, p);
    MessageWriter w = MessageWriter.start(Wire.CALL, id, op);
    args.accept(w);
    try {
      write(w);
    } catch (RuntimeException e) {
      pending.remove(id);
      throw e;
    }
    if (closed && pending.remove(id) != null) {
      throw disconnected(null);
    }
    return p.await(spin);
  }

  /** Sends a one-way message. */
  public void oneway(byte op, Consumer<MessageWriter> args) {
    MessageWriter w = MessageWriter.start(Wire.ONEWAY, 0, op);
    args.accept(w);
    write(w);
  }

  private void write(MessageWriter w) {
    if (closed) {
      throw disconnected(null);
    }
    writeLock.lock();
    try {
      frames.write(w);
    } catch (IOException e) {
      close(e);
      throw disconnected(e);
    } finally {
      writeLock.unlock();
    }
  }

  private ClientDisconnectedError disconnected(Throwable cause) {
    return new ClientDisconnectedError("not connected to the ZEO server at " + address, cause);
  }

  private void readLoop() {
    Throwable cause = null;
    try {
      while (!closed) {
        MessageReader m = frames.read();
        lastReceived = System.nanoTime();
        dispatch(m);
      }
    } catch (IOException e) {
      cause = e;
    } catch (RuntimeException | Error e) {
      if (!closed) {
        LOG.log(ERROR, "connection to " + address + " broke", e);
      }
      cause = e;
    }
    close(cause);
  }

  private void dispatch(MessageReader r) {
    int kind = r.u8();
    switch (kind) {
      case Wire.REPLY, Wire.ERROR -> {
        int id = r.i32();
        PendingCall<?> p = pending.remove(id);
        if (id == 0 && kind == Wire.ERROR) {
          throw WireError.read(r); // the server closes the connection after such an error
        }
        if (p == null) {
          throw new ProtocolError("reply to unknown call " + id);
        }
        if (kind == Wire.REPLY) {
          p.reply(r);
        } else {
          p.fail(WireError.read(r));
        }
      }
      case Wire.PUSH -> {
        int op = r.u8();
        if (op == Wire.INVALIDATE) {
          long tid = r.i64();
          List<Long> oids = r.longs();
          events.invalidate(tid, oids);
        } else if (op == Wire.INFO) {
          events.info(Wire.readInfo(r));
        } else if (op == Wire.PACKED) {
          events.packed(Wire.readInfo(r));
        } else {
          LOG.log(DEBUG, () -> "ignoring unknown push " + op + " from " + address);
        }
      }
      default -> throw new ProtocolError("unexpected message kind " + kind + " from the server");
    }
  }

  /** Closes the connection; pending calls fail with {@link ClientDisconnectedError}. */
  public void close() {
    close(null);
  }

  private void close(Throwable cause) {
    synchronized (pending) {
      if (closed) {
        return;
      }
      closed = true;
    }
    frames.close();
    ClientDisconnectedError err = disconnected(cause);
    for (Integer id : pending.keySet()) {
      PendingCall<?> p = pending.remove(id);
      if (p != null) {
        p.fail(err);
      }
    }
    events.disconnected(this, cause);
  }
}
