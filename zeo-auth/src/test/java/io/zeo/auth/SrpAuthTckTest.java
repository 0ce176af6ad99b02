package io.zeo.auth;

import io.zeo.spi.AuthClientConfig;
import io.zeo.spi.AuthProvider;
import io.zeo.spi.AuthServerConfig;
import io.zeo.testkit.AuthTck;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

class SrpAuthTckTest extends AuthTck {
  @TempDir static Path dir;
  static UserStore store;
  private final SrpAuthProvider provider = new SrpAuthProvider();
  private final LoginThrottle throttle = new LoginThrottle();

  @BeforeAll
  static void users() {
    store = UserStore.open(dir.resolve("users"));
    store.addUser("alice", "correct horse".toCharArray(), Map.of("*", Rights.ALL));
  }

  @Override
  protected AuthProvider provider() {
    return provider;
  }

  @Override
  protected AuthClientConfig validClient() {
    return new AuthClientConfig("alice", () -> "correct horse".toCharArray(), "localhost", Map.of());
  }

  @Override
  protected AuthClientConfig wrongCredentialsClient() {
    return new AuthClientConfig("alice", () -> "battery staple".toCharArray(), "localhost", Map.of());
  }

  @Override
  protected AuthClientConfig unknownUserClient() {
    return new AuthClientConfig("mallory", () -> "correct horse".toCharArray(), "localhost", Map.of());
  }

  @Override
  protected AuthServerConfig serverConfig(String peer) {
    return new AuthServerConfig(peer, Map.of(AuthSettings.USER_STORE, store, AuthSettings.LOGIN_THROTTLE, throttle));
  }

  @Override
  protected String expectedPrincipal() {
    return "alice";
  }
}
