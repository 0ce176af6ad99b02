package io.zeo.core.internal.inproc;

import io.zeo.spi.TransportChannel;
import io.zeo.spi.TransportProvider;
import io.zeo.spi.TransportServer;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code inproc:name} transport: server and client in one JVM, connected by in-memory pipes
 * (no sockets), with everything above the byte channel exactly as for TCP or Unix sockets.
 * Names are process-wide; listening on a name already listened on fails.
 */
public final class InprocTransportProvider extends TransportProvider {
  /** Bytes each direction buffers before a writer blocks, like a socket's buffers. */
  static final int PIPE_CAPACITY = 256 * 1024;

  private static final ConcurrentHashMap<String, Listener> LISTENERS = new ConcurrentHashMap<>();
  private static final AtomicInteger CONNECTIONS = new AtomicInteger();
  private static final Object CLOSED = new Object();

  @Override
  public String scheme() {
    return "inproc";
  }

  static String nameOf(String address) {
    if (!address.startsWith("inproc:") || address.length() == "inproc:".length()) {
      throw new IllegalArgumentException("not an in-process address (expected inproc:name): \"" + address + "\"");
    }
    return address.substring("inproc:".length());
  }

  @Override
  public TransportServer listen(String address) throws IOException {
    String name = nameOf(address);
    Listener l = new Listener(name);
    if (LISTENERS.putIfAbsent(name, l) != null) {
      throw new IOException("in-process address " + address + " is already in use");
    }
    return l;
  }

  @Override
  public TransportChannel connect(String address, Duration timeout) throws IOException {
    String name = nameOf(address);
    Listener l = LISTENERS.get(name);
    if (l == null) {
      throw new ConnectException("nothing listens on " + address);
    }
    Pipe up = new Pipe(PIPE_CAPACITY);
    Pipe down = new Pipe(PIPE_CAPACITY);
    int n = CONNECTIONS.incrementAndGet();
    InprocChannel client = new InprocChannel(down, up, address);
    InprocChannel server = new InprocChannel(up, down, "inproc-client-" + n);
    if (!l.offer(server)) {
      throw new ConnectException("nothing listens on " + address);
    }
    return client;
  }

  private static final class Listener implements TransportServer {
    private final String name;
    private final LinkedBlockingQueue<Object> pending = new LinkedBlockingQueue<>();
    private volatile boolean closed;

    Listener(String name) {
      this.name = name;
    }

    boolean offer(InprocChannel c) {
      if (closed) {
        return false;
      }
      pending.add(c);
      return true;
    }

    @Override
    public TransportChannel accept() throws IOException {
      if (closed) {
        throw new ClosedChannelException();
      }
      try {
        Object o = pending.take();
        if (o == CLOSED) {
          pending.add(CLOSED);
          throw new ClosedChannelException();
        }
        return (TransportChannel) o;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ClosedChannelException();
      }
    }

    @Override
    public String address() {
      return "inproc:" + name;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        LISTENERS.remove(name, this);
        Object o;
        while ((o = pending.poll()) != null) {
          if (o instanceof InprocChannel c) {
            c.close();
          }
        }
        pending.add(CLOSED);
      }
    }
  }
}
