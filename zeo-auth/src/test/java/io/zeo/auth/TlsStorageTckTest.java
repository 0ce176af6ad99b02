package io.zeo.auth;

import io.zeo.spi.AuthClientConfig;
import java.nio.file.Path;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole storage contract through ClientStorage over tcp, over TLS 1.3 with a client
 * certificate.
 */
class TlsStorageTckTest extends AuthStorageTck {
  @TempDir static Path dir;
  static UserStore users;
  static SSLContext serverTls;
  static SSLContext clientTls;

  @BeforeAll
  static void pki() throws Exception {
    users = UserStore.open(dir.resolve("users"));
    users.addCertificateUser("tck", Map.of("main", Rights.ALL));
    TestPki.Issued ca = TestPki.ca("tck CA");
    serverTls = TestPki.context(TestPki.server(ca, "localhost"), ca.cert());
    clientTls = TestPki.context(TestPki.client(ca, "tck"), ca.cert());
  }

  @Override
  String mechanism() {
    return "tls";
  }

  @Override
  Map<String, Object> serverSettings() {
    return Map.of(AuthSettings.USER_STORE, users, AuthSettings.TLS_CONTEXT, serverTls);
  }

  @Override
  AuthClientConfig clientConfig() {
    return new AuthClientConfig("tck", () -> new char[0], "localhost", Map.of(AuthSettings.TLS_CONTEXT, clientTls));
  }
}
