package io.zeo.core;

import io.zeo.core.internal.wire.MessageReader;
import io.zeo.core.internal.wire.MessageWriter;
import io.zeo.core.internal.wire.Wire;
import io.zeo.core.internal.wire.WireError;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.List;

/** Speaks (or breaks) the protocol byte by byte over a plain TCP socket. */
final class RawClient implements AutoCloseable {
  final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  RawClient(String tcpAddress) throws IOException {
    URI u = URI.create(tcpAddress);
    socket = new Socket(u.getHost(), u.getPort());
    socket.setSoTimeout(10_000);
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  void sendRaw(byte[] b) throws IOException {
    out.write(b);
    out.flush();
  }

  void send(MessageWriter m) throws IOException {
    m.seal();
    out.write(m.array(), 0, m.end());
    out.flush();
  }

  static MessageWriter hello(int magic, int version, String storage) {
    MessageWriter w = MessageWriter.start(Wire.CALL, 0, Wire.HELLO);
    return w.i32(magic).u16(version).string(storage).bool(false).strings(List.of()).strings(List.of())
        .string("raw").i64(0);
  }

  /** Reads the next reply or error, skipping pushes (other clients commit meanwhile). */
  MessageReader read() throws IOException {
    while (true) {
      MessageReader r = readFrame();
      if (r.array()[r.position()] != Wire.PUSH) {
        return r;
      }
    }
  }

  /** Reads one frame's message (no compression or protection). */
  MessageReader readFrame() throws IOException {
    int len = in.readInt();
    byte[] b = new byte[len];
    in.readFully(b);
    if (b[0] != 0) {
      throw new IOException("unexpected frame flags " + b[0]);
    }
    return new MessageReader(b, 1, len - 1);
  }

  /** Reads the server's error and returns it as the exception the client would raise. */
  RuntimeException readError() throws IOException {
    MessageReader r = read();
    int kind = r.u8();
    r.i32();
    if (kind != Wire.ERROR) {
      throw new AssertionError("expected an error, got message kind " + kind);
    }
    return WireError.read(r);
  }

  /** True if the server closed the connection (EOF) within the socket timeout. */
  boolean closedByServer() throws IOException {
    try {
      return in.read() == -1;
    } catch (EOFException e) {
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
