package io.zeo.auth;

import io.zeo.spi.AuthClientConfig;
import io.zeo.spi.AuthProvider;
import io.zeo.spi.AuthServerConfig;
import io.zeo.testkit.AuthTck;
import java.nio.file.Path;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

class TlsAuthTckTest extends AuthTck {
  @TempDir static Path dir;
  static UserStore store;
  static SSLContext serverContext;
  static SSLContext aliceContext;
  static SSLContext rogueAliceContext;
  static SSLContext malloryContext;
  private final TlsAuthProvider provider = new TlsAuthProvider();
  private final LoginThrottle throttle = new LoginThrottle();

  @BeforeAll
  static void pki() throws Exception {
    TestPki.Issued ca = TestPki.ca("ZEO test CA");
    TestPki.Issued rogue = TestPki.ca("Rogue CA");
    serverContext = TestPki.context(TestPki.server(ca, "localhost"), ca.cert());
    aliceContext = TestPki.context(TestPki.client(ca, "alice"), ca.cert());
    rogueAliceContext = TestPki.context(TestPki.client(rogue, "alice"), ca.cert());
    malloryContext = TestPki.context(TestPki.client(ca, "mallory"), ca.cert());
    store = UserStore.open(dir.resolve("users"));
    store.addCertificateUser("alice", Map.of("*", Rights.ALL));
  }

  @Override
  protected AuthProvider provider() {
    return provider;
  }

  private static AuthClientConfig client(SSLContext ctx) {
    return new AuthClientConfig("alice", () -> new char[0], "localhost", Map.of(AuthSettings.TLS_CONTEXT, ctx));
  }

  @Override
  protected AuthClientConfig validClient() {
    return client(aliceContext);
  }

  @Override
  protected AuthClientConfig wrongCredentialsClient() {
    return client(rogueAliceContext);
  }

  @Override
  protected AuthClientConfig unknownUserClient() {
    return client(malloryContext);
  }

  @Override
  protected AuthServerConfig serverConfig(String peer) {
    return new AuthServerConfig(peer, Map.of(AuthSettings.TLS_CONTEXT, serverContext,
        AuthSettings.USER_STORE, store, AuthSettings.LOGIN_THROTTLE, throttle));
  }

  @Override
  protected String expectedPrincipal() {
    return "alice";
  }
}
