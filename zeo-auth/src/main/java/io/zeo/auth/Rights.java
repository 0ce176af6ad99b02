package io.zeo.auth;

import io.zeo.spi.AuthExchange.Access;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * What a user may do on one storage: read (every call), write (commits, undo) and admin
 * (pack). Written in the user store as letters, {@code r}, {@code w} and {@code a} in that
 * order ({@code "rw"}, {@code "rwa"}); a user without a right on a storage has no entry for it.
 *
 * @param read may load, iterate and read history
 * @param write may commit and undo
 * @param admin may pack
 */
public record Rights(boolean read, boolean write, boolean admin) {
  /** No access at all. */
  public static final Rights NONE = new Rights(false, false, false);
  /** Read only: a commit fails with {@code ReadOnlyError}. */
  public static final Rights READ_ONLY = new Rights(true, false, false);
  /** Read and write, but no pack. */
  public static final Rights READ_WRITE = new Rights(true, true, false);
  /** Everything. */
  public static final Rights ALL = new Rights(true, true, true);

  /**
   * Parses letters as written in the user store.
   *
   * @throws IllegalArgumentException naming the bad value if it is not a non-empty subset of
   *     {@code rwa} in that order
   */
  public static Rights parse(String letters) {
    if (!letters.matches("r?w?a?") || letters.isEmpty()) {
      throw new IllegalArgumentException(
          "rights '" + letters + "' are not a non-empty subset of 'rwa' in that order (e.g. r, rw, rwa)");
    }
    return new Rights(letters.contains("r"), letters.contains("w"), letters.contains("a"));
  }

  /**
   * Parses rights for several storages as the user store and the command line write them:
   * {@code STORAGE=LETTERS} joined by commas, e.g. {@code "main=rw,*=r"}; {@code "-"} for none.
   *
   * @throws IllegalArgumentException naming the bad entry
   */
  public static Map<String, Rights> parseSpec(String spec) {
    Map<String, Rights> out = new LinkedHashMap<>();
    if (spec.equals("-")) {
      return out;
    }
    for (String entry : spec.split(",")) {
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("rights entry '" + entry + "' is not STORAGE=LETTERS (e.g. main=rw)");
      }
      out.put(entry.substring(0, eq), parse(entry.substring(eq + 1)));
    }
    return out;
  }

  /** The inverse of {@link #parseSpec}. */
  public static String formatSpec(Map<String, Rights> rights) {
    StringJoiner j = new StringJoiner(",");
    rights.forEach((storage, r) -> j.add(storage + "=" + r.letters()));
    return rights.isEmpty() ? "-" : j.toString();
  }

  /** The letters as written in the user store; empty for {@link #NONE}. */
  public String letters() {
    return (read ? "r" : "") + (write ? "w" : "") + (admin ? "a" : "");
  }

  /** Whether these rights allow {@code access}. */
  public boolean permits(Access access) {
    switch (access) {
      case READ:
        return read;
      case WRITE:
        return write;
      case ADMIN:
        return admin;
      default:
        throw new AssertionError(access);
    }
  }

  /** True if no right is granted. */
  public boolean isNone() {
    return !read && !write && !admin;
  }
}
