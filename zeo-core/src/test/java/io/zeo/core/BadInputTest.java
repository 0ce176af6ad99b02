package io.zeo.core;

import static io.zeo.core.ServerFixture.commit;
import static org.assertj.core.api.Assertions.assertThat;

import io.zeo.core.internal.wire.MessageWriter;
import io.zeo.core.internal.wire.Wire;
import io.zeo.spi.AuthenticationError;
import io.zeo.spi.ProtocolError;
import io.zeo.spi.StorageError;
import io.zeo.spi.Tid;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile bytes at a live TCP server: each bad connection gets a clear error and is closed, and
 * a well-behaved client still commits afterwards.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BadInputTest {
  static ServerFixture fx;

  @BeforeAll
  static void start() {
    fx = new ServerFixture("tcp://127.0.0.1:0", b -> b.maxFrameSize(1 << 20));
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  private static RuntimeException errorFor(byte[] raw) throws Exception {
    try (RawClient c = new RawClient(fx.server.address())) {
      c.sendRaw(raw);
      RuntimeException e = c.readError();
      assertThat(c.closedByServer()).as("connection closed after " + e).isTrue();
      return e;
    }
  }

  private static RuntimeException errorFor(MessageWriter message) throws Exception {
    try (RawClient c = new RawClient(fx.server.address())) {
      c.send(message);
      RuntimeException e = c.readError();
      assertThat(c.closedByServer()).as("connection closed after " + e).isTrue();
      return e;
    }
  }

  @Test
  void httpRequestIsAnOversizedFrame() throws Exception {
    RuntimeException e = errorFor("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(e).isInstanceOf(ProtocolError.class).hasMessageContaining("frame length")
        .hasMessageContaining("exceeds maximum 1048576");
    assertStillServes();
  }

  @Test
  void zeroLengthFrame() throws Exception {
    assertThat(errorFor(new byte[] {0, 0, 0, 0})).isInstanceOf(ProtocolError.class)
        .hasMessageContaining("frame length 0 is not positive");
  }

  @Test
  void wrongMagic() throws Exception {
    assertThat(errorFor(RawClient.hello(0x12345678, Wire.VERSION, "main")))
        .isInstanceOf(ProtocolError.class).hasMessageContaining("0x12345678");
  }

  @Test
  void wrongVersion() throws Exception {
    assertThat(errorFor(RawClient.hello(Wire.MAGIC, 99, "main"))).isInstanceOf(ProtocolError.class)
        .hasMessageContaining("protocol version 99 is not supported");
    assertStillServes();
  }

  @Test
  void callBeforeHandshake() throws Exception {
    MessageWriter load = MessageWriter.start(Wire.CALL, 7, Wire.LOAD).i64(0);
    assertThat(errorFor(load)).isInstanceOf(ProtocolError.class).hasMessageContaining("load before the handshake");
  }

  @Test
  void unknownStorageListsServedNames() throws Exception {
    assertThat(errorFor(RawClient.hello(Wire.MAGIC, Wire.VERSION, "nope"))).isInstanceOf(StorageError.class)
        .hasMessageContaining("\"nope\"").hasMessageContaining("[main]");
  }

  @Test
  void garbageAfterHandshake() throws Exception {
    try (RawClient c = new RawClient(fx.server.address())) {
      c.send(RawClient.hello(Wire.MAGIC, Wire.VERSION, "main"));
      var r = c.read();
      assertThat(r.u8()).isEqualTo(Wire.REPLY);
      c.sendRaw(new byte[] {0, 0, 0, 3, 0, 99, 1});
      assertThat(c.readError()).isInstanceOf(ProtocolError.class).hasMessageContaining("message kind 99");
      assertThat(c.closedByServer()).isTrue();
    }
    assertStillServes();
  }

  @Test
  void truncatedArguments() throws Exception {
    try (RawClient c = new RawClient(fx.server.address())) {
      c.send(RawClient.hello(Wire.MAGIC, Wire.VERSION, "main"));
      assertThat(c.read().u8()).isEqualTo(Wire.REPLY);
      c.send(MessageWriter.start(Wire.CALL, 5, Wire.LOAD).i32(1)); // an oid needs 8 bytes
      assertThat(c.readError()).isInstanceOf(ProtocolError.class).hasMessageContaining("truncated");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void outOfOrderCallsAreTransactionErrorsNotFatal() throws Exception {
    ClientStorage c = fx.client();
    try (RawClient raw = new RawClient(fx.server.address())) {
      raw.send(RawClient.hello(Wire.MAGIC, Wire.VERSION, "main"));
      raw.read();
      raw.send(MessageWriter.start(Wire.CALL, 1, Wire.FINISH).i32(42));
      RuntimeException e = raw.readError();
      assertThat(e).hasMessageContaining("transaction 42 is not in progress");
      raw.send(MessageWriter.start(Wire.CALL, 2, Wire.PING));
      assertThat(raw.read().u8()).as("connection still serves").isEqualTo(Wire.REPLY);
    }
    assertThat(c.lastTransaction()).isNotNull();
  }

  @Test
  void authRequiredButNotOffered() throws Exception {
    // a server that requires authentication refuses a client that offers none
    try (ServerFixture strict = new ServerFixture("tcp://127.0.0.1:0", b -> b.requireAuth(true))) {
      try (RawClient c = new RawClient(strict.server.address())) {
        c.send(RawClient.hello(Wire.MAGIC, Wire.VERSION, "main"));
        assertThat(c.readError()).isInstanceOf(AuthenticationError.class).hasMessageContaining("requires");
        assertThat(c.closedByServer()).isTrue();
      }
    }
  }

  private static void assertStillServes() {
    ClientStorage c = fx.client();
    long oid = c.newOid();
    long tid = commit(c, oid, Tid.NONE, new byte[] {1, 2, 3});
    assertThat(c.load(oid).serial()).isEqualTo(tid);
  }
}
