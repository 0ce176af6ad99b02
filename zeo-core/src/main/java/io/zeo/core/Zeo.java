package io.zeo.core;

import io.zeo.spi.Storage;
import io.zeo.spi.StorageUri;

/**
 * The entry point: opens any storage by URI, picking the {@link io.zeo.spi.StorageProvider}
 * whose scheme matches among those on the class path.
 *
 * <pre>{@code
 * Storage s = Zeo.open("memory:");
 * Storage f = Zeo.open("file:/var/zeo/main.fs");
 * Storage c = Zeo.open("zeo+unix:/run/zeo/zeo.sock?storage=main&cache-size=64MB");
 * }</pre>
 */
public final class Zeo {
  private Zeo() {}

  /**
   * Opens the storage a URI names.
   *
   * @throws io.zeo.spi.UnknownSchemeError if no provider handles the scheme; the message lists
   *     the schemes on the class path
   * @throws IllegalArgumentException for a malformed URI or an unknown option
   * @throws io.zeo.spi.StorageError if the storage cannot be opened
   */
  public static Storage open(String uri) {
    StorageUri parsed = StorageUri.parse(uri);
    return ProviderRegistry.storages().get(parsed.scheme()).open(parsed);
  }
}
