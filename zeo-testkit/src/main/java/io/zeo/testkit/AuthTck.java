package io.zeo.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.zeo.spi.AuthClientConfig;
import io.zeo.spi.AuthExchange;
import io.zeo.spi.AuthProvider;
import io.zeo.spi.AuthServerConfig;
import io.zeo.spi.AuthenticationError;
import io.zeo.spi.FrameProtector;
import io.zeo.spi.ProtocolError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Conformance suite for an {@link AuthProvider}: extend it in a JUnit 5 test and supply the
 * provider, client settings for a valid user, a wrong credential and an unknown user, and the
 * server settings. It drives a client and a server {@link AuthExchange} in memory, exactly as
 * zeo-core carries their messages (client steps first with {@code null}, each side steps on
 * what it receives and sends the reply, until both are complete), then checks the frame
 * protector against tampering, replay, reordering, truncation and reflection.
 *
 * <p>Every login uses a new peer name, so per-peer back-off after failures does not interfere.
 */
public abstract class AuthTck {
  private static final AtomicInteger PEERS = new AtomicInteger();

  /** The mechanism under test. */
  protected abstract AuthProvider provider();

  /** A client the server accepts. */
  protected abstract AuthClientConfig validClient();

  /** A known user with the wrong secret (wrong password, untrusted certificate...). */
  protected abstract AuthClientConfig wrongCredentialsClient();

  /** A user the server does not know. */
  protected abstract AuthClientConfig unknownUserClient();

  /** The server side's settings for a connection from {@code peer}. */
  protected abstract AuthServerConfig serverConfig(String peer);

  /** The principal the server reports for {@link #validClient()}. */
  protected abstract String expectedPrincipal();

  /** A logged-in pair of exchanges. */
  public record Pair(AuthExchange client, AuthExchange server) {
    public FrameProtector clientProtector() {
      return client.protector().orElseThrow(() -> new AssertionError("client has no frame protector"));
    }

    public FrameProtector serverProtector() {
      return server.protector().orElseThrow(() -> new AssertionError("server has no frame protector"));
    }
  }

  /** A step that threw, and on which side. */
  public static final class SideFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public final boolean serverSide;

    SideFailure(boolean serverSide, RuntimeException cause) {
      super((serverSide ? "server" : "client") + " step failed: " + cause, cause);
      this.serverSide = serverSide;
    }
  }

  /** Runs a login between fresh exchanges, passing every message through {@code wire}. */
  protected Pair login(AuthClientConfig clientConfig, UnaryOperator<byte[]> wire) {
    AuthExchange client = provider().client(clientConfig);
    AuthExchange server = provider().server(serverConfig("tck-peer-" + PEERS.incrementAndGet() + ":4242"));
    drive(client, server, wire);
    return new Pair(client, server);
  }

  /** Runs a successful login. */
  protected Pair login() {
    return login(validClient(), m -> m);
  }

  /**
   * Carries messages between the two sides until both are complete.
   *
   * @throws SideFailure wrapping what a step threw
   */
  public static void drive(AuthExchange client, AuthExchange server, UnaryOperator<byte[]> wire) {
    byte[] msg = step(client, null, false);
    boolean toServer = true;
    for (int i = 0; i < 64; i++) {
      if (client.isComplete() && server.isComplete()) {
        assertThat(msg).as("a message sent after both sides completed").isNull();
        return;
      }
      assertThat(msg).as("a side that is not complete must send something, or the handshake stalls").isNotNull();
      msg = wire.apply(msg);
      msg = toServer ? step(server, msg, true) : step(client, msg, false);
      toServer = !toServer;
    }
    throw new AssertionError("handshake did not complete in 64 messages");
  }

  private static byte[] step(AuthExchange side, byte[] msg, boolean server) {
    if (side.isComplete()) {
      throw new AssertionError((server ? "server" : "client") + " was sent a message after it completed");
    }
    try {
      return side.step(msg);
    } catch (RuntimeException e) {
      throw new SideFailure(server, e);
    }
  }

  private static byte[] frame(int size, int seed) {
    byte[] f = new byte[size];
    new Random(seed).nextBytes(f);
    return f;
  }

  private static byte[] open(FrameProtector p, byte[] sealed) {
    return p.open(sealed, 0, sealed.length);
  }

  private static byte[] seal(FrameProtector p, byte[] frame) {
    return p.seal(frame, 0, frame.length);
  }

  @Test
  public void loginCompletesAndServerReportsThePrincipal() {
    Pair p = login();
    assertThat(p.client().isComplete()).isTrue();
    assertThat(p.server().isComplete()).isTrue();
    assertThat(p.server().principal()).isEqualTo(expectedPrincipal());
  }

  @Test
  public void framesRoundTripInBothDirections() {
    Pair p = login();
    int[] sizes = {0, 1, 100, 4096, 70_000, 17};
    for (int i = 0; i < sizes.length; i++) {
      byte[] up = frame(sizes[i], i);
      assertThat(open(p.serverProtector(), seal(p.clientProtector(), up))).isEqualTo(up);
      byte[] down = frame(sizes[i], 100 + i);
      assertThat(open(p.clientProtector(), seal(p.serverProtector(), down))).isEqualTo(down);
    }
  }

  @Test
  public void sealedFramesDoNotShowThePlaintext() {
    Pair p = login();
    byte[] plain = "a secret frame, repeated: a secret frame".getBytes(StandardCharsets.UTF_8);
    byte[] sealed = seal(p.clientProtector(), plain);
    assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("secret");
  }

  @Test
  public void wrongCredentialsAreRejectedByTheServer() {
    Throwable t = catchThrowable(() -> login(wrongCredentialsClient(), m -> m));
    assertThat(t).isInstanceOf(SideFailure.class);
    assertThat(((SideFailure) t).serverSide).as("the server rejects: " + t).isTrue();
    assertThat(t.getCause()).isExactlyInstanceOf(AuthenticationError.class);
  }

  @Test
  public void unknownUserFailsExactlyLikeWrongCredentials() {
    Throwable wrong = catchThrowable(() -> login(wrongCredentialsClient(), m -> m));
    Throwable unknown = catchThrowable(() -> login(unknownUserClient(), m -> m));
    assertThat(unknown).isInstanceOf(SideFailure.class);
    assertThat(((SideFailure) unknown).serverSide).as("the server rejects: " + unknown).isTrue();
    assertThat(unknown.getCause()).isExactlyInstanceOf(wrong.getCause().getClass());
    assertThat(unknown.getCause().getMessage()).isEqualTo(wrong.getCause().getMessage());
  }

  @Test
  public void garbageInsteadOfTheFirstMessageIsRejected() {
    AuthExchange server = provider().server(serverConfig("tck-peer-" + PEERS.incrementAndGet() + ":1"));
    assertThatThrownBy(() -> server.step(frame(64, 7)))
        .isInstanceOfAny(ProtocolError.class, AuthenticationError.class);
  }

  @Test
  public void everyTamperedHandshakeMessageMakesTheLoginFail() {
    int messages = countMessages();
    for (int m = 0; m < messages; m++) {
      for (String where : List.of("middle", "last")) {
        int target = m;
        AtomicInteger seen = new AtomicInteger();
        Throwable t = catchThrowable(() -> login(validClient(), msg -> {
          if (seen.getAndIncrement() != target) {
            return msg;
          }
          byte[] copy = msg.clone();
          copy[where.equals("last") ? copy.length - 1 : copy.length / 2] ^= 0x01;
          return copy;
        }));
        assertThat(t).as("message " + m + " flipped at its " + where + " byte").isInstanceOf(SideFailure.class);
        assertThat(t.getCause()).as("message " + m + " flipped at its " + where + " byte")
            .isInstanceOfAny(ProtocolError.class, AuthenticationError.class);
      }
    }
  }

  private int countMessages() {
    AtomicInteger n = new AtomicInteger();
    login(validClient(), msg -> {
      n.incrementAndGet();
      return msg;
    });
    return n.get();
  }

  @Test
  public void aFrameTamperedAtAnyBytePositionIsRejected() {
    byte[] plain = frame(32, 1);
    int length = seal(login().clientProtector(), plain).length;
    List<Integer> accepted = new ArrayList<>();
    for (int i = 0; i < length; i++) {
      Pair p = login();
      byte[] sealed = seal(p.clientProtector(), plain);
      sealed[i] ^= (byte) (1 << (i % 8));
      try {
        open(p.serverProtector(), sealed);
        accepted.add(i);
      } catch (ProtocolError expected) {
        // rejected, as it must be
      }
    }
    assertThat(accepted).as("byte positions whose flip was accepted, of " + length).isEmpty();
  }

  @Test
  public void afterARejectedFrameNothingMoreIsAccepted() {
    Pair p = login();
    byte[] sealed = seal(p.clientProtector(), frame(50, 2));
    byte[] bad = sealed.clone();
    bad[bad.length / 2] ^= 0x10;
    assertThatThrownBy(() -> open(p.serverProtector(), bad)).isInstanceOf(ProtocolError.class);
    assertThatThrownBy(() -> open(p.serverProtector(), sealed)).isInstanceOf(ProtocolError.class);
  }

  @Test
  public void aReplayedFrameIsRejected() {
    Pair p = login();
    byte[] first = seal(p.clientProtector(), frame(40, 3));
    open(p.serverProtector(), first);
    assertThatThrownBy(() -> open(p.serverProtector(), first)).isInstanceOf(ProtocolError.class);

    Pair q = login(); // a failure may end the whole session (as TLS does): a new one
    byte[] down = seal(q.serverProtector(), frame(40, 4));
    open(q.clientProtector(), down);
    assertThatThrownBy(() -> open(q.clientProtector(), down)).isInstanceOf(ProtocolError.class);
  }

  @Test
  public void reorderedFramesAreRejected() {
    Pair p = login();
    byte[] first = seal(p.clientProtector(), frame(40, 5));
    byte[] second = seal(p.clientProtector(), frame(40, 6));
    assertThatThrownBy(() -> open(p.serverProtector(), second)).isInstanceOf(ProtocolError.class);

    Pair q = login();
    seal(q.clientProtector(), frame(40, 5));
    byte[] later = seal(q.clientProtector(), frame(40, 6));
    assertThatThrownBy(() -> open(q.serverProtector(), later)).as("a dropped frame").isInstanceOf(ProtocolError.class);
    assertThat(first).isNotEqualTo(later);
  }

  @Test
  public void truncatedFramesAreRejected() {
    byte[] plain = frame(20_000, 8); // several TLS records, several AEAD blocks
    int length = seal(login().clientProtector(), plain).length;
    for (int cut : new int[] {0, 1, 16, length / 2, length - 16, length - 1}) {
      Pair p = login();
      byte[] sealed = seal(p.clientProtector(), plain);
      assertThatThrownBy(() -> p.serverProtector().open(sealed, 0, cut))
          .as("sealed frame of " + length + " bytes cut to " + cut).isInstanceOf(ProtocolError.class);
    }
  }

  @Test
  public void aFrameReflectedToItsSenderIsRejected() {
    Pair p = login();
    byte[] sealed = seal(p.clientProtector(), frame(40, 9));
    assertThatThrownBy(() -> open(p.clientProtector(), sealed)).isInstanceOf(ProtocolError.class);
  }

  @Test
  public void framesBetweenSessionsDoNotMix() {
    Pair a = login();
    Pair b = login();
    byte[] sealed = seal(a.clientProtector(), frame(40, 10));
    assertThatThrownBy(() -> open(b.serverProtector(), sealed)).isInstanceOf(ProtocolError.class);
    assertThat(Arrays.equals(open(a.serverProtector(), sealed), frame(40, 10))).isTrue();
  }
}
