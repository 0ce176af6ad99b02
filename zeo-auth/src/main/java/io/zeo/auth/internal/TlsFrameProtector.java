package io.zeo.auth.internal;

import io.zeo.spi.FrameProtector;
import io.zeo.spi.ProtocolError;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/**
 * Frames through the TLS session a {@link TlsExchange} established. Each frame is prefixed
 * with its length (4 bytes, inside the encryption) and wrapped into one or more TLS records;
 * opening requires the sealed bytes to be exactly whole records that carry exactly one whole
 * frame. TLS's own record sequence numbers reject replayed and reordered records; the length
 * prefix rejects a frame cut at a record boundary, and an empty input. Sealing and opening may
 * run concurrently (SSLEngine allows wrap and unwrap at once); after a failure the opener stays
 * broken.
 */
final class TlsFrameProtector implements FrameProtector {
  private static final int RECORD_HEADER = 5;
  private static final int APPLICATION_DATA = 23;
  private static final int MAX_RECORD = (1 << 14) + 2048; // RFC 5246 ciphertext limit, above 1.3's

  private final SSLEngine engine;
  private final Object sealLock = new Object();
  private final Object openLock = new Object();
  private boolean broken;

  TlsFrameProtector(SSLEngine engine) {
    this.engine = engine;
  }

  @Override
  public byte[] seal(byte[] frame, int offset, int length) {
    ByteBuffer src = ByteBuffer.allocate(4 + length).putInt(length).put(frame, offset, length).flip();
    ByteArrayOutputStream out = new ByteArrayOutputStream(length + 64);
    synchronized (sealLock) {
      try {
        TlsEngineIo.wrapAll(engine, src, out);
      } catch (SSLException e) {
        throw new ProtocolError("tls: cannot seal a frame: " + e.getMessage(), e);
      }
    }
    return out.toByteArray();
  }

  @Override
  public byte[] open(byte[] sealed, int offset, int length) {
    synchronized (openLock) {
      if (broken) {
        throw new ProtocolError("tls: connection's frame protection already failed; no further frames accepted");
      }
      broken = true; // until this frame opens cleanly
      checkRecordHeaders(sealed, offset, length);
      ByteBuffer app;
      try {
        // Post-handshake output (a KeyUpdate answer) is sent with the next sealed frame.
        app = TlsEngineIo.unwrapAll(engine, ByteBuffer.wrap(sealed, offset, length), null);
      } catch (SSLException e) {
        throw new ProtocolError("tls: sealed frame of " + length
            + " bytes rejected (tampered, replayed, reordered or truncated): " + e.getMessage(), e);
      }
      if (app.remaining() < 4) {
        throw new ProtocolError("tls: sealed frame of " + length + " bytes carries " + app.remaining()
            + " bytes, less than its 4-byte length (truncated)");
      }
      int declared = app.getInt();
      if (declared != app.remaining()) {
        throw new ProtocolError("tls: sealed frame declares " + declared + " bytes but carries "
            + app.remaining() + " (truncated or spliced)");
      }
      byte[] frame = new byte[declared];
      app.get(frame);
      broken = false;
      return frame;
    }
  }

  /**
   * Requires whole TLS 1.2/1.3 application-data records: type 23, version 3.3, a plausible
   * length, tiling the input exactly. The JDK ignores the legacy version on input (as TLS 1.3
   * allows), but a frame with any byte changed must be rejected, so it is checked here.
   */
  private static void checkRecordHeaders(byte[] b, int offset, int length) {
    int pos = offset;
    int end = offset + length;
    while (pos < end) {
      if (end - pos < RECORD_HEADER) {
        throw new ProtocolError("tls: sealed frame ends inside a record header at byte " + (pos - offset));
      }
      int type = b[pos] & 0xff;
      int version = ((b[pos + 1] & 0xff) << 8) | (b[pos + 2] & 0xff);
      int recordLength = ((b[pos + 3] & 0xff) << 8) | (b[pos + 4] & 0xff);
      if (type != APPLICATION_DATA || version != 0x0303 || recordLength > MAX_RECORD) {
        throw new ProtocolError(String.format("tls: record at byte %d has type %d, version 0x%04x, length %d;"
            + " expected type %d, version 0x0303, length <= %d", pos - offset, type, version, recordLength,
            APPLICATION_DATA, MAX_RECORD));
      }
      pos += RECORD_HEADER + recordLength;
    }
  }

  @Override
  public String toString() {
    return "TlsFrameProtector[" + engine.getSession().getProtocol() + " " + engine.getSession().getCipherSuite() + "]";
  }
}
