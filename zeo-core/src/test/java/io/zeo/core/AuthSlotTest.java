package io.zeo.core;

import static io.zeo.core.ServerFixture.commit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeo.spi.AuthClientConfig;
import io.zeo.spi.AuthExchange;
import io.zeo.spi.AuthProvider;
import io.zeo.spi.AuthServerConfig;
import io.zeo.spi.AuthenticationError;
import io.zeo.spi.FrameProtector;
import io.zeo.spi.ProtocolError;
import io.zeo.spi.Tid;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The handshake carries an AuthExchange and then protects every frame with its protector. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AuthSlotTest {
  static final AtomicInteger SEALED = new AtomicInteger();

  /** XOR with a counter byte: tampering or reordering breaks the check byte. Test-only. */
  static final class XorProtector implements FrameProtector {
    private int sealCount;
    private int openCount;

    @Override
    public byte[] seal(byte[] frame, int offset, int length) {
      SEALED.incrementAndGet();
      byte[] out = new byte[length + 1];
      byte k = (byte) (0x5A + sealCount++);
      out[0] = k;
      for (int i = 0; i < length; i++) {
        out[i + 1] = (byte) (frame[offset + i] ^ k);
      }
      return out;
    }

    @Override
    public byte[] open(byte[] sealed, int offset, int length) {
      byte k = (byte) (0x5A + openCount++);
      if (length < 1 || sealed[offset] != k) {
        throw new ProtocolError("frame out of order");
      }
      byte[] out = new byte[length - 1];
      for (int i = 0; i < out.length; i++) {
        out[i] = (byte) (sealed[offset + 1 + i] ^ k);
      }
      return out;
    }
  }

  /** Client sends "user:password", server answers "welcome", both then protect frames. */
  static final class TestAuth extends AuthProvider {
    @Override
    public String name() {
      return "test-pass";
    }

    @Override
    public AuthExchange client(AuthClientConfig config) {
      return new AuthExchange() {
        boolean done;

        @Override
        public byte[] step(byte[] received) {
          if (received == null) {
            return (config.user() + ":" + new String(config.password().get()))
                .getBytes(StandardCharsets.UTF_8);
          }
          done = new String(received, StandardCharsets.UTF_8).equals("welcome");
          return null;
        }

        @Override
        public boolean isComplete() {
          return done;
        }

        @Override
        public String principal() {
          return config.user();
        }

        @Override
        public Optional<FrameProtector> protector() {
          return Optional.of(new XorProtector());
        }
      };
    }

    @Override
    public AuthExchange server(AuthServerConfig config) {
      return new AuthExchange() {
        String user;

        @Override
        public byte[] step(byte[] received) {
          String[] parts = new String(received, StandardCharsets.UTF_8).split(":", 2);
          if (parts.length != 2 || !parts[1].equals(config.settings().get("password"))) {
            throw new AuthenticationError("login failed");
          }
          user = parts[0];
          return "welcome".getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public boolean isComplete() {
          return user != null;
        }

        @Override
        public String principal() {
          return user;
        }

        @Override
        public Optional<FrameProtector> protector() {
          return Optional.of(new XorProtector());
        }
      };
    }
  }

  @Test
  void loginThenProtectedFramesAndWrongPasswordRefused() throws Exception {
    TestAuth auth = new TestAuth();
    ProviderRegistry.auths().register(auth);
    try (ServerFixture fx = new ServerFixture("inproc:auth-" + System.nanoTime(),
        b -> b.auth(Map.of("password", "s3cret"), "test-pass").requireAuth(true))) {
      ClientStorage a = fx.client(b -> b.auth("test-pass",
          new AuthClientConfig("alice", "s3cret"::toCharArray, "localhost", Map.of())));
      ClientStorage b2 = fx.client(b -> b.auth("test-pass",
          new AuthClientConfig("bob", "s3cret"::toCharArray, "localhost", Map.of())));
      int before = SEALED.get();
      long oid = a.newOid();
      long tid = commit(a, oid, Tid.NONE, new byte[] {4, 2});
      assertThat(b2.load(oid).serial()).isEqualTo(tid);
      assertThat(SEALED.get()).as("frames were sealed").isGreaterThan(before);
      assertThatThrownBy(() -> fx.client(b -> b.auth("test-pass",
          new AuthClientConfig("mallory", "guess"::toCharArray, "localhost", Map.of()))))
          .isInstanceOf(AuthenticationError.class).hasMessageContaining("login failed");
      assertThatThrownBy(() -> fx.client()).isInstanceOf(AuthenticationError.class);
    } finally {
      ProviderRegistry.auths().unregister(auth);
    }
  }
}
