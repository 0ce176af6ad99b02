package io.zeo.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeo.core.ClientStorage;
import io.zeo.core.MemoryStorage;
import io.zeo.core.ZeoServer;
import io.zeo.spi.AuthClientConfig;
import io.zeo.spi.AuthenticationError;
import io.zeo.spi.AuthorizationError;
import io.zeo.spi.ReadOnlyError;
import io.zeo.spi.ReferenceFinder;
import io.zeo.spi.Storage;
import io.zeo.spi.TransactionMetadata;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** srp and tls through a real ZeoServer and ClientStorage over tcp. */
class AuthEndToEndTest {
  @TempDir static Path dir;
  static UserStore users;
  static SSLContext serverTls;
  static SSLContext aliceTls;
  static java.security.cert.X509Certificate serverTrust;
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeAll
  static void setUp() throws Exception {
    users = UserStore.open(dir.resolve("users"));
    users.addUser("alice", "alice-pw".toCharArray(), Map.of("main", Rights.READ_WRITE));
    users.addUser("reader", "reader-pw".toCharArray(), Map.of("main", Rights.READ_ONLY));
    users.addUser("admin", "admin-pw".toCharArray(), Map.of("*", Rights.ALL));
    TestPki.Issued ca = TestPki.ca("e2e CA");
    serverTls = TestPki.context(TestPki.server(ca, "localhost"), ca.cert());
    aliceTls = TestPki.context(TestPki.client(ca, "alice"), ca.cert());
    serverTrust = ca.cert();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private ZeoServer server(String... mechanisms) {
    ZeoServer s = ZeoServer.builder().storage("main", MemoryStorage.create()).listen("tcp://127.0.0.1:0")
        .auth(Map.of(AuthSettings.USER_STORE, users, AuthSettings.TLS_CONTEXT, serverTls,
            AuthSettings.LOGIN_THROTTLE, new LoginThrottle()), mechanisms)
        .requireAuth(true).start();
    open.add(s);
    return s;
  }

  private ClientStorage client(ZeoServer s, String mechanism, String user, String password, Map<String, Object> settings) {
    ClientStorage.Builder b = ClientStorage.builder().address(s.address()).storage("main");
    if (mechanism != null) {
      b.auth(mechanism, new AuthClientConfig(user, password::toCharArray, "localhost", settings));
    }
    ClientStorage c = b.open();
    open.add(c);
    return c;
  }

  private static long commit(Storage s, long oid, long serial, String data) {
    TransactionMetadata t = TransactionMetadata.of("e2e", "commit");
    s.tpcBegin(t);
    try {
      s.store(oid, serial, data.getBytes(StandardCharsets.UTF_8), t);
      s.tpcVote(t);
      return s.tpcFinish(t);
    } catch (RuntimeException e) {
      s.tpcAbort(t);
      throw e;
    }
  }

  private static void roundTrip(Storage c) {
    long oid = c.newOid();
    long tid = commit(c, oid, 0L, "hello over an authenticated connection");
    assertThat(new String(c.load(oid).data(), StandardCharsets.UTF_8)).isEqualTo("hello over an authenticated connection");
    commit(c, oid, tid, "and again");
    assertThat(new String(c.load(oid).data(), StandardCharsets.UTF_8)).isEqualTo("and again");
  }

  @Test
  void srpCommitsAndLoads() {
    roundTrip(client(server("srp"), "srp", "alice", "alice-pw", Map.of()));
  }

  @Test
  void aClientUriCarriesTheUserAndAPasswordFileNeverThePassword() throws Exception {
    ZeoServer s = server("srp");
    Path passwordFile = java.nio.file.Files.writeString(dir.resolve("alice.pw"), "alice-pw\n");
    Storage c = io.zeo.core.Zeo.open("zeo+" + s.address() + "?storage=main&auth=srp&user=alice&password-file="
        + passwordFile);
    open.add(c);
    roundTrip(c);
    Path wrong = java.nio.file.Files.writeString(dir.resolve("wrong.pw"), "nope");
    assertThatThrownBy(() -> io.zeo.core.Zeo.open("zeo+" + s.address() + "?storage=main&auth=srp&user=alice"
        + "&password-file=" + wrong)).isInstanceOf(AuthenticationError.class);
    assertThatThrownBy(() -> io.zeo.core.Zeo.open("zeo+" + s.address() + "?storage=main&auth=srp"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("user=");
  }

  @Test
  void tlsCommitsAndLoads() {
    roundTrip(client(server("tls"), "tls", "alice", "", Map.of(AuthSettings.TLS_CONTEXT, aliceTls)));
  }

  @Test
  void wrongPasswordAndUnknownUserFailAlike() {
    ZeoServer s = server("srp");
    assertThatThrownBy(() -> client(s, "srp", "alice", "nope", Map.of()))
        .isInstanceOf(AuthenticationError.class).hasMessageContaining(SrpAuthProvider.FAILURE_MESSAGE);
    assertThatThrownBy(() -> client(s, "srp", "nobody", "nope", Map.of()))
        .isInstanceOf(AuthenticationError.class).hasMessageContaining(SrpAuthProvider.FAILURE_MESSAGE);
  }

  @Test
  void tlsRejectsAnUntrustedClientCertificateLikeAWrongPassword() throws Exception {
    TestPki.Issued rogue = TestPki.ca("rogue CA");
    SSLContext rogueAlice = TestPki.context(TestPki.client(rogue, "alice"), serverTrust);
    assertThatThrownBy(() -> client(server("tls"), "tls", "alice", "", Map.of(AuthSettings.TLS_CONTEXT, rogueAlice)))
        .isInstanceOf(AuthenticationError.class).hasMessageContaining(TlsAuthProvider.FAILURE_MESSAGE);
  }

  @Test
  void aClientOfferingNoMechanismIsRefused() {
    ZeoServer s = server("srp");
    assertThatThrownBy(() -> client(s, null, null, null, Map.of())).isInstanceOf(AuthenticationError.class)
        .hasMessageContaining("requires one of [srp]");
  }

  @Test
  void aReadOnlyUserCannotCommit() {
    ClientStorage c = client(server("srp"), "srp", "reader", "reader-pw", Map.of());
    assertThatThrownBy(() -> commit(c, 1L, 0L, "x")).isInstanceOf(ReadOnlyError.class);
  }

  @Test
  void packNeedsTheAdminRight() {
    ZeoServer s = server("srp");
    ClientStorage alice = client(s, "srp", "alice", "alice-pw", Map.of());
    commit(alice, alice.newOid(), 0L, "x");
    assertThatThrownBy(() -> alice.pack(alice.lastTransaction(), ReferenceFinder.NONE))
        .isInstanceOf(AuthorizationError.class);
    ClientStorage admin = client(s, "srp", "admin", "admin-pw", Map.of());
    admin.pack(admin.lastTransaction(), ReferenceFinder.NONE);
  }
}
