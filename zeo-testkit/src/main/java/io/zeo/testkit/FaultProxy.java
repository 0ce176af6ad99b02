package io.zeo.testkit;

import io.zeo.testkit.internal.FaultSwitches;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy for fault tests: listens on {@code 127.0.0.1} on a free port and forwards every
 * connection to a target, until told to misbehave.
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.start(server.address())) {   // "tcp://127.0.0.1:8100"
 *   Storage client = Zeo.open("zeo+" + proxy.address() + "?storage=main");
 *   proxy.stall();        // bytes stop moving; sockets stay open
 *   proxy.resume();
 *   proxy.cutAll();       // every connection reset
 * }
 * }</pre>
 *
 * <p>Faults, for the whole proxy and for each {@link Connection}:
 * <ul>
 * <li>{@link #delay}: each chunk is held this long after it was read before it is forwarded
 *     (a connection's delay adds to the proxy's). Chunks of one direction move one at a time,
 *     so a delay also caps throughput.</li>
 * <li>{@link #stall}: nothing is forwarded, nothing is lost: each direction holds the chunk it
 *     has read, the rest waits in the socket buffers until {@link #resume}.</li>
 * <li>{@link #blackhole}: data read is dropped, both ways. While the proxy is blackholed it
 *     still accepts new connections but never connects them to the target; they stay
 *     blackholed until cut, even after {@link #resume}.</li>
 * <li>{@link #cutAll} / {@link Connection#cut}: both sockets are reset (RST), as when a cable
 *     is pulled or a process dies.</li>
 * <li>{@link #retarget}: new connections go to another backend; open ones stay where they are.</li>
 * </ul>
 * A half-close is forwarded as a half-close. When the target refuses, the client's connection
 * is reset. Threads are daemons named {@code fault-proxy-<port>-...}. Thread-safe.
 */
public final class FaultProxy implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(FaultProxy.class.getName());
  private static final int CONNECT_TIMEOUT_MILLIS = 5000;

  private final ServerSocket listener;
  private final Object monitor = new Object();
  private final FaultSwitches switches = new FaultSwitches(monitor);
  private final List<Connection> connections = new CopyOnWriteArrayList<>();
  private final AtomicInteger accepted = new AtomicInteger();
  private final Thread acceptor;
  private volatile InetSocketAddress target;
  private volatile boolean closed;

  private FaultProxy(InetSocketAddress target) throws IOException {
    this.target = target;
    this.listener = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::acceptLoop, "fault-proxy-" + port() + "-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Starts a proxy to {@code target}, given as {@code tcp://host:port} or {@code host:port}. */
  public static FaultProxy start(String target) throws IOException {
    return new FaultProxy(parse(target));
  }

  /** Starts a proxy to {@code target}. */
  public static FaultProxy start(InetSocketAddress target) throws IOException {
    return new FaultProxy(target);
  }

  /** Where clients connect: {@code tcp://127.0.0.1:<port>}. */
  public String address() {
    return "tcp://127.0.0.1:" + port();
  }

  /** The port the proxy listens on. */
  public int port() {
    return listener.getLocalPort();
  }

  /** Sends new connections to {@code target} ({@code tcp://host:port} or {@code host:port}). */
  public void retarget(String target) {
    this.target = parse(target);
  }

  /** Holds every chunk this long before forwarding it; {@link Duration#ZERO} ends the delay. */
  public void delay(Duration delay) {
    switches.delay(delay);
  }

  /** Stops forwarding on every connection, keeping the sockets open and the data. */
  public void stall() {
    switches.stall();
  }

  /** Drops all data from now on, and accepts new connections without connecting them onward. */
  public void blackhole() {
    switches.blackhole();
  }

  /** Ends a proxy-wide stall or blackhole; the delay stays. */
  public void resume() {
    switches.resume();
  }

  /** Resets every open connection; new ones are still accepted. */
  public void cutAll() {
    for (Connection c : connections) {
      c.cut();
    }
  }

  /** The open connections, oldest first. */
  public List<Connection> connections() {
    List<Connection> open = new ArrayList<>();
    for (Connection c : connections) {
      if (c.isOpen()) {
        open.add(c);
      }
    }
    return open;
  }

  /** How many connections the proxy has accepted since it started. */
  public int acceptedCount() {
    return accepted.get();
  }

  /** Stops listening and resets every connection. */
  @Override
  public void close() throws IOException {
    closed = true;
    listener.close();
    cutAll();
    try {
      acceptor.join(CONNECT_TIMEOUT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "FaultProxy[" + address() + " -> " + target + "]";
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        if (!closed) {
          LOG.log(System.Logger.Level.WARNING, "fault proxy " + address() + " stopped accepting", e);
        }
        return;
      }
      Connection c = new Connection(accepted.incrementAndGet(), client);
      connections.add(c);
      c.start(switches.blackholed() ? null : target);
    }
  }

  private static InetSocketAddress parse(String target) {
    URI uri = URI.create(target.contains("://") ? target : "tcp://" + target);
    if (!"tcp".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
      throw new IllegalArgumentException("proxy target \"" + target + "\" is not tcp://host:port or host:port");
    }
    return new InetSocketAddress(uri.getHost(), uri.getPort());
  }

  /** One proxied connection, with its own fault settings on top of the proxy's. */
  public final class Connection {
    private final int id;
    private final Socket client;
    private final FaultSwitches own = new FaultSwitches(monitor);
    private final AtomicLong toServer = new AtomicLong();
    private final AtomicLong toClient = new AtomicLong();
    private final AtomicInteger pumpsLeft = new AtomicInteger(2);
    private volatile Socket server;
    private volatile boolean open = true;

    private Connection(int id, Socket client) {
      this.id = id;
      this.client = client;
    }

    /** 1 for the first connection the proxy accepted, and so on. */
    public int id() {
      return id;
    }

    /** Adds this delay to the proxy's for this connection. */
    public void delay(Duration delay) {
      own.delay(delay);
    }

    /** Stops forwarding on this connection, keeping the sockets open and the data. */
    public void stall() {
      own.stall();
    }

    /** Drops this connection's data from now on. */
    public void blackhole() {
      own.blackhole();
    }

    /** Ends this connection's own stall or blackhole. */
    public void resume() {
      own.resume();
    }

    /** Resets both sockets of this connection. */
    public void cut() {
      open = false;
      reset(client);
      Socket s = server;
      if (s != null) {
        reset(s);
      }
      synchronized (monitor) {
        monitor.notifyAll();
      }
    }

    /** False once cut, or once both directions have ended. */
    public boolean isOpen() {
      return open;
    }

    /** Bytes forwarded from the client to the target so far. */
    public long bytesToServer() {
      return toServer.get();
    }

    /** Bytes forwarded from the target to the client so far. */
    public long bytesToClient() {
      return toClient.get();
    }

    @Override
    public String toString() {
      return "Connection#" + id + (open ? "" : " (closed)");
    }

    private void start(InetSocketAddress to) {
      String name = "fault-proxy-" + port() + "-conn-" + id;
      Thread t = new Thread(() -> run(to, name), name + "-up");
      t.setDaemon(true);
      t.start();
    }

    private void run(InetSocketAddress to, String name) {
      if (to == null) {
        pump(client, null, toServer); // accepted into the blackhole: read and drop until cut
        cut();
        return;
      }
      try {
        Socket s = new Socket();
        server = s;
        s.setTcpNoDelay(true);
        s.connect(to, CONNECT_TIMEOUT_MILLIS);
        client.setTcpNoDelay(true);
      } catch (IOException e) {
        LOG.log(System.Logger.Level.DEBUG, "fault proxy target " + to + " unreachable: " + e);
        cut();
        return;
      }
      if (!open) {
        cut();
        return;
      }
      Thread down = new Thread(() -> pump(server, client, toClient), name + "-down");
      down.setDaemon(true);
      down.start();
      pump(client, server, toServer);
    }

    /** Copies {@code from} to {@code to} (or drops, if {@code to} is null) under the faults. */
    private void pump(Socket from, Socket to, AtomicLong counter) {
      byte[] buf = new byte[65536];
      try {
        InputStream in = from.getInputStream();
        OutputStream out = to == null ? null : to.getOutputStream();
        for (int n; (n = in.read(buf)) >= 0;) {
          long readAt = System.nanoTime();
          if (!awaitForwardable(readAt)) {
            return;
          }
          if (out != null && !switches.blackholed() && !own.blackholed()) {
            out.write(buf, 0, n);
            out.flush();
            counter.addAndGet(n);
          }
        }
        if (to != null) {
          to.shutdownOutput();
        }
        if (pumpsLeft.decrementAndGet() == 0) {
          open = false;
          closeQuietly(client);
          closeQuietly(to);
        }
      } catch (IOException e) {
        // One side failed or was cut: the other side sees a reset too.
        cut();
      }
    }

    /** Waits out stall and delay; false if the connection was cut meanwhile. */
    private boolean awaitForwardable(long readAt) {
      synchronized (monitor) {
        while (open && !closed) {
          long waitNanos = switches.stalled() || own.stalled()
              ? 1_000_000_000L
              : readAt + switches.delayNanos() + own.delayNanos() - System.nanoTime();
          if (waitNanos <= 0) {
            return true;
          }
          try {
            // Every change of a switch notifies the monitor; the bound only guards against a lost one.
            monitor.wait(Math.max(1, waitNanos / 1_000_000));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
        }
        return false;
      }
    }
  }

  private static void reset(Socket s) {
    try {
      s.setSoLinger(true, 0);
    } catch (IOException ignored) {
      // Already closed: nothing to reset.
    }
    closeQuietly(s);
  }

  private static void closeQuietly(Socket s) {
    try {
      if (s != null) {
        s.close();
      }
    } catch (IOException ignored) {
      // Closing is all that is left to do.
    }
  }
}
