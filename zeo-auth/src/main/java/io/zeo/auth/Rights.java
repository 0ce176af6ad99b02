package io.zeo.auth;

import io.zeo.spi.AuthExchange.Access;

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
