package io.zeo.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ServerDemoTest {
  @Test
  @Timeout(60)
  void bothClientsSeeEachOthersCommitsThroughTheServer() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ServerDemo.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);

    assertThat(out).contains("serving [main]");
    assertThat(out).containsPattern("bob hears: +invalidation of 0x00 0x01 at [0-9a-f]{16}");
    assertThat(out).contains("bob reads:   \"buy milk\"");
    assertThat(out).containsPattern("alice hears: invalidation of 0x01 at [0-9a-f]{16}");
    assertThat(out).contains("alice reads: \"buy milk and bread\"");
    assertThat(out).contains("as of her own commit: \"buy milk\"");
    assertThat(out).contains("wrote its index: true");
  }
}
