package io.zeo.auth;

import io.zeo.spi.AuthClientConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole storage contract through ClientStorage over tcp, logged in with srp, frames sealed.
 */
class SrpStorageTckTest extends AuthStorageTck {
  @TempDir static Path dir;
  static UserStore users;

  @BeforeAll
  static void users() {
    users = UserStore.open(dir.resolve("users"));
    users.addUser("tck", "tck-password".toCharArray(), Map.of("main", Rights.ALL));
  }

  @Override
  String mechanism() {
    return "srp";
  }

  @Override
  Map<String, Object> serverSettings() {
    return Map.of(AuthSettings.USER_STORE, users, AuthSettings.LOGIN_THROTTLE, new LoginThrottle());
  }

  @Override
  AuthClientConfig clientConfig() {
    return new AuthClientConfig("tck", "tck-password"::toCharArray, "localhost", Map.of());
  }
}
