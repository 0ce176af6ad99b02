package io.zeo.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeo.auth.AuthSettings;
import io.zeo.core.ServerStatus;
import io.zeo.core.ZeoAdmin;
import io.zeo.spi.AuthClientConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code zeo serve --auth tls} with key and trust stores made by the JDK's keytool: a client
 * whose certificate names a known user logs in as that user.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlsServeTest {
  @TempDir
  Path dir;

  @Test
  void serveWithKeyAndTrustStoresLogsClientsInByCertificate() throws Exception {
    Path serverKs = dir.resolve("server.p12");
    Path clientKs = dir.resolve("client.p12");
    keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
        "-ext", "SAN=dns:localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore", serverKs.toString(),
        "-storepass", "changeit", "-keypass", "changeit");
    keytool("-genkeypair", "-alias", "alice", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=alice",
        "-validity", "2", "-storetype", "PKCS12", "-keystore", clientKs.toString(), "-storepass", "changeit",
        "-keypass", "changeit");
    Path serverTrust = trust(clientKs, "alice", dir.resolve("server-trust.p12"));
    Path clientTrust = trust(serverKs, "server", dir.resolve("client-trust.p12"));
    Path pw = Fixtures.write(dir.resolve("ks.pw"), "changeit\n");
    Path users = dir.resolve("users");
    Cli.runWithInput(dir, "unused-password\n", "users", users.toString(), "add", "alice", "--rights", "*=rwa")
        .expect(0);

    try (ServerProcess server = ServerProcess.serve(dir, "--storage", "main=memory:", "--listen", "tcp://127.0.0.1:0",
        "--users", users.toString(), "--auth", "tls", "--tls-key-store", serverKs.toString(),
        "--tls-key-store-password-file", pw.toString(), "--tls-trust-store", serverTrust.toString(),
        "--tls-trust-store-password-file", pw.toString(), "--tls-client-auth", "need")) {
      AuthClientConfig login = new AuthClientConfig("alice", "changeit"::toCharArray, "localhost", Map.of(
          AuthSettings.TLS_KEY_STORE, clientKs, AuthSettings.TLS_KEY_STORE_PASSWORD, "changeit",
          AuthSettings.TLS_TRUST_STORE, clientTrust, AuthSettings.TLS_TRUST_STORE_PASSWORD, "changeit"));
      try (ZeoAdmin admin = ZeoAdmin.builder().address(server.address("tcp")).storage("main").auth("tls", login)
          .open()) {
        ServerStatus s = admin.status();
        assertThat(s.connections()).extracting(ServerStatus.ConnectionStatus::principal).containsExactly("alice");
      }
      server.signal("TERM");
      assertThat(server.awaitExit().exit()).isZero();
    }
  }

  private Path trust(Path keyStore, String alias, Path trustStore) throws Exception {
    Path cert = dir.resolve(alias + ".pem");
    keytool("-exportcert", "-rfc", "-alias", alias, "-keystore", keyStore.toString(), "-storetype", "PKCS12",
        "-storepass", "changeit", "-file", cert.toString());
    keytool("-importcert", "-noprompt", "-alias", alias, "-file", cert.toString(), "-storetype", "PKCS12",
        "-keystore", trustStore.toString(), "-storepass", "changeit");
    return trustStore;
  }

  private void keytool(String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("keytool.log").toFile())
        .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
    assertThat(p.exitValue()).as("keytool %s: %s", cmd, Files.readString(dir.resolve("keytool.log"))).isZero();
  }
}
