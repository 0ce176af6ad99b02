package io.zeo.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Deterministic test data shaped like what a ZEO connection carries: object records made of
 * field names, words, names and numbers, as an application's objects look once marshalled.
 * The same seed always gives the same bytes, so ratios and failures reproduce.
 */
public final class SampleData {
  private static final String[] WORDS = {
    "the", "order", "customer", "shipped", "invoice", "account", "balance", "payment", "delivery",
    "address", "street", "product", "quantity", "price", "discount", "status", "pending", "complete",
    "cancelled", "returned", "warehouse", "item", "total", "tax", "currency", "note", "please", "call",
    "before", "after", "monday", "friday", "morning", "evening", "gift", "wrap", "express", "standard",
    "and", "with", "for", "from", "to", "of", "in", "on", "is", "was", "will", "be", "left", "door",
    "neighbour", "fragile", "handle", "care", "reference", "number", "contract", "renewal", "monthly"};
  private static final String[] NAMES = {
    "Alice", "Bruno", "Chen", "Dana", "Emil", "Fatima", "Greta", "Hugo", "Ines", "Jonas", "Kemal",
    "Lena", "Mateo", "Nora", "Oskar", "Priya", "Quentin", "Rosa", "Sven", "Tara"};
  private static final String[] SURNAMES = {
    "Meyer", "Rossi", "Novak", "Garcia", "Smith", "Kowalski", "Dubois", "Jensen", "Silva", "Tanaka",
    "Okafor", "Larsen", "Moreau", "Fischer", "Costa"};
  private static final String[] CITIES = {
    "Hamburg", "Lyon", "Porto", "Krakow", "Oslo", "Bologna", "Utrecht", "Graz", "Ghent", "Tartu"};
  private static final String[] CLASSES = {
    "shop.model.Customer", "shop.model.Order", "shop.model.Invoice", "shop.model.Address"};

  private SampleData() {}

  /**
   * One object record of exactly {@code size} bytes: a class name, an oid, named fields with
   * names, cities, numbers and a free-text note, cut or padded with more note text.
   */
  public static byte[] record(long seed, int size) {
    SplittableRandom r = new SplittableRandom(seed);
    String first = pick(r, NAMES);
    String last = pick(r, SURNAMES);
    StringBuilder b = new StringBuilder(size + 64);
    b.append(pick(r, CLASSES)).append("\u0000oid=").append(r.nextLong(1, 1L << 40))
        .append(";name=").append(first).append(' ').append(last)
        .append(";email=").append(first.toLowerCase(Locale.ROOT)).append('.').append(last.toLowerCase(Locale.ROOT))
        .append(r.nextInt(100)).append("@example.com")
        .append(";city=").append(pick(r, CITIES))
        .append(";total=").append(r.nextInt(100_000)).append('.').append(r.nextInt(10)).append(r.nextInt(10))
        .append(";created=").append(1_700_000_000L + r.nextInt(60_000_000))
        .append(";note=");
    while (b.length() < size) {
      b.append(pick(r, WORDS)).append(' ');
    }
    return Arrays.copyOf(b.toString().getBytes(StandardCharsets.ISO_8859_1), size);
  }

  /** {@code count} records of {@code size} bytes each, back to back, as in one batch frame. */
  public static byte[] records(long seed, int count, int size) {
    byte[] out = new byte[count * size];
    for (int i = 0; i < count; i++) {
      System.arraycopy(record(seed * 1_000_003 + i, size), 0, out, i * size, size);
    }
    return out;
  }

  /** {@code length} bytes of record-like text (records of varying size back to back). */
  public static byte[] textLike(long seed, int length) {
    byte[] out = new byte[length];
    SplittableRandom r = new SplittableRandom(seed);
    for (int off = 0; off < length;) {
      byte[] rec = record(r.nextLong(), 100 + r.nextInt(400));
      int n = Math.min(rec.length, length - off);
      System.arraycopy(rec, 0, out, off, n);
      off += n;
    }
    return out;
  }

  /** {@code length} pseudo-random bytes: incompressible. */
  public static byte[] random(long seed, int length) {
    byte[] data = new byte[length];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < length; i += 8) {
      long v = random.nextLong();
      for (int j = i; j < Math.min(length, i + 8); j++) {
        data[j] = (byte) v;
        v >>>= 8;
      }
    }
    return data;
  }

  private static String pick(SplittableRandom r, String[] from) {
    return from[r.nextInt(from.length)];
  }
}
