package io.zeo.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeo.core.ClientStorage;
import io.zeo.core.MemoryStorage;
import io.zeo.core.ZeoServer;
import io.zeo.core.internal.wire.MessageReader;
import io.zeo.core.internal.wire.MessageWriter;
import io.zeo.core.internal.wire.Wire;
import io.zeo.core.internal.wire.WireError;
import io.zeo.spi.AuthClientConfig;
import io.zeo.spi.AuthenticationError;
import io.zeo.spi.ProtocolError;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import io.zeo.testkit.FaultProxy;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a server requiring srp lets through before and around a login: a raw wire client that
 * skips the login gets an error and a closed connection; logins are not held up by another
 * client's commit lock and stay protected while other clients commit.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoginGateTest {
  @TempDir static Path dir;
  static UserStore users;
  private final List<AutoCloseable> open = new ArrayList<>();
  private ZeoServer server;

  @BeforeAll
  static void users() {
    users = UserStore.open(dir.resolve("users"));
    users.addUser("alice", "alice-pw".toCharArray(), Map.of("main", Rights.ALL));
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private ZeoServer server() {
    server = ZeoServer.builder().storage("main", MemoryStorage.create()).listen("tcp://127.0.0.1:0")
        .auth(Map.of(AuthSettings.USER_STORE, users, AuthSettings.LOGIN_THROTTLE, new LoginThrottle()), "srp")
        .requireAuth(true).start();
    open.add(server);
    return server;
  }

  private ClientStorage alice(String address) {
    ClientStorage c = ClientStorage.builder().address(address).storage("main").serverSync(true)
        .auth("srp", new AuthClientConfig("alice", "alice-pw"::toCharArray, "localhost", Map.of())).open();
    open.add(c);
    return c;
  }

  /** A client that writes frames by hand: no compression, no protection. */
  static final class RawWire implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;

    RawWire(String tcpAddress) throws IOException {
      URI u = URI.create(tcpAddress);
      socket = new Socket(u.getHost(), u.getPort());
      socket.setSoTimeout(10_000);
      in = new DataInputStream(socket.getInputStream());
    }

    void send(MessageWriter m) throws IOException {
      m.seal();
      socket.getOutputStream().write(m.array(), 0, m.end());
      socket.getOutputStream().flush();
    }

    void hello(String... auth) throws IOException {
      send(MessageWriter.start(Wire.CALL, 0, Wire.HELLO).i32(Wire.MAGIC).u16(Wire.VERSION).string("main")
          .bool(false).strings(List.of()).strings(List.of(auth)).string("raw-wire").i64(0L));
    }

    /** The next message, positioned after its kind and id. */
    MessageReader next(int expectedKind) throws IOException {
      byte[] frame = new byte[in.readInt()];
      in.readFully(frame);
      assertThat(frame[0]).as("frame flags").isZero();
      MessageReader r = new MessageReader(frame, 1, frame.length - 1);
      assertThat(r.u8()).as("message kind").isEqualTo(expectedKind);
      r.i32();
      return r;
    }

    /** The error the server sent, as the exception a ClientStorage would raise. */
    RuntimeException error() throws IOException {
      return WireError.read(next(Wire.ERROR));
    }

    /** True once the server has closed (EOF or reset) within the socket timeout. */
    boolean closedByServer() throws IOException {
      try {
        return in.read() == -1;
      } catch (EOFException e) {
        return true;
      } catch (SocketTimeoutException e) {
        return false;
      } catch (IOException e) {
        return true;
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private RawWire helloSrp() throws IOException {
    RawWire raw = new RawWire(server().address());
    open.add(raw);
    raw.hello("srp");
    MessageReader r = raw.next(Wire.REPLY);
    assertThat(r.u16()).isEqualTo(Wire.VERSION);
    assertThat(r.string()).as("compression").isEmpty();
    assertThat(r.string()).as("mechanism").isEqualTo("srp");
    assertThat(r.bool()).as("ready without login").isFalse();
    return raw;
  }

  @Test
  void aStorageCallBeforeTheLoginIsRefusedAndTheConnectionClosed() throws Exception {
    RawWire raw = helloSrp();
    raw.send(MessageWriter.start(Wire.CALL, 1, Wire.LOAD).i64(0L));
    assertThat(raw.error()).isInstanceOf(ProtocolError.class)
        .hasMessageContaining("before the handshake (authentication required)");
    assertThat(raw.closedByServer()).isTrue();
  }

  @Test
  void aOneWayStoreBeforeTheLoginIsRefusedAndTheConnectionClosed() throws Exception {
    RawWire raw = helloSrp();
    raw.send(MessageWriter.start(Wire.ONEWAY, 0, Wire.ABORT).i32(1));
    assertThat(raw.error()).isInstanceOf(ProtocolError.class).hasMessageContaining("before the handshake");
    assertThat(raw.closedByServer()).isTrue();
  }

  @Test
  void aSecondHelloCannotRenegotiateTheLoginAway() throws Exception {
    RawWire raw = helloSrp();
    raw.hello();
    assertThat(raw.error()).isInstanceOf(ProtocolError.class).hasMessageContaining("before the handshake");
    assertThat(raw.closedByServer()).isTrue();
  }

  @Test
  void aHelloOfferingNoMechanismIsRefusedAndTheConnectionClosed() throws Exception {
    RawWire raw = new RawWire(server().address());
    open.add(raw);
    raw.hello();
    assertThat(raw.error()).isInstanceOf(AuthenticationError.class)
        .hasMessageContaining("client offers authentication []").hasMessageContaining("requires one of [srp]");
    assertThat(raw.closedByServer()).isTrue();
  }

  @Test
  void aLoginIsNotHeldUpByAnotherClientsCommitLock() {
    ClientStorage holder = alice(server().address());
    long oid = holder.newOid();
    TransactionMetadata t = TransactionMetadata.of("alice", "holds the lock");
    holder.tpcBegin(t);
    holder.store(oid, Tid.NONE, "x".getBytes(StandardCharsets.UTF_8), t);
    holder.tpcVote(t); // the commit lock is held from here to finish
    ClientStorage late = alice(server.address()); // the 60 s timeout bounds a hang here
    assertThat(late.lastTransaction()).isEqualTo(Tid.NONE);
    long tid = holder.tpcFinish(t);
    assertThat(late.lastTransaction()).isEqualTo(tid);
    assertThat(late.load(oid).serial()).isEqualTo(tid);
  }

  @Test
  void loginsDuringACommitStormGetOnlySealedFrames() throws Exception {
    FaultProxy proxy = FaultProxy.start(server().address());
    open.add(proxy);
    ClientStorage writer = alice(server.address());
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> failed = new AtomicReference<>();
    Thread storm = new Thread(() -> {
      try {
        long oid = writer.newOid();
        long serial = Tid.NONE;
        while (!stop.get()) {
          TransactionMetadata t = TransactionMetadata.of("storm", "");
          writer.tpcBegin(t);
          writer.store(oid, serial, new byte[64], t);
          writer.tpcVote(t);
          serial = writer.tpcFinish(t);
        }
      } catch (Throwable e) {
        failed.set(e);
      }
    }, "commit-storm");
    storm.start();
    int logins = 15;
    try {
      for (int i = 0; i < logins; i++) {
        ClientStorage c = alice(proxy.address());
        // invalidations pushed around the login reach this client sealed, or the connection breaks
        c.lastTransaction();
        c.lastTransaction();
        c.close();
      }
    } finally {
      stop.set(true);
      storm.join(10_000);
    }
    assertThat(failed.get()).as("the committing client").isNull();
    assertThat(proxy.acceptedCount()).as("connections: none broke and reconnected").isEqualTo(logins);
  }
}
