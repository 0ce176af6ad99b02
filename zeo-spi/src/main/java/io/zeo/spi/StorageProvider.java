package io.zeo.spi;

/**
 * Opens storages for one URI scheme ({@code memory}, {@code file}, {@code zeo+tcp}, ...).
 *
 * <h2>Contract for plugin authors</h2>
 * <ul>
 * <li>A public class with a public no-argument constructor, listed in
 *     {@code META-INF/services/io.zeo.spi.StorageProvider}.</li>
 * <li>Discovery never throws: a provider that cannot work here (missing native library, wrong
 *     platform) says so through {@link #isAvailable()} and {@link #unavailableReason()}.</li>
 * <li>When two available providers claim one scheme, the higher {@link #priority()} wins; ties
 *     go to the class name that sorts first, so the choice is deterministic.</li>
 * <li>Thread-safe: {@link #open} may be called from several threads at once.</li>
 * </ul>
 */
public abstract class StorageProvider {
  /** The URI scheme this provider opens, in lower case, without the colon. */
  public abstract String scheme();

  /** False if this provider cannot work in this process; discovery then skips it. */
  public boolean isAvailable() {
    return true;
  }

  /** Why {@link #isAvailable()} is false, for "nothing fits" errors. */
  public String unavailableReason() {
    return "";
  }

  /** Higher wins among providers of the same scheme; default 5 (0 to 10 by convention). */
  public int priority() {
    return 5;
  }

  /**
   * Opens the storage a URI names. Implementations call {@link StorageUri#rejectUnknownOptions()}
   * after reading their options.
   *
   * @throws IllegalArgumentException for a malformed URI or unknown option
   * @throws StorageError if the storage cannot be opened (locked, damaged, unreachable)
   */
  public abstract Storage open(StorageUri uri);
}
