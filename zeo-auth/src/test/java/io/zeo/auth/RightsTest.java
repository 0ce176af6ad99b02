package io.zeo.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeo.spi.AuthExchange.Access;
import org.junit.jupiter.api.Test;

class RightsTest {
  @Test
  void lettersRoundTrip() {
    for (String s : new String[] {"r", "rw", "rwa", "ra", "w", "a", "wa"}) {
      assertThat(Rights.parse(s).letters()).isEqualTo(s);
    }
    assertThat(Rights.parse("rw")).isEqualTo(Rights.READ_WRITE);
    assertThat(Rights.parse("rwa")).isEqualTo(Rights.ALL);
  }

  @Test
  void permitsFollowsTheFlags() {
    assertThat(Rights.READ_ONLY.permits(Access.READ)).isTrue();
    assertThat(Rights.READ_ONLY.permits(Access.WRITE)).isFalse();
    assertThat(Rights.READ_WRITE.permits(Access.ADMIN)).isFalse();
    assertThat(Rights.ALL.permits(Access.ADMIN)).isTrue();
    assertThat(Rights.NONE.isNone()).isTrue();
  }

  @Test
  void specsRoundTrip() {
    var spec = Rights.parseSpec("main=rw,*=r,archive=rwa");
    assertThat(spec).containsExactly(java.util.Map.entry("main", Rights.READ_WRITE),
        java.util.Map.entry("*", Rights.READ_ONLY), java.util.Map.entry("archive", Rights.ALL));
    assertThat(Rights.formatSpec(spec)).isEqualTo("main=rw,*=r,archive=rwa");
    assertThat(Rights.parseSpec("-")).isEmpty();
    assertThat(Rights.formatSpec(java.util.Map.of())).isEqualTo("-");
    assertThatThrownBy(() -> Rights.parseSpec("main:rw")).hasMessageContaining("'main:rw'");
  }

  @Test
  void badLettersAreNamed() {
    for (String bad : new String[] {"", "x", "wr", "rww", "RW"}) {
      assertThatThrownBy(() -> Rights.parse(bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + bad + "'");
    }
  }
}
