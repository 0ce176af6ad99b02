package io.zeo.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TidTest {

  /**
   * Expected values computed with ZODB's TimeStamp formula (persistent.timestamp: minutes since
   * 1900 with 31-day months in the high word, {@code int(seconds / (60 / 2**32))} in the low word).
   */
  @ParameterizedTest
  @CsvSource({
      "1900, 1, 1, 0, 0, 0.0, 0000000000000000",
      "2011, 2, 16, 14, 37, 22.80544, 038c51ad614d9f36",
      "2008, 12, 22, 15, 20, 48.299999952316284, 037abdd8ce147add",
      "2001, 2, 3, 4, 5, 6.123456789, 033a49151a20729e",
      "2001, 2, 3, 4, 5, 6.5, 033a49151bbbbbbb",
      "2001, 2, 3, 4, 5, 6.55, 033a49151bf258bf",
      "2001, 2, 3, 4, 5, 6.555555555, 033a49151bf86a31",
      "2026, 11, 25, 16, 21, 59.123, 040d4195fc421506",
      "1999, 12, 31, 23, 59, 59.999999, 033161ffffffffb8",
      "2000, 2, 29, 12, 0, 30.0, 0332b0b080000000",
  })
  void matchesZodbTimeStampLayout(int y, int mo, int d, int h, int mi, double s, String hex) {
    assertThat(Tid.toHex(Tid.of(y, mo, d, h, mi, s))).isEqualTo(hex);
  }

  @Test
  void zeroIsNoneAndIsTheFirstMomentOf1900() {
    assertThat(Tid.NONE).isZero();
    assertThat(Tid.toInstant(Tid.NONE)).isEqualTo(Instant.parse("1900-01-01T00:00:00Z"));
    assertThat(Tid.describe(Tid.NONE)).contains("none");
  }

  @Test
  void toInstantGivesZodbsTimeTime() {
    // TimeStamp(2011, 2, 16, 14, 37, 22.80544).timeTime() == 1297867042.80544 in persistent's tests
    Instant at = Tid.toInstant(Tid.of(2011, 2, 16, 14, 37, 22.80544));
    double seconds = at.getEpochSecond() + at.getNano() / 1e9;
    assertThat(seconds).isCloseTo(1297867042.80544, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void instantsRoundTripToTheLayoutsResolution() {
    Instant now = Instant.parse("2026-11-25T16:21:59.123456789Z");
    Instant back = Tid.toInstant(Tid.of(now));
    assertThat(ChronoUnit.NANOS.between(back, now)).isBetween(0L, 20L);
    assertThat(Tid.of(Tid.toInstant(Tid.of(now)))).isIn(Tid.of(now), Tid.of(now) - 1);
  }

  @Test
  void tidsOrderByTime() {
    long a = Tid.of(Instant.parse("2026-01-31T23:59:59.999Z"));
    long b = Tid.of(Instant.parse("2026-02-01T00:00:00Z"));
    long c = Tid.of(Instant.parse("2027-01-01T00:00:00Z"));
    assertThat(Tid.compare(a, b)).isNegative();
    assertThat(Tid.compare(b, c)).isNegative();
  }

  @Test
  void dayPastTheMonthsEndRollsOverLikeZodb() {
    assertThat(Tid.toInstant(Tid.of(2011, 2, 31, 0, 0, 0))).isEqualTo(Instant.parse("2011-03-03T00:00:00Z"));
  }

  @Test
  void invalidMomentsAreRejectedNamingThem() {
    assertThatThrownBy(() -> Tid.of(1899, 1, 1, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1899");
    assertThatThrownBy(() -> Tid.of(2000, 13, 1, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Tid.of(2000, 1, 1, 0, 0, 60.0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Tid.of(2000, 1, 1, 24, 0, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void laterThanFollowsZodb() {
    long ones = 0x0101010101010101L;
    long twos = 0x0202020202020202L;
    // TimeStamp(b'\1' * 8).laterThan(TimeStamp(b'\2' * 8)).raw() == b'\2' * 7 + b'\3'
    assertThat(Tid.laterThan(ones, twos)).isEqualTo(0x0202020202020203L);
    assertThat(Tid.laterThan(twos, ones)).isEqualTo(twos);
    assertThat(Tid.laterThan(twos, twos)).isEqualTo(twos + 1);
  }

  @Test
  void comparisonIsUnsigned() {
    assertThat(Tid.compare(0x8000_0000_0000_0000L, 1L)).isPositive();
    assertThat(Tid.compare(-1L, 0L)).isPositive();
    assertThat(Tid.laterThan(1L, 0x8000_0000_0000_0000L)).isEqualTo(0x8000_0000_0000_0001L);
  }

  @Test
  void hexRoundTrips() {
    long tid = Tid.of(2026, 11, 25, 16, 21, 59.123);
    assertThat(Tid.parseHex(Tid.toHex(tid))).isEqualTo(tid);
    assertThat(Tid.parseHex("0x" + Tid.toHex(tid))).isEqualTo(tid);
    assertThat(Tid.parseHex("ffffffffffffffff")).isEqualTo(-1L);
    assertThat(Tid.toHex(1)).isEqualTo("0000000000000001");
    assertThatThrownBy(() -> Tid.parseHex("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Tid.parseHex("1234567890abcdef0")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1234567890abcdef0");
  }

  @Test
  void describeShowsHexAndTime() {
    long tid = Tid.of(2026, 11, 25, 16, 21, 59.5);
    assertThat(Tid.describe(tid)).startsWith(Tid.toHex(tid)).contains("2026-11-25T16:21:59");
  }

  @Test
  void oidRepresentationFollowsZodbsOidRepr() {
    assertThat(Oid.toString(Oid.ROOT)).isEqualTo("0x00");
    assertThat(Oid.toString(7982)).isEqualTo("0x1f2e");
    assertThat(Oid.toString(0x123)).isEqualTo("0x0123");
    assertThat(Oid.compare(-1L, 1L)).isPositive();
  }
}
