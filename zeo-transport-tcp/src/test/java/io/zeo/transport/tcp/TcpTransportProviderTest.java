package io.zeo.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeo.spi.TransportChannel;
import io.zeo.spi.TransportProvider;
import io.zeo.spi.TransportServer;
import io.zeo.transport.tcp.internal.TcpAddress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What is particular to tcp; the shared behaviour is in {@link TcpTransportTckTest}. */
@Timeout(30)
class TcpTransportProviderTest {
  private final TcpTransportProvider tcp = new TcpTransportProvider();

  @Test
  void isFoundByServiceLoader() {
    assertThat(ServiceLoader.load(TransportProvider.class).stream().map(ServiceLoader.Provider::type))
        .contains(TcpTransportProvider.class);
    assertThat(tcp.scheme()).isEqualTo("tcp");
    assertThat(tcp.isAvailable()).isTrue();
  }

  @Test
  void portZeroReportsTheBoundPort() throws Exception {
    try (TransportServer server = tcp.listen("tcp://127.0.0.1:0")) {
      URI bound = URI.create(server.address());
      assertThat(bound.getScheme()).isEqualTo("tcp");
      assertThat(bound.getHost()).isEqualTo("127.0.0.1");
      assertThat(bound.getPort()).isPositive();
    }
  }

  @Test
  void connectTimesOutWhileTheServersBacklogStaysFull() throws Exception {
    try (ServerSocketChannel busy = ServerSocketChannel.open()) {
      busy.bind(new InetSocketAddress("127.0.0.1", 0), 1); // never accepts: Linux drops further SYNs
      String address = TcpAddress.format((InetSocketAddress) busy.getLocalAddress());
      List<TransportChannel> queued = new ArrayList<>();
      Throwable failure = null;
      try {
        for (int i = 0; i < 10 && failure == null; i++) {
          try {
            queued.add(tcp.connect(address, Duration.ofMillis(200)));
          } catch (IOException e) {
            failure = e;
          }
        }
      } finally {
        for (TransportChannel c : queued) {
          c.close();
        }
      }
      assertThat(failure).isInstanceOf(SocketTimeoutException.class).hasMessageContaining(address);
    }
  }

  @Test
  void ipv6LiteralsAreBracketed() {
    assertThat(TcpAddress.format(new InetSocketAddress("::1", 8100))).isEqualTo("tcp://[0:0:0:0:0:0:0:1]:8100");
    assertThat(TcpAddress.format(new InetSocketAddress("127.0.0.1", 8100))).isEqualTo("tcp://127.0.0.1:8100");
  }

  @Test
  void parsesHostAndPort() throws Exception {
    assertThat(TcpAddress.resolve("tcp://127.0.0.1:8100")).isEqualTo(new InetSocketAddress("127.0.0.1", 8100));
    assertThat(TcpAddress.resolve("TCP://[::1]:8100/").getPort()).isEqualTo(8100);
  }

  @Test
  void malformedAddressesAreRejectedWithTheValueNamed() {
    for (String bad : new String[] {"tcp://127.0.0.1", "tcp://127.0.0.1:70000", "unix:/tmp/x", "tcp://:80",
        "tcp://h:1/path", "tcp://h:1?q=1", "tcp:127.0.0.1:80", "tcp://a b:1"}) {
      assertThatThrownBy(() -> tcp.listen(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad).hasMessageContaining("tcp://host:port");
      assertThatThrownBy(() -> tcp.connect(bad, Duration.ofSeconds(1))).as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void unknownHostIsAnIoException() {
    assertThatThrownBy(() -> tcp.connect("tcp://no-such-host.invalid:8100", Duration.ofSeconds(5)))
        .isInstanceOf(UnknownHostException.class).hasMessageContaining("no-such-host.invalid");
  }

  @Test
  void nonPositiveTimeoutIsRejected() {
    assertThatThrownBy(() -> tcp.connect("tcp://127.0.0.1:1", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
  }
}
