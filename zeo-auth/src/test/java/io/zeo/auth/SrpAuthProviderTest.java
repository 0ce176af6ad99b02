package io.zeo.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeo.auth.internal.SrpMessages;
import io.zeo.spi.AuthClientConfig;
import io.zeo.spi.AuthExchange;
import io.zeo.spi.AuthExchange.Access;
import io.zeo.spi.AuthServerConfig;
import io.zeo.spi.AuthenticationError;
import io.zeo.spi.AuthorizationError;
import io.zeo.spi.ReadOnlyError;
import io.zeo.testkit.AuthTck;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SrpAuthProviderTest {
  private static final String PASSWORD = "s3cret-Passw0rd";
  @TempDir Path dir;
  private UserStore store;
  private final AtomicLong now = new AtomicLong();
  private final LoginThrottle throttle = new LoginThrottle(1, Duration.ofSeconds(2), Duration.ofSeconds(30), now::get);
  private final SrpAuthProvider srp = new SrpAuthProvider();

  @BeforeEach
  void users() {
    store = UserStore.open(dir.resolve("users"));
    store.addUser("alice", PASSWORD.toCharArray(), Map.of("main", Rights.READ_WRITE, "other", Rights.READ_ONLY));
    store.addCertificateUser("certonly", Map.of("*", Rights.ALL));
  }

  private AuthExchange server(String peer) {
    return srp.server(new AuthServerConfig(peer, Map.of(AuthSettings.USER_STORE, store, AuthSettings.LOGIN_THROTTLE, throttle)));
  }

  private static AuthClientConfig client(String user, String password) {
    return new AuthClientConfig(user, password::toCharArray, "localhost", Map.of());
  }

  private AuthExchange login(String user, String password, String peer) {
    AuthExchange server = server(peer);
    AuthTck.drive(srp.client(client(user, password)), server, m -> m);
    return server;
  }

  private static Throwable cause(Runnable r) {
    try {
      r.run();
    } catch (AuthTck.SideFailure e) {
      return e.getCause();
    }
    throw new AssertionError("expected a failed step");
  }

  @Test
  void thePasswordNeverCrossesTheWire() {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    AuthTck.drive(srp.client(client("alice", PASSWORD)), server("p1"), m -> {
      wire.writeBytes(m);
      return m;
    });
    String seen = new String(wire.toByteArray(), StandardCharsets.ISO_8859_1);
    assertThat(seen).contains("alice").doesNotContain(PASSWORD).doesNotContain("s3cret");
  }

  @Test
  void rightsComeLiveFromTheStore() {
    AuthExchange server = login("alice", PASSWORD, "p1");
    assertThat(server.permits("main", Access.WRITE)).isTrue();
    assertThat(server.permits("other", Access.READ)).isTrue();
    assertThatThrownBy(() -> server.checkAccess("other", Access.WRITE, "tpcBegin"))
        .isExactlyInstanceOf(ReadOnlyError.class).hasMessageContaining("alice").hasMessageContaining("other");
    assertThatThrownBy(() -> server.checkAccess("main", Access.ADMIN, "pack"))
        .isExactlyInstanceOf(AuthorizationError.class).hasMessageContaining("pack");
    assertThatThrownBy(() -> server.checkAccess("secret", Access.READ, "load"))
        .isExactlyInstanceOf(AuthorizationError.class);
    store.setRights("alice", "main", Rights.ALL);
    server.checkAccess("main", Access.ADMIN, "pack");
    store.removeUser("alice");
    assertThat(server.permits("main", Access.READ)).as("a removed user loses access at once").isFalse();
  }

  @Test
  void aCertificateOnlyUserCannotLogInByPassword() {
    Throwable t = cause(() -> login("certonly", "", "p1"));
    assertThat(t).isExactlyInstanceOf(AuthenticationError.class).hasMessage(SrpAuthProvider.FAILURE_MESSAGE);
  }

  @Test
  void aChangedPasswordTakesEffectAtTheNextLogin() {
    store.changePassword("alice", "new-one".toCharArray());
    assertThat(cause(() -> login("alice", PASSWORD, "p1"))).isExactlyInstanceOf(AuthenticationError.class);
    assertThat(login("alice", "new-one", "p2").principal()).isEqualTo("alice");
  }

  @Test
  void failuresFromOnePeerBackOffThatPeerOnly() {
    cause(() -> login("alice", "guess1", "10.1.1.1:1000"));
    // the free failure is used up; the second starts the back-off
    cause(() -> login("alice", "guess2", "10.1.1.1:1001"));
    Throwable refused = cause(() -> login("alice", PASSWORD, "10.1.1.1:1002"));
    assertThat(refused).isExactlyInstanceOf(AuthenticationError.class).hasMessageContaining("too many failed logins");
    assertThat(login("alice", PASSWORD, "10.2.2.2:1000").principal()).as("another peer").isEqualTo("alice");
    now.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(login("alice", PASSWORD, "10.1.1.1:1003").principal()).isEqualTo("alice");
    assertThat(throttle.waitBefore("10.1.1.1")).isZero();
  }

  @Test
  void theClientRejectsAServerThatCannotProveItself() {
    AuthExchange client = srp.client(client("alice", PASSWORD));
    client.step(null);
    byte[] salt = store.lookup("alice").orElseThrow().salt();
    byte[] fakeB = new byte[256];
    fakeB[255] = 5;
    client.step(SrpMessages.write(SrpMessages.CHALLENGE, salt, fakeB));
    assertThatThrownBy(() -> client.step(SrpMessages.write(SrpMessages.CONFIRM, new byte[32])))
        .isExactlyInstanceOf(AuthenticationError.class).hasMessageContaining("could not prove");
    assertThat(client.isComplete()).isFalse();
    assertThat(client.protector()).isEmpty();
  }

  @Test
  void failedLoginsAreLoggedWithoutSecrets() {
    List<String> logged = new ArrayList<>();
    Handler h = new Handler() {
      @Override
      public void publish(LogRecord r) {
        logged.add(r.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger jul = Logger.getLogger("io.zeo.auth");
    jul.addHandler(h);
    try {
      cause(() -> login("alice", "wrong-guess-xyz", "192.0.2.7:555"));
      cause(() -> login("nosuch", PASSWORD, "192.0.2.8:555"));
    } finally {
      jul.removeHandler(h);
    }
    assertThat(logged).hasSize(2);
    assertThat(logged.get(0)).contains("alice", "192.0.2.7").doesNotContain("wrong-guess-xyz");
    assertThat(logged.get(1)).contains("nosuch", "192.0.2.8").doesNotContain(PASSWORD);
  }

  @Test
  void aServerWithoutAUserStoreSaysWhatItNeeds() {
    assertThatThrownBy(() -> srp.server(new AuthServerConfig("p", Map.of())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(AuthSettings.USER_STORE);
  }

  @Test
  void stepsOutOfOrderAreProtocolErrors() {
    AuthExchange server = server("p1");
    assertThatThrownBy(() -> server.step(SrpMessages.write(SrpMessages.PROOF, new byte[1], new byte[1])))
        .isInstanceOf(io.zeo.spi.ProtocolError.class).hasMessageContaining("expected 1");
    assertThatThrownBy(() -> server.step(null)).isInstanceOf(io.zeo.spi.ProtocolError.class);
    AuthExchange client = srp.client(client("alice", PASSWORD));
    assertThatThrownBy(() -> client.step(new byte[] {1, 2})).isInstanceOf(io.zeo.spi.ProtocolError.class);
    byte[] huge = SrpMessages.write(SrpMessages.HELLO, new byte[300]);
    huge[2] = (byte) 0xff; // claims 65,280 bytes
    assertThatThrownBy(() -> server("p2").step(huge)).isInstanceOf(io.zeo.spi.ProtocolError.class)
        .hasMessageContaining("claims");
  }
}
