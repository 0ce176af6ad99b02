package io.zeo.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class FaultProxyTest {
  /** How long a test waits to be sure that nothing arrives. */
  private static final int QUIET_MILLIS = 300;

  private final List<AutoCloseable> resources = new ArrayList<>();
  private EchoServer echo;
  private FaultProxy proxy;

  @BeforeEach
  void startEchoBehindAProxy() throws IOException {
    echo = track(new EchoServer());
    proxy = track(FaultProxy.start(echo.address()));
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  @Test
  void forwardsBothWaysAndCountsBytes() throws Exception {
    assertThat(proxy.address()).isEqualTo("tcp://127.0.0.1:" + proxy.port());
    Socket s = connect(proxy);
    assertThat(roundTrip(s, "hello")).isEqualTo("hello");
    FaultProxy.Connection c = proxy.connections().get(0);
    assertThat(c.id()).isEqualTo(1);
    assertThat(c.bytesToServer()).isEqualTo(5);
    await().atMost(Duration.ofSeconds(10)).until(() -> c.bytesToClient() == 5);
  }

  @Test
  void halfCloseIsForwarded() throws Exception {
    Socket s = connect(proxy);
    s.getOutputStream().write("last words".getBytes(StandardCharsets.US_ASCII));
    s.shutdownOutput();
    // The echo server answers everything, then closes when it sees the end.
    assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("last words");
    await().atMost(Duration.ofSeconds(10)).until(() -> proxy.connections().isEmpty());
  }

  @Test
  void stallHoldsDataUntilResume() throws Exception {
    Socket s = connect(proxy);
    assertThat(roundTrip(s, "warm")).isEqualTo("warm");
    proxy.stall();
    send(s, "held");
    assertNothingArrives(s);
    assertThat(echo.received()).isEqualTo(4);
    proxy.resume();
    assertThat(receive(s, 4)).isEqualTo("held");
  }

  @Test
  void aConnectionsOwnStallLeavesTheOthersAlone() throws Exception {
    Socket first = connect(proxy);
    Socket second = connect(proxy);
    await().atMost(Duration.ofSeconds(10)).until(() -> proxy.connections().size() == 2);
    proxy.connections().get(0).stall();
    send(first, "one");
    assertThat(roundTrip(second, "two")).isEqualTo("two");
    assertNothingArrives(first);
    proxy.connections().get(0).resume();
    assertThat(receive(first, 3)).isEqualTo("one");
  }

  @Test
  void delayHoldsEachChunkAtLeastThatLong() throws Exception {
    Socket s = connect(proxy);
    proxy.delay(Duration.ofMillis(150));
    long start = System.nanoTime();
    assertThat(roundTrip(s, "slow")).isEqualTo("slow");
    // Held once on the way there and once on the way back: a lower bound only.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    proxy.delay(Duration.ZERO);
    assertThat(roundTrip(s, "fast")).isEqualTo("fast");
  }

  @Test
  void cuttingOneConnectionResetsOnlyIt() throws Exception {
    Socket first = connectAndCheck("a");
    Socket second = connectAndCheck("b");
    proxy.connections().get(0).cut();
    assertEnded(first);
    assertThat(roundTrip(second, "still")).isEqualTo("still");
    assertThat(proxy.connections()).hasSize(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> echo.open() == 1);
  }

  @Test
  void cutAllResetsEveryConnectionAndNewOnesStillWork() throws Exception {
    Socket first = connectAndCheck("a");
    Socket second = connectAndCheck("b");
    proxy.cutAll();
    assertEnded(first);
    assertEnded(second);
    assertThat(roundTrip(connect(proxy), "again")).isEqualTo("again");
    assertThat(proxy.acceptedCount()).isEqualTo(3);
  }

  @Test
  void blackholeAcceptsButNeverForwards() throws Exception {
    Socket old = connect(proxy);
    assertThat(roundTrip(old, "before")).isEqualTo("before");
    proxy.blackhole();
    Socket fresh = connect(proxy);
    send(fresh, "into the void");
    send(old, "lost");
    assertNothingArrives(fresh);
    assertNothingArrives(old);
    assertThat(echo.accepted()).as("the blackholed connection never reached the target").isEqualTo(1);
    assertThat(echo.received()).isEqualTo(6);
    proxy.resume();
    assertThat(roundTrip(old, "after")).as("dropped data stays lost").isEqualTo("after");
    send(fresh, "still void");
    assertNothingArrives(fresh);
  }

  @Test
  void retargetSendsNewConnectionsToAnotherBackend() throws Exception {
    EchoServer a = echo;
    EchoServer b = track(new EchoServer());
    Socket toA = connect(proxy);
    assertThat(roundTrip(toA, "x")).isEqualTo("x");
    proxy.retarget(b.address().replace("tcp://", ""));
    Socket toB = connect(proxy);
    assertThat(roundTrip(toB, "yy")).isEqualTo("yy");
    assertThat(roundTrip(toA, "zzz")).isEqualTo("zzz");
    assertThat(a.received()).isEqualTo(4);
    assertThat(b.received()).isEqualTo(2);
  }

  @Test
  void anUnreachableTargetResetsTheClient() throws Exception {
    EchoServer gone = new EchoServer();
    String address = gone.address();
    gone.close();
    proxy.retarget(address);
    Socket s;
    try {
      s = connect(proxy);
    } catch (java.net.SocketException resetWhileConnecting) {
      // The proxy may reset the connection before the client's connect() has returned: the
      // client has been reset either way, which is what this checks (a refusal would not be).
      assertThat(resetWhileConnecting).isNotInstanceOf(java.net.ConnectException.class)
          .hasMessageContaining("reset");
      return;
    }
    assertEnded(s);
  }

  @Test
  void closeResetsEverythingAndStopsListening() throws Exception {
    Socket s = connectAndCheck("hi");
    proxy.close();
    assertEnded(s);
    assertThat(catchThrowable(() -> new Socket(InetAddress.getLoopbackAddress(), proxy.port()).close()))
        .isInstanceOf(IOException.class);
  }

  // ---- helpers ----

  private <T extends AutoCloseable> T track(T resource) {
    resources.add(resource);
    return resource;
  }

  private Socket connectAndCheck(String text) throws IOException {
    Socket s = connect(proxy);
    assertThat(roundTrip(s, text)).isEqualTo(text);
    return s;
  }

  private Socket connect(FaultProxy proxy) throws IOException {
    Socket s = track(new Socket());
    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.port()), 5000);
    s.setSoTimeout(20_000);
    return s;
  }

  private static String roundTrip(Socket s, String text) throws IOException {
    send(s, text);
    return receive(s, text.length());
  }

  private static void send(Socket s, String text) throws IOException {
    s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
  }

  private static String receive(Socket s, int n) throws IOException {
    return new String(s.getInputStream().readNBytes(n), StandardCharsets.US_ASCII);
  }

  private static void assertNothingArrives(Socket s) throws IOException {
    int timeout = s.getSoTimeout();
    s.setSoTimeout(QUIET_MILLIS);
    try {
      assertThat(catchThrowable(() -> s.getInputStream().read())).isInstanceOf(SocketTimeoutException.class);
    } finally {
      s.setSoTimeout(timeout);
    }
  }

  /** The connection is over: reads end (-1) or fail (reset). */
  private static void assertEnded(Socket s) {
    Throwable t = catchThrowable(() -> {
      InputStream in = s.getInputStream();
      assertThat(in.read()).isEqualTo(-1);
    });
    if (t != null) {
      assertThat(t).isInstanceOf(IOException.class).isNotInstanceOf(SocketTimeoutException.class);
    }
  }

  /** Echoes every byte back; counts connections and bytes. */
  private static final class EchoServer implements AutoCloseable {
    private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger received = new AtomicInteger();
    private final List<Socket> sockets = new java.util.concurrent.CopyOnWriteArrayList<>();

    EchoServer() throws IOException {
      Thread t = new Thread(this::acceptLoop, "echo-" + listener.getLocalPort());
      t.setDaemon(true);
      t.start();
    }

    String address() {
      return "tcp://127.0.0.1:" + listener.getLocalPort();
    }

    int accepted() {
      return accepted.get();
    }

    int open() {
      return open.get();
    }

    int received() {
      return received.get();
    }

    private void acceptLoop() {
      try {
        while (true) {
          Socket s = listener.accept();
          sockets.add(s);
          accepted.incrementAndGet();
          open.incrementAndGet();
          Thread t = new Thread(() -> echo(s), "echo-conn");
          t.setDaemon(true);
          t.start();
        }
      } catch (IOException closed) {
        // Listener closed: the test is over.
      }
    }

    private void echo(Socket s) {
      try (s) {
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) >= 0;) {
          received.addAndGet(n);
          out.write(buf, 0, n);
        }
      } catch (IOException reset) {
        // The proxy cut us: that is what the tests do.
      } finally {
        open.decrementAndGet();
      }
    }

    @Override
    public void close() throws IOException {
      listener.close();
      for (Socket s : sockets) {
        s.close();
      }
    }
  }
}
