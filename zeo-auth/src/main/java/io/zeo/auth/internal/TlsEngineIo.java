package io.zeo.auth.internal;

import io.zeo.spi.ProtocolError;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * Moves bytes through an {@link SSLEngine} without a socket: records in, application bytes
 * out and the reverse, running delegated tasks inline (they are short: certificate checks).
 */
final class TlsEngineIo {
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private TlsEngineIo() {}

  /**
   * Feeds every record of {@code in} to the engine; application bytes go to the returned
   * buffer (flipped). Handshake output the engine wants to send meanwhile goes to {@code out};
   * if {@code out} is null it stays pending in the engine (the next wrap sends it).
   *
   * @throws ProtocolError if {@code in} ends inside a record or the session is closed
   */
  static ByteBuffer unwrapAll(SSLEngine engine, ByteBuffer in, ByteArrayOutputStream out) throws SSLException {
    ByteBuffer app = ByteBuffer.allocate(Math.max(in.remaining(), engine.getSession().getApplicationBufferSize()));
    while (in.hasRemaining()) {
      SSLEngineResult r = engine.unwrap(in, app);
      switch (r.getStatus()) {
        case BUFFER_OVERFLOW:
          app = grow(app, engine.getSession().getApplicationBufferSize());
          continue;
        case BUFFER_UNDERFLOW:
          throw new ProtocolError("tls: input ends inside a record (" + in.remaining() + " bytes left over)");
        case CLOSED:
          throw new ProtocolError("tls: the peer closed the session");
        default:
          break;
      }
      runTasks(engine);
      if (out != null && engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
        wrapHandshake(engine, out);
      } else if (r.bytesConsumed() == 0 && r.bytesProduced() == 0) {
        throw new ProtocolError("tls: engine made no progress on " + in.remaining() + " bytes");
      }
    }
    return app.flip();
  }

  /** Wraps all of {@code src}, plus any handshake output the engine has pending, into {@code out}. */
  static void wrapAll(SSLEngine engine, ByteBuffer src, ByteArrayOutputStream out) throws SSLException {
    ByteBuffer net = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
    do {
      net.clear();
      SSLEngineResult r = engine.wrap(src, net);
      if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
        net = ByteBuffer.allocate(net.capacity() * 2);
        continue;
      }
      out.write(net.array(), 0, net.position());
      if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
        throw new ProtocolError("tls: the session is closed");
      }
      runTasks(engine);
    } while (src.hasRemaining() || engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP);
  }

  /** Wraps whatever handshake messages the engine wants to send. */
  static void wrapHandshake(SSLEngine engine, ByteArrayOutputStream out) throws SSLException {
    if (engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
      wrapAll(engine, EMPTY, out);
    }
  }

  static void runTasks(SSLEngine engine) {
    Runnable task;
    while ((task = engine.getDelegatedTask()) != null) {
      task.run();
    }
  }

  private static ByteBuffer grow(ByteBuffer b, int atLeast) {
    ByteBuffer bigger = ByteBuffer.allocate(b.capacity() + Math.max(atLeast, b.capacity()));
    b.flip();
    return bigger.put(b);
  }
}
