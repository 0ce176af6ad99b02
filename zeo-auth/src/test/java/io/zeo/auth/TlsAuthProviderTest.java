package io.zeo.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeo.spi.AuthClientConfig;
import io.zeo.spi.AuthExchange;
import io.zeo.spi.AuthExchange.Access;
import io.zeo.spi.AuthServerConfig;
import io.zeo.spi.AuthenticationError;
import io.zeo.testkit.AuthTck;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsAuthProviderTest {
  @TempDir static Path dir;
  static TestPki.Issued ca;
  static TestPki.Issued rogueCa;
  static TestPki.Issued server;
  static TestPki.Issued alice;
  private final TlsAuthProvider tls = new TlsAuthProvider();

  @BeforeAll
  static void pki() throws Exception {
    ca = TestPki.ca("ZEO test CA");
    rogueCa = TestPki.ca("Rogue CA");
    server = TestPki.server(ca, "localhost");
    alice = TestPki.client(ca, "alice");
  }

  private static AuthClientConfig client(String host, Map<String, Object> settings) {
    return new AuthClientConfig("alice", () -> new char[0], host, settings);
  }

  private AuthExchange serverSide(Map<String, Object> settings) {
    return tls.server(new AuthServerConfig("peer-" + System.nanoTime(), settings));
  }

  private static Throwable failure(Runnable r) {
    try {
      r.run();
    } catch (AuthTck.SideFailure e) {
      return e;
    }
    throw new AssertionError("expected a failed step");
  }

  @Test
  void theClientRejectsAServerItDoesNotTrust() throws Exception {
    SSLContext trustsRogueOnly = TestPki.context(alice, rogueCa.cert());
    SSLContext serverCtx = TestPki.context(server, ca.cert());
    AuthTck.SideFailure f = (AuthTck.SideFailure) failure(() -> AuthTck.drive(
        tls.client(client("localhost", Map.of(AuthSettings.TLS_CONTEXT, trustsRogueOnly))),
        serverSide(Map.of(AuthSettings.TLS_CONTEXT, serverCtx)), m -> m));
    assertThat(f.serverSide).isFalse();
    assertThat(f.getCause()).isExactlyInstanceOf(AuthenticationError.class).hasMessageContaining("tls:");
  }

  @Test
  void theClientChecksTheServerName() throws Exception {
    Map<String, Object> s = new HashMap<>(Map.of(AuthSettings.TLS_CONTEXT, TestPki.context(alice, ca.cert())));
    SSLContext serverCtx = TestPki.context(server, ca.cert());
    AuthTck.SideFailure f = (AuthTck.SideFailure) failure(() -> AuthTck.drive(
        tls.client(client("db.example.org", s)), serverSide(Map.of(AuthSettings.TLS_CONTEXT, serverCtx)), m -> m));
    assertThat(f.serverSide).isFalse();
    assertThat(f.getCause()).isExactlyInstanceOf(AuthenticationError.class);

    s.put(AuthSettings.TLS_VERIFY_HOSTNAME, false);
    AuthTck.drive(tls.client(client("db.example.org", s)), serverSide(Map.of(AuthSettings.TLS_CONTEXT, serverCtx)), m -> m);
  }

  @Test
  void withoutAUserStoreAnyTrustedClientHasEveryRight() throws Exception {
    AuthExchange srv = serverSide(Map.of(AuthSettings.TLS_CONTEXT, TestPki.context(server, ca.cert())));
    AuthExchange cli = tls.client(client("localhost", Map.of(AuthSettings.TLS_CONTEXT, TestPki.context(null, ca.cert()))));
    AuthTck.drive(cli, srv, m -> m);
    assertThat(srv.principal()).isEqualTo("anonymous");
    assertThat(srv.permits("main", Access.ADMIN)).isTrue();
    assertThat(srv.protector().orElseThrow().toString()).contains("TLSv1.3");
  }

  @Test
  void aServerThatNeedsACertificateRejectsAClientWithout() throws Exception {
    AuthExchange srv = serverSide(Map.of(AuthSettings.TLS_CONTEXT, TestPki.context(server, ca.cert()),
        AuthSettings.TLS_CLIENT_AUTH, "need"));
    AuthExchange cli = tls.client(client("localhost", Map.of(AuthSettings.TLS_CONTEXT, TestPki.context(null, ca.cert()))));
    AuthTck.SideFailure f = (AuthTck.SideFailure) failure(() -> AuthTck.drive(cli, srv, m -> m));
    assertThat(f.serverSide).isTrue();
    assertThat(f.getCause()).isExactlyInstanceOf(AuthenticationError.class).hasMessage(TlsAuthProvider.FAILURE_MESSAGE);
  }

  @Test
  void keyAndTrustStoresAreReadFromFiles() throws Exception {
    Path serverKeys = dir.resolve("server.p12");
    Path aliceKeys = dir.resolve("alice.p12");
    Path trust = dir.resolve("trust.p12");
    TestPki.write(TestPki.keyStore(server), serverKeys);
    TestPki.write(TestPki.keyStore(alice), aliceKeys);
    TestPki.write(TestPki.trustStore(ca.cert()), trust);
    UserStore users = UserStore.open(dir.resolve("users"));
    users.addCertificateUser("alice", Map.of("main", Rights.READ_ONLY));
    String pw = new String(TestPki.PASSWORD);
    AuthExchange srv = serverSide(Map.of(AuthSettings.TLS_KEY_STORE, serverKeys.toString(),
        AuthSettings.TLS_KEY_STORE_PASSWORD, pw, AuthSettings.TLS_TRUST_STORE, trust,
        AuthSettings.TLS_TRUST_STORE_PASSWORD, pw, AuthSettings.USER_STORE, users));
    AuthExchange cli = tls.client(client("localhost", Map.of(AuthSettings.TLS_KEY_STORE, aliceKeys,
        AuthSettings.TLS_KEY_STORE_PASSWORD, TestPki.PASSWORD, AuthSettings.TLS_TRUST_STORE, trust.toString(),
        AuthSettings.TLS_TRUST_STORE_PASSWORD, pw)));
    AuthTck.drive(cli, srv, m -> m);
    assertThat(srv.principal()).isEqualTo("alice");
    assertThat(srv.permits("main", Access.READ)).isTrue();
    assertThat(srv.permits("main", Access.WRITE)).isFalse();
    assertThat(srv.permits("other", Access.READ)).isFalse();
  }

  @Test
  void aTrustStoreReadWithoutItsPasswordIsReportedAsEmpty() throws Exception {
    Path trust = dir.resolve("trust-nopw.p12");
    TestPki.write(TestPki.trustStore(ca.cert()), trust);
    assertThatThrownBy(() -> tls.client(client("localhost", Map.of(AuthSettings.TLS_TRUST_STORE, trust))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no certificates")
        .hasMessageContaining(trust.toString());
  }

  @Test
  void badSettingsAreNamed() {
    assertThatThrownBy(() -> serverSide(Map.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(AuthSettings.TLS_KEY_STORE);
    assertThatThrownBy(() -> serverSide(Map.of(AuthSettings.TLS_CONTEXT, "not a context")))
        .hasMessageContaining(AuthSettings.TLS_CONTEXT).hasMessageContaining("SSLContext");
    assertThatThrownBy(() -> serverSide(Map.of(AuthSettings.TLS_CONTEXT, SSLContext.getDefault(),
        AuthSettings.TLS_CLIENT_AUTH, "sometimes"))).hasMessageContaining("'sometimes'");
  }
}
