package io.zeo.transport.unix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeo.spi.TransportChannel;
import io.zeo.spi.TransportProvider;
import io.zeo.spi.TransportServer;
import io.zeo.transport.unix.internal.UnixAddress;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What is particular to unix sockets; the shared behaviour is in {@link UnixTransportTckTest}. */
@Timeout(30)
class UnixTransportProviderTest {
  private final UnixTransportProvider unix = new UnixTransportProvider();

  @TempDir
  Path dir;

  @Test
  void isFoundByServiceLoader() {
    assertThat(ServiceLoader.load(TransportProvider.class).stream().map(ServiceLoader.Provider::type))
        .contains(UnixTransportProvider.class);
    assertThat(unix.scheme()).isEqualTo("unix");
    assertThat(unix.isAvailable()).as(unix.unavailableReason()).isTrue();
  }

  @Test
  void socketFileIsRemovedOnClose() throws Exception {
    Path sock = dir.resolve("zeo.sock");
    TransportServer server = unix.listen("unix:" + sock);
    assertThat(server.address()).isEqualTo("unix:" + sock);
    assertThat(sock).exists();
    server.close();
    assertThat(sock).doesNotExist();
    server.close();
  }

  @Test
  void staleSocketFileOfADeadServerIsReplaced() throws Exception {
    Path sock = dir.resolve("stale.sock");
    // A server that "died": its channel is closed but, as after a crash, the file stays.
    ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    dead.bind(UnixDomainSocketAddress.of(sock));
    dead.close();
    assertThat(sock).exists();

    try (TransportServer server = unix.listen("unix:" + sock);
        TransportChannel client = unix.connect(server.address(), Duration.ofSeconds(5));
        TransportChannel accepted = server.accept()) {
      client.writeFully(ByteBuffer.wrap(new byte[] {42}));
      ByteBuffer in = ByteBuffer.allocate(1);
      assertThat(accepted.read(in)).isEqualTo(1);
      assertThat(in.get(0)).isEqualTo((byte) 42);
    }
  }

  @Test
  void liveSocketIsNotReplaced() throws Exception {
    Path sock = dir.resolve("live.sock");
    try (TransportServer live = unix.listen("unix:" + sock)) {
      assertThatThrownBy(() -> unix.listen("unix:" + sock))
          .isInstanceOf(BindException.class).hasMessageContaining(sock.toString()).hasMessageContaining("live server");
      // The refused attempt left the live server's file alone.
      try (TransportChannel client = unix.connect(live.address(), Duration.ofSeconds(5));
          TransportChannel accepted = live.accept()) {
        assertThat(client.isOpen()).isTrue();
        assertThat(accepted.isOpen()).isTrue();
      }
    }
  }

  @Test
  void aFileThatIsNotASocketIsNeverDeleted() throws Exception {
    Path file = dir.resolve("precious.txt");
    Files.writeString(file, "keep me");
    assertThatThrownBy(() -> unix.listen("unix:" + file))
        .isInstanceOf(FileAlreadyExistsException.class).hasMessageContaining("not a socket");
    assertThat(file).hasContent("keep me");
  }

  @Test
  void closeLeavesAFileThatAnotherServerReplacedAlone() throws Exception {
    Path sock = dir.resolve("shared.sock");
    TransportServer first = unix.listen("unix:" + sock);
    // An operator removed the file and a second server took the path over.
    Files.delete(sock);
    try (TransportServer second = unix.listen("unix:" + sock)) {
      first.close();
      assertThat(sock).exists();
      try (TransportChannel c = unix.connect(second.address(), Duration.ofSeconds(5))) {
        assertThat(c.isOpen()).isTrue();
      }
    }
  }

  @Test
  void connectingToAMissingFileIsAConnectException() {
    Path missing = dir.resolve("missing.sock");
    assertThatThrownBy(() -> unix.connect("unix:" + missing, Duration.ofSeconds(5)))
        .isInstanceOf(ConnectException.class).hasMessageContaining(missing.toString());
  }

  @Test
  void connectTimesOutWhileTheServersBacklogStaysFull() throws Exception {
    Path sock = dir.resolve("busy.sock");
    try (ServerSocketChannel busy = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      busy.bind(UnixDomainSocketAddress.of(sock), 1); // never accepts
      List<TransportChannel> queued = new ArrayList<>();
      Throwable failure = null;
      try {
        for (int i = 0; i < 10 && failure == null; i++) {
          try {
            queued.add(unix.connect("unix:" + sock, Duration.ofMillis(200)));
          } catch (IOException e) {
            failure = e;
          }
        }
      } finally {
        for (TransportChannel c : queued) {
          c.close();
        }
      }
      assertThat(failure).isInstanceOf(SocketTimeoutException.class).hasMessageContaining(sock.toString());
    }
  }

  @Test
  void addressForms() {
    assertThat(UnixAddress.parse("unix:/run/zeo.sock")).isEqualTo(Path.of("/run/zeo.sock"));
    assertThat(UnixAddress.parse("unix:///run/zeo.sock")).isEqualTo(Path.of("/run/zeo.sock"));
    assertThat(UnixAddress.parse("unix:zeo.sock")).isEqualTo(Path.of("zeo.sock"));
    for (String bad : new String[] {"unix:", "tcp://127.0.0.1:1", "unix://host/x", "unix:/a.sock?storage=main"}) {
      assertThatThrownBy(() -> unix.listen(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad);
    }
  }
}
