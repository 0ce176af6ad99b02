package io.zeo.auth.internal;

import io.zeo.auth.UserStore;
import io.zeo.spi.AuthenticationError;
import io.zeo.spi.FrameProtector;
import io.zeo.spi.ProtocolError;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * One side of a TLS handshake carried as {@link io.zeo.spi.AuthExchange} messages. Each message is a
 * type byte followed by the TLS records of one flight:
 *
 * <pre>
 * type  meaning
 * 1     handshake records, more to come
 * 2     the server's last message: it has finished (records may follow, e.g. a session ticket);
 *       the client completes on it, so neither side sends handshake bytes after completing
 * </pre>
 *
 * The server maps the client certificate's subject CN to the principal ({@code "anonymous"}
 * without one); with a user store the principal must be a user in it, and rights come from it.
 */
public final class TlsExchange extends CompletingExchange {
  /** The principal of a client that presented no certificate. */
  public static final String ANONYMOUS = "anonymous";
  private static final int HANDSHAKE = 1;
  private static final int DONE = 2;

  private final SSLEngine engine;
  private final String clientUser; // client side only
  private final LoginGuard guard; // server side only
  private final UserStore store; // server side, may be null
  private boolean started;
  private boolean failed;

  private TlsExchange(SSLEngine engine, String clientUser, LoginGuard guard, UserStore store) {
    super("tls");
    this.engine = engine;
    this.clientUser = clientUser;
    this.guard = guard;
    this.store = store;
  }

  /** The client side: {@code engine} in client mode, {@code user} reported as its principal. */
  public static TlsExchange client(SSLEngine engine, String user) {
    return new TlsExchange(engine, user, null, null);
  }

  /** The server side. @param store null to accept any trusted certificate with every right */
  public static TlsExchange server(SSLEngine engine, LoginGuard guard, UserStore store) {
    return new TlsExchange(engine, null, guard, store);
  }

  private boolean isClient() {
    return guard == null;
  }

  @Override
  public byte[] step(byte[] received) {
    if (failed || isComplete()) {
      throw new ProtocolError("tls: handshake message after the handshake " + (failed ? "failed" : "completed"));
    }
    failed = true; // until this step succeeds
    byte[] reply;
    try {
      reply = isClient() ? clientStep(received) : serverStep(received);
    } catch (SSLHandshakeException e) {
      if (isClient()) {
        throw new AuthenticationError("tls: handshake with the server failed: " + e.getMessage());
      }
      throw guard.failed(peerName(), "handshake failed: " + e.getMessage());
    } catch (SSLException e) {
      throw new ProtocolError("tls: " + e.getMessage(), e);
    }
    failed = false;
    return reply;
  }

  private byte[] clientStep(byte[] received) throws SSLException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!started) {
      if (received != null) {
        throw new ProtocolError("tls: the client speaks first, but received " + received.length + " bytes");
      }
      started = true;
      engine.beginHandshake();
      TlsEngineIo.wrapHandshake(engine, out);
      return message(HANDSHAKE, out);
    }
    int type = unwrap(received, out);
    if (type == DONE) {
      if (engine.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING || out.size() > 0) {
        throw new ProtocolError("tls: the server finished before the client did");
      }
      finish(clientUser);
      return null;
    }
    return message(HANDSHAKE, out);
  }

  private byte[] serverStep(byte[] received) throws SSLException {
    if (!started) {
      guard.checkAllowed();
      started = true;
      engine.beginHandshake();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (unwrap(received, out) != HANDSHAKE) {
      throw new ProtocolError("tls: the client sent a server-only message");
    }
    TlsEngineIo.wrapHandshake(engine, out);
    if (engine.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING) {
      return message(HANDSHAKE, out);
    }
    String name = peerName();
    if (store != null) {
      store.reloadIfChanged();
      if (store.lookup(name).isEmpty()) {
        throw guard.failed(name, "certificate user is not in the user store");
      }
    }
    guard.succeeded(name);
    finish(name);
    return message(DONE, out);
  }

  private int unwrap(byte[] received, ByteArrayOutputStream out) throws SSLException {
    if (received == null || received.length == 0) {
      throw new ProtocolError("tls: expected a handshake message, got nothing");
    }
    int type = received[0];
    if (type != HANDSHAKE && type != DONE) {
      throw new ProtocolError("tls: handshake message type " + type + ", expected " + HANDSHAKE + " or " + DONE);
    }
    ByteBuffer app = TlsEngineIo.unwrapAll(engine, ByteBuffer.wrap(received, 1, received.length - 1), out);
    if (app.hasRemaining()) {
      throw new ProtocolError("tls: " + app.remaining() + " bytes of application data during the handshake");
    }
    return type;
  }

  private void finish(String name) {
    complete(name, new TlsFrameProtector(engine));
  }

  private static byte[] message(int type, ByteArrayOutputStream records) {
    byte[] body = records.toByteArray();
    byte[] msg = new byte[body.length + 1];
    msg[0] = (byte) type;
    System.arraycopy(body, 0, msg, 1, body.length);
    return msg;
  }

  /** The CN of the client certificate's subject, {@link #ANONYMOUS} if there is none. */
  private String peerName() {
    try {
      Certificate[] chain = engine.getSession().getPeerCertificates();
      if (chain.length > 0 && chain[0] instanceof X509Certificate) {
        String dn = ((X509Certificate) chain[0]).getSubjectX500Principal().getName();
        for (Rdn rdn : new LdapName(dn).getRdns()) {
          if (rdn.getType().equalsIgnoreCase("CN")) {
            return rdn.getValue().toString();
          }
        }
        return dn;
      }
    } catch (SSLPeerUnverifiedException | InvalidNameException e) {
      // no (usable) certificate: anonymous
    }
    return ANONYMOUS;
  }

  @Override
  public boolean permits(String storage, Access access) {
    if (!isComplete() || isClient()) {
      return isComplete();
    }
    return store == null || store.rightsFor(principal(), storage).permits(access);
  }
}
