package io.zeo.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StorageUriTest {

  @Test
  void splitsSchemeBodyAndOptions() {
    StorageUri u = StorageUri.parse("ZEO+TCP://db1:8100,db2:8100?storage=main&cache-size=64MB");
    assertThat(u.scheme()).isEqualTo("zeo+tcp");
    assertThat(u.body()).isEqualTo("//db1:8100,db2:8100");
    assertThat(u.options()).containsEntry("storage", "main").containsEntry("cache-size", "64MB");
    assertThat(u.toString()).isEqualTo("ZEO+TCP://db1:8100,db2:8100?storage=main&cache-size=64MB");
  }

  @Test
  void bareSchemeHasAnEmptyBodyAndNoOptions() {
    StorageUri u = StorageUri.parse("memory:");
    assertThat(u.scheme()).isEqualTo("memory");
    assertThat(u.body()).isEmpty();
    assertThat(u.options()).isEmpty();
    StorageUri q = StorageUri.parse("memory:?");
    assertThat(q.options()).isEmpty();
  }

  @Test
  void optionValuesArePercentDecoded() {
    StorageUri u = StorageUri.parse("file:/tmp/x.fs?name=my%20db&path=a%2Fb");
    assertThat(u.string("name")).contains("my db");
    assertThat(u.string("path", "")).isEqualTo("a/b");
  }

  @Test
  void aUriWithoutSchemeIsRejected() {
    assertThatThrownBy(() -> StorageUri.parse("/var/zeo/main.fs")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/var/zeo/main.fs");
    assertThatThrownBy(() -> StorageUri.parse(":x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aRepeatedOptionIsRejected() {
    assertThatThrownBy(() -> StorageUri.parse("memory:?name=a&name=b"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
  }

  @Test
  void booleansAcceptTheUsualSpellingsAndABareName() {
    StorageUri u = StorageUri.parse("memory:?a=yes&b=0&c=TRUE&d&e=off");
    assertThat(u.bool("a", false)).isTrue();
    assertThat(u.bool("b", true)).isFalse();
    assertThat(u.bool("c", false)).isTrue();
    assertThat(u.bool("d", false)).isTrue();
    assertThat(u.bool("e", true)).isFalse();
    assertThat(u.bool("missing", true)).isTrue();
    assertThatThrownBy(() -> StorageUri.parse("memory:?read-only=perhaps").bool("read-only", false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("read-only").hasMessageContaining("perhaps");
  }

  @Test
  void numbersParseAndReportBadValues() {
    StorageUri u = StorageUri.parse("memory:?n=42&bad=4x");
    assertThat(u.number("n", 0)).isEqualTo(42);
    assertThat(u.number("missing", 7)).isEqualTo(7);
    assertThatThrownBy(() -> u.number("bad", 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad").hasMessageContaining("4x");
  }

  @Test
  void sizesUsePowersOf1024() {
    assertThat(StorageUri.parseSize("s", "4096")).isEqualTo(4096);
    assertThat(StorageUri.parseSize("s", "1KB")).isEqualTo(1024);
    assertThat(StorageUri.parseSize("s", "64MB")).isEqualTo(64L << 20);
    assertThat(StorageUri.parseSize("s", "64MiB")).isEqualTo(64L << 20);
    assertThat(StorageUri.parseSize("s", "2gb")).isEqualTo(2L << 30);
    assertThat(StorageUri.parseSize("s", "1TB")).isEqualTo(1L << 40);
    assertThat(StorageUri.parseSize("s", "10B")).isEqualTo(10);
    assertThat(StorageUri.parse("memory:?max=1k").size("max", 0)).isEqualTo(1024);
  }

  @Test
  void badSizesAreRejectedNamingTheOption() {
    assertThatThrownBy(() -> StorageUri.parseSize("cache-size", "-1MB")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cache-size").hasMessageContaining("-1MB");
    assertThatThrownBy(() -> StorageUri.parseSize("cache-size", "lots")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StorageUri.parseSize("cache-size", "99999999999TB"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void durationsAcceptUnitsAndBareSeconds() {
    assertThat(StorageUri.parseDuration("d", "250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(StorageUri.parseDuration("d", "30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(StorageUri.parseDuration("d", "1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(StorageUri.parseDuration("d", "5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(StorageUri.parseDuration("d", "1h")).isEqualTo(Duration.ofHours(1));
    assertThat(StorageUri.parseDuration("d", "2")).isEqualTo(Duration.ofSeconds(2));
    assertThat(StorageUri.parse("x:?t=100ms").duration("t", Duration.ZERO)).isEqualTo(Duration.ofMillis(100));
    assertThatThrownBy(() -> StorageUri.parseDuration("timeout", "soon")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeout").hasMessageContaining("soon");
  }

  @Test
  void unknownOptionsAreNamedWithTheKnownOnes() {
    StorageUri u = StorageUri.parse("memory:?read-only=true&max-recrod-size=1MB");
    u.bool("read-only", false);
    u.size("max-record-size", 0);
    assertThatThrownBy(u::rejectUnknownOptions).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max-recrod-size").hasMessageContaining("max-record-size");
  }

  @Test
  void noUnknownOptionsPassesTheCheck() {
    StorageUri u = StorageUri.parse("memory:?name=x");
    u.string("name");
    u.rejectUnknownOptions();
    StorageUri.parse("memory:").rejectUnknownOptions();
  }
}
