package io.zeo.spi;

/**
 * Object ids: unsigned 64-bit values, written big-endian as 8 bytes on the wire and on disk.
 * Oid {@link #ROOT} is the root object from which pack decides reachability.
 */
public final class Oid {
  /** The root object's oid. */
  public static final long ROOT = 0L;

  private Oid() {}

  /**
   * ZODB's {@code oid_repr}: {@code 0x} and the hex digits without leading zero bytes,
   * e.g. {@code 0x00} for the root and {@code 0x1f2e} for 7982.
   */
  public static String toString(long oid) {
    String hex = Long.toHexString(oid);
    return (hex.length() % 2 == 1 ? "0x0" : "0x") + hex;
  }

  /** Unsigned comparison of two oids. */
  public static int compare(long a, long b) {
    return Long.compareUnsigned(a, b);
  }
}
