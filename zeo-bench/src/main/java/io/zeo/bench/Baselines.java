package io.zeo.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The physical limits every result is compared with, measured in the same run: a bare 64-byte
 * ping-pong over TCP and over a Unix socket (plain blocking NIO, two threads of this process, no
 * framing, no spinning), and a bare 4 KiB append + {@code force(false)} in the storage's
 * directory.
 */
final class Baselines {
  static final int PING_BYTES = 64;
  static final int BLOCK = 4096;

  private Baselines() {}

  /** Round trips over TCP on the loopback interface, TCP_NODELAY on both ends. */
  static Samples tcpRoundTrip(int reps) throws IOException {
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return pingPong(server, server.getLocalAddress(), reps, true);
    }
  }

  /** Round trips over a Unix domain socket in {@code dir}. */
  static Samples unixRoundTrip(Path dir, int reps) throws IOException {
    Path sock = dir.resolve("ping.sock");
    Files.deleteIfExists(sock);
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(sock));
      return pingPong(server, UnixDomainSocketAddress.of(sock), reps, false);
    } finally {
      Files.deleteIfExists(sock);
    }
  }

  private static Samples pingPong(ServerSocketChannel server, SocketAddress address, int reps,
      boolean tcp) throws IOException {
    Thread echo = new Thread(() -> {
      try (SocketChannel peer = server.accept()) {
        if (tcp) {
          peer.setOption(StandardSocketOptions.TCP_NODELAY, true);
        }
        ByteBuffer b = ByteBuffer.allocateDirect(PING_BYTES);
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
    echo.setDaemon(true);
    echo.start();
    Samples s = new Samples(reps);
    try (SocketChannel ch = SocketChannel.open(address)) {
      if (tcp) {
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      }
      ByteBuffer b = ByteBuffer.allocateDirect(PING_BYTES);
      int warmup = Math.min(1_000, reps / 5);
      for (int i = 0; i < warmup + reps; i++) {
        b.clear();
        long t0 = System.nanoTime();
        while (b.hasRemaining()) {
          ch.write(b);
        }
        b.clear();
        if (!readFully(ch, b)) {
          throw new IOException("echo peer closed early");
        }
        long t = System.nanoTime() - t0;
        if (i >= warmup) {
          s.add(t);
        }
      }
    }
    try {
      echo.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return s;
  }

  private static boolean readFully(SocketChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      if (ch.read(b) < 0) {
        return false;
      }
    }
    return true;
  }

  /** Appends 4 KiB blocks to a new file in {@code dir}, forcing after each. */
  static Samples diskAppendForce(Path dir, int reps) throws IOException {
    Path file = dir.resolve("force-baseline.bin");
    Samples s = new Samples(reps);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer block = ByteBuffer.allocateDirect(BLOCK);
      for (int i = 0; i < reps + 5; i++) {
        block.clear();
        block.putLong(0, i);
        long t0 = System.nanoTime();
        while (block.hasRemaining()) {
          ch.write(block);
        }
        ch.force(false);
        long t = System.nanoTime() - t0;
        if (i >= 5) {
          s.add(t);
        }
      }
    } finally {
      Files.deleteIfExists(file);
    }
    return s;
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
