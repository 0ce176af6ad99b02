package io.zeo.core;

import io.zeo.spi.AuthProvider;
import io.zeo.spi.ClientCacheProvider;
import io.zeo.spi.CompressionProvider;
import io.zeo.spi.StorageProvider;
import io.zeo.spi.TransportProvider;
import io.zeo.spi.UnknownSchemeError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * The plugins of one kind: those {@link ServiceLoader} finds on the class path plus those
 * {@link #register registered} by code (tests need no class-path tricks). For a name, the
 * available provider with the highest priority wins; ties go to the class name that sorts
 * first, so the choice never depends on class-path order. Thread-safe.
 *
 * @param <P> the provider type
 */
public final class ProviderRegistry<P> {
  private static final System.Logger LOG = System.getLogger(ProviderRegistry.class.getName());

  private static final ProviderRegistry<StorageProvider> STORAGES = new ProviderRegistry<>(
      "storage provider", StorageProvider.class, StorageProvider::scheme, StorageProvider::isAvailable,
      StorageProvider::priority, StorageProvider::unavailableReason);
  private static final ProviderRegistry<TransportProvider> TRANSPORTS = new ProviderRegistry<>(
      "transport", TransportProvider.class, TransportProvider::scheme, TransportProvider::isAvailable,
      TransportProvider::priority, TransportProvider::unavailableReason);
  private static final ProviderRegistry<CompressionProvider> COMPRESSIONS = new ProviderRegistry<>(
      "compression", CompressionProvider.class, CompressionProvider::name, CompressionProvider::isAvailable,
      CompressionProvider::priority, CompressionProvider::unavailableReason);
  private static final ProviderRegistry<AuthProvider> AUTHS = new ProviderRegistry<>(
      "authentication mechanism", AuthProvider.class, AuthProvider::name, AuthProvider::isAvailable,
      AuthProvider::priority, AuthProvider::unavailableReason);
  private static final ProviderRegistry<ClientCacheProvider> CACHES = new ProviderRegistry<>(
      "client cache", ClientCacheProvider.class, ClientCacheProvider::name, ClientCacheProvider::isAvailable,
      ClientCacheProvider::priority, p -> "");

  /** Storage providers, by URI scheme. */
  public static ProviderRegistry<StorageProvider> storages() {
    return STORAGES;
  }

  /** Transports, by address scheme. */
  public static ProviderRegistry<TransportProvider> transports() {
    return TRANSPORTS;
  }

  /** Compression codecs, by name. */
  public static ProviderRegistry<CompressionProvider> compressions() {
    return COMPRESSIONS;
  }

  /** Authentication mechanisms, by name. */
  public static ProviderRegistry<AuthProvider> auths() {
    return AUTHS;
  }

  /** Client cache kinds, by name. */
  public static ProviderRegistry<ClientCacheProvider> caches() {
    return CACHES;
  }

  private final String kind;
  private final Class<P> type;
  private final Function<P, String> name;
  private final Predicate<P> available;
  private final ToIntFunction<P> priority;
  private final Function<P, String> unavailableReason;
  private final List<P> registered = new CopyOnWriteArrayList<>();
  private volatile List<P> discovered;

  private ProviderRegistry(String kind, Class<P> type, Function<P, String> name, Predicate<P> available,
      ToIntFunction<P> priority, Function<P, String> unavailableReason) {
    this.kind = kind;
    this.type = type;
    this.name = name;
    this.available = available;
    this.priority = priority;
    this.unavailableReason = unavailableReason;
  }

  /** Adds a provider by hand; it competes with discovered ones by priority. */
  public void register(P provider) {
    registered.add(provider);
  }

  /** Removes a provider added with {@link #register}. */
  public void unregister(P provider) {
    registered.remove(provider);
  }

  /** The best available provider for {@code key}, if any. */
  public Optional<P> lookup(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return all().stream()
        .filter(p -> name.apply(p).equals(k) && available.test(p))
        .min(Comparator.<P>comparingInt(p -> -priority.applyAsInt(p))
            .thenComparing(p -> p.getClass().getName()));
  }

  /**
   * The best available provider for {@code key}.
   *
   * @throws UnknownSchemeError naming every available name (and why unavailable ones declined)
   */
  public P get(String key) {
    return lookup(key).orElseThrow(() -> new UnknownSchemeError(kind, key, describeCandidates()));
  }

  /** Names of the available providers, sorted. */
  public List<String> names() {
    TreeSet<String> names = new TreeSet<>();
    for (P p : all()) {
      if (available.test(p)) {
        names.add(name.apply(p));
      }
    }
    return List.copyOf(names);
  }

  private List<String> describeCandidates() {
    List<String> out = new ArrayList<>(names());
    for (P p : all()) {
      if (!available.test(p)) {
        out.add(name.apply(p) + " (unavailable: " + unavailableReason.apply(p) + ")");
      }
    }
    return out;
  }

  private List<P> all() {
    List<P> found = discovered;
    if (found == null) {
      found = discover();
      discovered = found;
    }
    List<P> all = new ArrayList<>(found);
    all.addAll(registered);
    return all;
  }

  private List<P> discover() {
    List<P> found = new ArrayList<>();
    ServiceLoader<P> loader = ServiceLoader.load(type, ProviderRegistry.class.getClassLoader());
    var it = loader.iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          break;
        }
        found.add(it.next());
      } catch (ServiceConfigurationError e) {
        // A broken plugin jar must not take the others down with it.
        LOG.log(System.Logger.Level.WARNING, "skipping a " + kind + " that failed to load: " + e.getMessage());
      }
    }
    return List.copyOf(found);
  }
}
