package io.zeo.testkit;

import static io.zeo.testkit.internal.ChannelIo.awaitBlocked;
import static io.zeo.testkit.internal.ChannelIo.crc;
import static io.zeo.testkit.internal.ChannelIo.crcOfNext;
import static io.zeo.testkit.internal.ChannelIo.echoUntilEnd;
import static io.zeo.testkit.internal.ChannelIo.looksBlocked;
import static io.zeo.testkit.internal.ChannelIo.readExactly;
import static io.zeo.testkit.internal.ChannelIo.readToEnd;
import static io.zeo.testkit.internal.ChannelIo.sendInPieces;
import static io.zeo.testkit.internal.ChannelIo.writeAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.zeo.spi.TransportChannel;
import io.zeo.spi.TransportProvider;
import io.zeo.spi.TransportServer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The conformance suite every {@link TransportProvider} passes. Extend it in a JUnit 5 test of
 * the transport's module:
 *
 * <pre>{@code
 * class TcpTransportTckTest extends TransportTck {
 *   protected TransportProvider provider() { return new TcpTransportProvider(); }
 *   protected String listenAddress() { return "tcp://127.0.0.1:0"; }
 * }
 * }</pre>
 *
 * <p>It checks what zeo-core relies on above the byte channel: data arrives whole and in order
 * both ways at once, for tiny and for 16 MiB messages and for many connections together; a
 * half-close ends only one direction; a peer that vanishes ends the reader (-1 or an
 * {@link IOException}) and fails the writer, never hangs them; {@code close()} from another
 * thread unblocks a blocked {@code read}, a {@code write} blocked on a peer that does not
 * read, and a blocked {@code accept}; listen reports a
 * connectable address, a live address cannot be listened on twice, and a closed one can be
 * listened on again at once; connecting to nothing fails with an {@link IOException} within the
 * timeout. Every test is bounded in time, so a hang fails instead of stalling the build.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class TransportTck {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final Deque<AutoCloseable> resources = new ConcurrentLinkedDeque<>();
  private ExecutorService pool;

  /** The transport under test. */
  protected abstract TransportProvider provider();

  /**
   * An address to listen on: {@code tcp://127.0.0.1:0}, a new socket path in a temporary
   * directory. Called once per server; for transports without port 0 each call must name a
   * fresh, unused address.
   */
  protected abstract String listenAddress();

  /** The connect timeout the suite uses; default 5 seconds. */
  protected Duration connectTimeout() {
    return Duration.ofSeconds(5);
  }

  /** The size of the large messages; default 16 MiB. */
  protected int largeMessageSize() {
    return 16 << 20;
  }

  /** How many connections are open together in the concurrency test; default 32. */
  protected int concurrentConnections() {
    return 32;
  }

  /** Addresses that {@code listen} and {@code connect} must reject as malformed. */
  protected List<String> malformedAddresses() {
    return List.of("no-such-scheme://127.0.0.1:1", "");
  }

  @BeforeEach
  void startPool() {
    AtomicInteger n = new AtomicInteger();
    pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "transport-tck-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  @AfterEach
  void closeEverything() throws Exception {
    Exception first = null;
    for (AutoCloseable r = resources.pollFirst(); r != null; r = resources.pollFirst()) {
      try {
        r.close();
      } catch (Exception e) {
        first = first == null ? e : first;
      }
    }
    pool.shutdownNow();
    assertThat(pool.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS)).as("suite threads ended").isTrue();
    if (first != null) {
      throw first;
    }
  }

  // ---- helpers for subclasses' own tests ----

  /** Listens on a new {@link #listenAddress()}; closed after the test. */
  protected TransportServer listen() throws IOException {
    return closeLater(provider().listen(listenAddress()));
  }

  /** Connects to {@code server}; closed after the test. */
  protected TransportChannel connect(TransportServer server) throws IOException {
    return closeLater(provider().connect(server.address(), connectTimeout()));
  }

  /** A connected pair: the client's end and the server's accepted end, both closed after the test. */
  protected Pair connectPair(TransportServer server) throws IOException {
    TransportChannel client = connect(server);
    return new Pair(client, closeLater(server.accept()));
  }

  /** Both ends of one connection. */
  protected record Pair(TransportChannel client, TransportChannel accepted) {}

  /** Closes {@code resource} after the test (in reverse order of registration); thread-safe. */
  protected <T extends AutoCloseable> T closeLater(T resource) {
    resources.addFirst(resource);
    return resource;
  }

  /** Runs {@code task} on a suite thread. */
  protected <T> Future<T> background(Callable<T> task) {
    return pool.submit(task);
  }

  /** The result of {@code future}, waiting a bounded time. */
  protected static <T> T await(Future<T> future) throws Exception {
    return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  // ---- discovery and addresses ----

  @Test
  void providerIsFoundByServiceLoaderAndNamesItsScheme() {
    TransportProvider p = provider();
    assertThat(ServiceLoader.load(TransportProvider.class).stream().map(ServiceLoader.Provider::type))
        .as("META-INF/services/io.zeo.spi.TransportProvider lists " + p.getClass().getName())
        .contains(p.getClass());
    assertThat(p.scheme()).isNotEmpty().isEqualTo(p.scheme().toLowerCase(Locale.ROOT)).doesNotContain(":");
    assertThat(p.isAvailable()).as(p.unavailableReason()).isTrue();
  }

  @Test
  void listenReportsAConnectableAddressWithTheScheme() throws Exception {
    TransportServer server = listen();
    assertThat(server.address()).startsWith(provider().scheme() + ":");
    Pair pair = connectPair(server);
    assertThat(pair.client().peer()).isNotBlank();
    assertThat(pair.accepted().peer()).isNotBlank();
    assertThat(pair.client().isOpen()).isTrue();
  }

  @Test
  void malformedAddressesAreRejected() {
    for (String bad : malformedAddresses()) {
      assertThatThrownBy(() -> provider().listen(bad)).as("listen(\"%s\")", bad)
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> provider().connect(bad, connectTimeout())).as("connect(\"%s\")", bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void listeningTwiceOnALiveAddressFails() throws Exception {
    TransportServer server = listen();
    assertThatThrownBy(() -> closeLater(provider().listen(server.address()))).isInstanceOf(IOException.class);
    // The live server still serves. The refused listen may have probed it with a connection
    // that ends at once (the unix transport does): the server sees it as a peer that left.
    TransportChannel client = connect(server);
    writeAll(client, new byte[] {7});
    ByteBuffer first = ByteBuffer.allocate(1);
    for (int attempt = 0; attempt < 2 && first.position() == 0; attempt++) {
      closeLater(server.accept()).read(first);
    }
    assertThat(first.array()).as("the client's byte reached the live server").containsExactly(7);
  }

  @Test
  void aClosedAddressCanBeListenedOnAgainAtOnce() throws Exception {
    TransportServer server = closeLater(provider().listen(listenAddress()));
    String address = server.address();
    Pair first = connectPair(server);
    writeAll(first.client(), new byte[] {1});
    assertThat(readExactly(first.accepted(), 1)).containsExactly(1);
    // The server's end closes first: for TCP that leaves it in TIME_WAIT on the port.
    first.accepted().close();
    assertThat(first.client().read(ByteBuffer.allocate(1))).isEqualTo(-1);
    server.close();
    TransportServer again = closeLater(provider().listen(address));
    Pair pair = connectPair(again);
    writeAll(pair.client(), new byte[] {2});
    assertThat(readExactly(pair.accepted(), 1)).containsExactly(2);
  }

  @Test
  void connectingToNothingFailsWithinTheTimeout() throws Exception {
    TransportServer server = provider().listen(listenAddress());
    String address = server.address();
    server.close();
    Future<Throwable> attempt = background(() -> catchThrowable(() -> provider().connect(address, connectTimeout()).close()));
    Throwable failure = attempt.get(connectTimeout().toMillis() + WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(failure).as("connecting to closed " + address).isInstanceOf(IOException.class);
  }

  // ---- data ----

  @Test
  void smallMessagesBothWays() throws Exception {
    Pair pair = connectPair(listen());
    Future<Integer> echo = background(() -> {
      int n = 0;
      ByteBuffer b = ByteBuffer.allocate(1024);
      while (pair.accepted().read(b) >= 0) {
        b.flip();
        pair.accepted().writeFully(b);
        n += b.limit();
        b.clear();
      }
      pair.accepted().shutdownOutput();
      return n;
    });
    int total = 0;
    for (int i = 0; i < 500; i++) {
      byte[] msg = SampleData.random(i, 1 + i % 64);
      writeAll(pair.client(), msg);
      assertThat(readExactly(pair.client(), msg.length)).as("echo of message %d", i).isEqualTo(msg);
      total += msg.length;
    }
    pair.client().shutdownOutput();
    assertThat(await(echo)).isEqualTo(total);
    assertThat(pair.client().read(ByteBuffer.allocate(1))).isEqualTo(-1);
  }

  @Test
  void largeMessagesBothWaysAtOnce() throws Exception {
    Pair pair = connectPair(listen());
    int size = largeMessageSize();
    byte[] up = SampleData.random(1, size);
    byte[] down = SampleData.random(2, size);
    // Both ends write and read at the same time: a transport that serialises the two
    // directions, or whose write waits for the peer to read, deadlocks here.
    Future<Long> serverReads = background(() -> crcOfNext(pair.accepted(), size));
    Future<Long> clientReads = background(() -> crcOfNext(pair.client(), size));
    Future<?> serverWrites = background(() -> sendInPieces(pair.accepted(), down));
    Future<?> clientWrites = background(() -> sendInPieces(pair.client(), up));
    await(clientWrites);
    await(serverWrites);
    assertThat(await(serverReads)).as("crc of %d bytes client to server", size).isEqualTo(crc(up));
    assertThat(await(clientReads)).as("crc of %d bytes server to client", size).isEqualTo(crc(down));
  }

  @Test
  void gatheringWritesArriveInOrder() throws Exception {
    Pair pair = connectPair(listen());
    byte[] a = "head".getBytes(StandardCharsets.US_ASCII);
    byte[] b = SampleData.random(3, 100_000);
    byte[] c = "tail".getBytes(StandardCharsets.US_ASCII);
    Future<byte[]> received = background(() -> readExactly(pair.accepted(), a.length + b.length + c.length));
    pair.client().writeFully(ByteBuffer.wrap(a), ByteBuffer.wrap(b), ByteBuffer.allocate(0), ByteBuffer.wrap(c));
    ByteBuffer expected = ByteBuffer.allocate(a.length + b.length + c.length).put(a).put(b).put(c);
    assertThat(await(received)).isEqualTo(expected.array());
  }

  @Test
  void manyConnectionsAtOnce() throws Exception {
    TransportServer server = listen();
    int n = concurrentConnections();
    Future<?> acceptor = background(() -> {
      for (int i = 0; i < n; i++) {
        TransportChannel accepted = closeLater(server.accept());
        background(() -> echoUntilEnd(accepted));
      }
      return null;
    });
    List<Future<Boolean>> clients = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int id = i;
      clients.add(background(() -> {
        try (TransportChannel c = provider().connect(server.address(), connectTimeout())) {
          for (int round = 0; round < 5; round++) {
            byte[] msg = SampleData.random(id * 100L + round, 1 + (id * 7919 + round * 104729) % 16384);
            writeAll(c, msg);
            assertThat(readExactly(c, msg.length)).as("connection %d round %d", id, round).isEqualTo(msg);
          }
          c.shutdownOutput();
          return c.read(ByteBuffer.allocate(1)) == -1;
        }
      }));
    }
    for (Future<Boolean> client : clients) {
      assertThat(await(client)).as("echo side ended after the client's half-close").isTrue();
    }
    await(acceptor);
  }

  // ---- half-closed and vanished peers ----

  @Test
  void clientHalfCloseEndsOnlyItsDirection() throws Exception {
    Pair pair = connectPair(listen());
    halfCloseExchange(pair.client(), pair.accepted());
  }

  @Test
  void serverHalfCloseEndsOnlyItsDirection() throws Exception {
    Pair pair = connectPair(listen());
    halfCloseExchange(pair.accepted(), pair.client());
  }

  @Test
  void closedPeerEndsABlockedReader() throws Exception {
    Pair pair = connectPair(listen());
    AtomicReference<Thread> reader = new AtomicReference<>();
    Future<Integer> read = background(() -> {
      reader.set(Thread.currentThread());
      return pair.accepted().read(ByteBuffer.allocate(16));
    });
    awaitBlocked(awaitThread(reader));
    pair.client().close();
    assertEndedOrFailed(read);
  }

  @Test
  void peerClosingWithUnreadDataEndsTheReaderAndFailsTheWriter() throws Exception {
    Pair pair = connectPair(listen());
    // Data the client never reads: closing with it pending is an abortive close (a TCP reset).
    writeAll(pair.accepted(), SampleData.random(4, 4096));
    writeAll(pair.client(), new byte[] {1});
    assertThat(readExactly(pair.accepted(), 1)).containsExactly(1);
    pair.client().close();
    Future<Boolean> writerFailed = background(() -> {
      byte[] chunk = new byte[65536];
      for (int i = 0; i < 1024; i++) {
        try {
          writeAll(pair.accepted(), chunk);
        } catch (IOException expected) {
          return true;
        }
      }
      return false;
    });
    assertThat(await(writerFailed)).as("writing to a closed peer fails within 64 MiB").isTrue();
    Throwable readFailure = catchThrowable(() -> assertThat(pair.accepted().read(ByteBuffer.allocate(16))).isEqualTo(-1));
    assertThat(readFailure).as("read after the reset").satisfiesAnyOf(
        t -> assertThat(t).isNull(), t -> assertThat(t).isInstanceOf(IOException.class));
  }

  // ---- close from another thread ----

  @Test
  void closeUnblocksABlockedReader() throws Exception {
    Pair pair = connectPair(listen());
    AtomicReference<Thread> reader = new AtomicReference<>();
    Future<Integer> read = background(() -> {
      reader.set(Thread.currentThread());
      return pair.client().read(ByteBuffer.allocate(16));
    });
    awaitBlocked(awaitThread(reader));
    pair.client().close();
    Throwable failure = catchThrowable(() -> assertThat(await(read)).isEqualTo(-1));
    if (failure != null) {
      assertThat(failure.getCause()).as("read unblocked by close").isInstanceOf(ClosedChannelException.class);
    }
    assertThat(pair.client().isOpen()).isFalse();
    assertThat(pair.accepted().read(ByteBuffer.allocate(1))).as("the peer sees the end").isEqualTo(-1);
  }

  @Test
  void closeUnblocksAWriterBlockedOnAPeerThatDoesNotRead() throws Exception {
    Pair pair = connectPair(listen());
    AtomicReference<Thread> writer = new AtomicReference<>();
    AtomicLong written = new AtomicLong();
    Future<Void> write = background(() -> {
      writer.set(Thread.currentThread());
      byte[] chunk = new byte[65536];
      // The peer never reads: sooner or later the buffers fill and the write blocks.
      for (int i = 0; i < 1024; i++) {
        writeAll(pair.client(), chunk);
        written.addAndGet(chunk.length);
      }
      return null;
    });
    Thread t = awaitThread(writer);
    long[] last = {-1};
    org.awaitility.Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
      long now = written.get();
      boolean still = now == last[0];
      last[0] = now;
      return write.isDone() || (still && looksBlocked(t));
    });
    assertThat(write.isDone()).as("a transport that buffers 64 MiB for a peer that never reads").isFalse();
    pair.client().close();
    Throwable failure = catchThrowable(() -> await(write));
    assertThat(failure).isNotNull();
    assertThat(failure.getCause()).as("write unblocked by close").isInstanceOf(IOException.class);
  }

  @Test
  void closeUnblocksABlockedAccept() throws Exception {
    TransportServer server = listen();
    AtomicReference<Thread> acceptor = new AtomicReference<>();
    Future<TransportChannel> accept = background(() -> {
      acceptor.set(Thread.currentThread());
      return server.accept();
    });
    awaitBlocked(awaitThread(acceptor));
    server.close();
    Throwable failure = catchThrowable(() -> await(accept));
    assertThat(failure).isNotNull();
    assertThat(failure.getCause()).as("accept unblocked by close").isInstanceOf(ClosedChannelException.class);
    assertThatThrownBy(server::accept).isInstanceOf(ClosedChannelException.class);
    server.close();
  }

  @Test
  void aClosedChannelRefusesUse() throws Exception {
    Pair pair = connectPair(listen());
    pair.client().close();
    assertThat(pair.client().isOpen()).isFalse();
    assertThatThrownBy(() -> pair.client().read(ByteBuffer.allocate(1))).isInstanceOf(ClosedChannelException.class);
    assertThatThrownBy(() -> pair.client().write(ByteBuffer.allocate(1))).isInstanceOf(ClosedChannelException.class);
    pair.client().close();
  }

  // ---- internals ----

  private void halfCloseExchange(TransportChannel closer, TransportChannel other) throws Exception {
    byte[] request = SampleData.random(5, 70_000);
    byte[] reply = SampleData.random(6, 50_000);
    writeAll(closer, request);
    closer.shutdownOutput();
    Future<byte[]> received = background(() -> readToEnd(other));
    assertThat(await(received)).as("everything before the half-close, then -1").isEqualTo(request);
    assertThat(other.read(ByteBuffer.allocate(1))).as("-1 again").isEqualTo(-1);
    writeAll(other, reply);
    other.close();
    assertThat(readToEnd(closer)).as("the other direction still works").isEqualTo(reply);
  }

  private static Thread awaitThread(AtomicReference<Thread> ref) {
    org.awaitility.Awaitility.await().atMost(WAIT).until(() -> ref.get() != null);
    return ref.get();
  }

  private static void assertEndedOrFailed(Future<Integer> read) throws Exception {
    Throwable failure = catchThrowable(() -> assertThat(await(read)).isEqualTo(-1));
    if (failure != null) {
      assertThat(failure.getCause()).as("read of a vanished peer").isInstanceOf(IOException.class);
    }
  }
}
