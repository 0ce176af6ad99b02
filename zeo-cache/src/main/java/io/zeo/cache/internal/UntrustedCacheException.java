package io.zeo.cache.internal;

/** A cache file exists but must not be used (wrong owner, unknown version, damaged header). */
public final class UntrustedCacheException extends Exception {
  private static final long serialVersionUID = 1L;

  public UntrustedCacheException(String message) {
    super(message);
  }
}
