package io.zeo.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The bare round trip baseline: 64 bytes out and back over a plain blocking NIO socket between
 * two threads of this process (no framing, no spinning, TCP_NODELAY for TCP). Stays connected
 * so blocks of round trips can be interleaved with the workloads they are compared with.
 */
final class PingPong implements AutoCloseable {
  static final int BYTES = 64;

  private final SocketChannel ch;
  private final Thread echo;
  private final Path socketFile;
  private final ByteBuffer buf = ByteBuffer.allocateDirect(BYTES);

  private PingPong(SocketChannel ch, Thread echo, Path socketFile) {
    this.ch = ch;
    this.echo = echo;
    this.socketFile = socketFile;
  }

  /** Over TCP on the loopback interface. */
  static PingPong tcp() throws IOException {
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      SocketChannel ch = SocketChannel.open(server.getLocalAddress());
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      SocketChannel peer = server.accept();
      peer.setOption(StandardSocketOptions.TCP_NODELAY, true);
      return new PingPong(ch, startEcho(peer), null);
    }
  }

  /** Over a Unix domain socket in {@code dir}. */
  static PingPong unix(Path dir) throws IOException {
    Path sock = dir.resolve("ping.sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(sock));
      SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(sock));
      return new PingPong(ch, startEcho(server.accept()), sock);
    }
  }

  private static Thread startEcho(SocketChannel peer) {
    Thread t = new Thread(() -> {
      try (peer) {
        ByteBuffer b = ByteBuffer.allocateDirect(BYTES);
        while (true) {
          b.clear();
          if (!readFully(peer, b)) {
            return;
          }
          b.flip();
          while (b.hasRemaining()) {
            peer.write(b);
          }
        }
      } catch (IOException e) {
        // the measuring side closed: the echo ends
      }
    }, "bench-echo");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Times {@code n} round trips into {@code out}. */
  void block(int n, Samples out) throws IOException {
    for (int i = 0; i < n; i++) {
      buf.clear();
      long t0 = System.nanoTime();
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      buf.clear();
      if (!readFully(ch, buf)) {
        throw new IOException("echo peer closed early");
      }
      out.add(System.nanoTime() - t0);
    }
  }

  private static boolean readFully(SocketChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      if (ch.read(b) < 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    ch.close();
    try {
      echo.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (socketFile != null) {
      Files.deleteIfExists(socketFile);
    }
  }

  /**
   * The scheduling mode round trips were taken in (see the project's MEASURED notes): two peers
   * on one vCPU answer in a few microseconds, peers on two vCPUs pay tens of microseconds to wake
   * the idle one.
   */
  static String mode(double roundTripP50Micros) {
    if (roundTripP50Micros < 20) {
      return "same-vCPU";
    }
    if (roundTripP50Micros > 30) {
      return "cross-vCPU";
    }
    return "mixed";
  }
}
