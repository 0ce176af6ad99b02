package io.zeo.spi;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Transaction ids ("tids") in ZODB's TimeStamp layout, as unsigned 64-bit values.
 *
 * <p>The high 32 bits count minutes since 1900-01-01 UTC as
 * {@code ((((year - 1900) * 12 + month - 1) * 31 + day - 1) * 24 + hour) * 60 + minute}
 * (every month counted as 31 days); the low 32 bits hold the seconds within that minute scaled
 * by 2<sup>32</sup>/60. Tids therefore order by commit time, and a tid written by this library
 * reads as the same moment in ZODB's tools. Compare tids with {@link Long#compareUnsigned}.
 *
 * <p>{@link #NONE} (all zero bits, ZODB's {@code z64}) means "no transaction": the serial of an
 * object being created, the last tid of an empty storage, or the open end of a current revision.
 */
public final class Tid {
  /** No transaction: ZODB's {@code z64}. Never the id of a committed transaction. */
  public static final long NONE = 0L;

  private static final double SECONDS_TO_LOW = 4294967296.0 / 60.0;

  private Tid() {}

  /** The tid of a moment, truncated to the layout's resolution (about 14 ns). */
  public static long of(Instant instant) {
    LocalDateTime t = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    long minutes = minutes(t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute());
    double seconds = t.getSecond() + t.getNano() / 1e9;
    return of(minutes, seconds);
  }

  /** The tid of a calendar moment in UTC; {@code seconds} may carry a fraction. */
  public static long of(int year, int month, int day, int hour, int minute, double seconds) {
    if (year < 1900 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23
        || minute < 0 || minute > 59 || !(seconds >= 0 && seconds < 60)) {
      throw new IllegalArgumentException(String.format(
          "not a valid tid moment: %d-%d-%d %d:%d:%s", year, month, day, hour, minute, seconds));
    }
    return of(minutes(year, month, day, hour, minute), seconds);
  }

  private static long of(long minutes, double seconds) {
    long low = (long) (seconds * SECONDS_TO_LOW);
    if (low > 0xFFFF_FFFFL) {
      low = 0xFFFF_FFFFL;
    }
    return (minutes << 32) | low;
  }

  private static long minutes(int year, int month, int day, int hour, int minute) {
    return ((((year - 1900L) * 12 + month - 1) * 31 + day - 1) * 24 + hour) * 60 + minute;
  }

  /**
   * The moment a tid stands for. Days past a month's real end (the layout allows 31 for every
   * month) roll over into the next month, as in ZODB.
   */
  public static Instant toInstant(long tid) {
    long minutes = tid >>> 32;
    long low = tid & 0xFFFF_FFFFL;
    int minute = (int) (minutes % 60);
    long hours = minutes / 60;
    int hour = (int) (hours % 24);
    long days = hours / 24;
    int day = (int) (days % 31) + 1;
    long months = days / 31;
    int month = (int) (months % 12) + 1;
    int year = (int) (months / 12) + 1900;
    double seconds = low / SECONDS_TO_LOW;
    long wholeSeconds = (long) seconds;
    long nanos = (long) ((seconds - wholeSeconds) * 1e9);
    return LocalDateTime.of(year, month, 1, hour, minute)
        .plusDays(day - 1L)
        .toInstant(ZoneOffset.UTC)
        .plusSeconds(wholeSeconds)
        .plusNanos(nanos);
  }

  /** {@code candidate} if it is later than {@code previous}, else the smallest tid after it. */
  public static long laterThan(long candidate, long previous) {
    return Long.compareUnsigned(candidate, previous) > 0 ? candidate : previous + 1;
  }

  /** Unsigned comparison of two tids. */
  public static int compare(long a, long b) {
    return Long.compareUnsigned(a, b);
  }

  /** A tid as 16 hex digits, the form ZODB tools print. */
  public static String toHex(long tid) {
    return String.format("%016x", tid);
  }

  /** Parses {@link #toHex} output (with or without a {@code 0x} prefix). */
  public static long parseHex(String hex) {
    String digits = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
    if (digits.isEmpty() || digits.length() > 16) {
      throw new IllegalArgumentException("not a tid in hex: \"" + hex + "\"");
    }
    return Long.parseUnsignedLong(digits, 16);
  }

  /** A readable form: {@code 03c5a1b2c3d4e5f6 (2026-11-25T16:21:59.123Z)}. */
  public static String describe(long tid) {
    if (tid == NONE) {
      return toHex(tid) + " (none)";
    }
    return toHex(tid) + " (" + toInstant(tid) + ")";
  }
}
