package io.zeo.auth;

import io.zeo.spi.AuthClientConfig;
import io.zeo.spi.AuthExchange;
import io.zeo.spi.AuthProvider;
import io.zeo.spi.AuthServerConfig;
import io.zeo.spi.FrameProtector;
import io.zeo.testkit.AuthTck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import javax.net.ssl.SSLContext;

/**
 * One-shot measurement (not a test): handshake time and seal/open throughput of srp and tls,
 * both sides in this thread, no network. Run with the test class path:
 * {@code java -cp ... io.zeo.auth.AuthBench}.
 */
public final class AuthBench {
  /** Held so the level sticks: the failed-login measurement would print a warning per attempt. */
  private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("io.zeo.auth");

  private AuthBench() {}

  public static void main(String[] args) throws Exception {
    QUIET.setLevel(java.util.logging.Level.OFF);
    Path dir = Files.createTempDirectory("zeo-auth-bench");
    UserStore store = UserStore.open(dir.resolve("users"));
    store.addUser("alice", "pw".toCharArray(), Map.of("*", Rights.ALL));
    store.addCertificateUser("carol", Map.of("*", Rights.ALL));
    TestPki.Issued ca = TestPki.ca("bench CA");
    SSLContext serverCtx = TestPki.context(TestPki.server(ca, "localhost"), ca.cert());
    SSLContext clientCtx = TestPki.context(TestPki.client(ca, "carol"), ca.cert());
    LoginThrottle throttle = new LoginThrottle();

    bench("srp", new SrpAuthProvider(),
        new AuthClientConfig("alice", "pw"::toCharArray, "localhost", Map.of()),
        Map.of(AuthSettings.USER_STORE, store, AuthSettings.LOGIN_THROTTLE, throttle));
    failures(new SrpAuthProvider(), Map.of(AuthSettings.USER_STORE, store, AuthSettings.LOGIN_THROTTLE, throttle));
    bench("tls", new TlsAuthProvider(),
        new AuthClientConfig("carol", () -> new char[0], "localhost", Map.of(AuthSettings.TLS_CONTEXT, clientCtx)),
        Map.of(AuthSettings.TLS_CONTEXT, serverCtx, AuthSettings.USER_STORE, store, AuthSettings.LOGIN_THROTTLE, throttle));
  }

  /** Wrong password against unknown user: the server's time per failed login. */
  private static void failures(AuthProvider p, Map<String, Object> s) {
    AuthClientConfig wrong = new AuthClientConfig("alice", "guess"::toCharArray, "localhost", Map.of());
    AuthClientConfig unknown = new AuthClientConfig("nobody", "guess"::toCharArray, "localhost", Map.of());
    int n = 60;
    long[][] t = new long[2][n];
    for (int i = 0; i < n + 20; i++) {
      for (int k = 0; k < 2; k++) {
        AuthExchange client = p.client(k == 0 ? wrong : unknown);
        AuthExchange server = p.server(new AuthServerConfig("bench-fail-" + i + "-" + k, s));
        long[] serverNanos = {0};
        long t0 = System.nanoTime();
        try {
          AuthTck.drive(client, server, m -> m);
          throw new AssertionError("login should fail");
        } catch (AuthTck.SideFailure expected) {
          serverNanos[0] = System.nanoTime() - t0;
        }
        if (i >= 20) {
          t[k][i - 20] = serverNanos[0];
        }
      }
    }
    Arrays.sort(t[0]);
    Arrays.sort(t[1]);
    System.out.printf("srp failed login, whole exchange: wrong password median %.2f ms, unknown user median %.2f ms, n=%d each%n",
        t[0][n / 2] / 1e6, t[1][n / 2] / 1e6, n);
  }

  private static AuthExchange[] login(AuthProvider p, AuthClientConfig c, Map<String, Object> s) {
    AuthExchange client = p.client(c);
    AuthExchange server = p.server(new AuthServerConfig("bench:1", s));
    AuthTck.drive(client, server, m -> m);
    return new AuthExchange[] {client, server};
  }

  private static void bench(String name, AuthProvider p, AuthClientConfig c, Map<String, Object> s) {
    for (int i = 0; i < 30; i++) {
      login(p, c, s);
    }
    int n = 100;
    long[] t = new long[n];
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      login(p, c, s);
      t[i] = System.nanoTime() - t0;
    }
    Arrays.sort(t);
    System.out.printf("%s handshake (both sides, one thread): median %.2f ms, p90 %.2f ms, n=%d%n",
        name, t[n / 2] / 1e6, t[n * 9 / 10] / 1e6, n);

    AuthExchange[] pair = login(p, c, s);
    FrameProtector sealer = pair[0].protector().orElseThrow();
    FrameProtector opener = pair[1].protector().orElseThrow();
    for (int size : new int[] {300, 16 * 1024, 256 * 1024}) {
      byte[] frame = new byte[size];
      new Random(size).nextBytes(frame);
      int frames = (int) Math.max(200, (32L << 20) / size);
      byte[][] sealed = new byte[frames][];
      long bestSeal = Long.MAX_VALUE;
      long bestOpen = Long.MAX_VALUE;
      for (int round = 0; round < 5; round++) { // best of 5 rounds, the first ones warm the JIT
        long s0 = System.nanoTime();
        for (int i = 0; i < frames; i++) {
          sealed[i] = sealer.seal(frame, 0, size);
        }
        long s1 = System.nanoTime();
        for (int i = 0; i < frames; i++) {
          byte[] out = opener.open(sealed[i], 0, sealed[i].length);
          if (out.length != size) {
            throw new AssertionError("opened " + out.length + " bytes, sealed " + size);
          }
        }
        long s2 = System.nanoTime();
        bestSeal = Math.min(bestSeal, s1 - s0);
        bestOpen = Math.min(bestOpen, s2 - s1);
      }
      double mb = (double) frames * size / (1 << 20);
      System.out.printf("%s %7d-byte frames: seal %.0f MiB/s (%.1f us/frame), open %.0f MiB/s (%.1f us/frame), overhead %d bytes/frame%n",
          name, size, mb / (bestSeal / 1e9), bestSeal / 1e3 / frames, mb / (bestOpen / 1e9),
          bestOpen / 1e3 / frames, sealed[0].length - size);
    }
  }
}
