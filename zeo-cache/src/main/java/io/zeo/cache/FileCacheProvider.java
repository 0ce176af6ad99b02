package io.zeo.cache;

import io.zeo.spi.ClientCache;
import io.zeo.spi.ClientCacheConfig;
import io.zeo.spi.ClientCacheProvider;
import java.nio.file.Path;

/**
 * The {@code file} client cache: {@link FileClientCache}. Listed in
 * {@code META-INF/services/io.zeo.spi.ClientCacheProvider}.
 *
 * <p>Setting the system property {@code zeo.cache.trace} to {@code true} writes a trace next to
 * each cache file ({@code <file>-<epoch ms>.trace}; temporary caches: in the working
 * directory); any other non-empty value is taken as the directory
 * to write traces into. Read traces with {@link CacheTraceReport}.
 */
public final class FileCacheProvider extends ClientCacheProvider {
  /** The system property that turns tracing on. */
  public static final String TRACE_PROPERTY = "zeo.cache.trace";

  @Override
  public String name() {
    return "file";
  }

  @Override
  public ClientCache open(ClientCacheConfig config) {
    FileClientCache.Builder b = FileClientCache.builder(config);
    String trace = System.getProperty(TRACE_PROPERTY, "").trim();
    if (!trace.isEmpty() && !trace.equalsIgnoreCase("false")) {
      String base = config.path().map(p -> p.getFileName().toString()).orElse("temporary-" + ProcessHandle.current().pid())
          + "-" + System.currentTimeMillis() + ".trace";
      Path dir = trace.equalsIgnoreCase("true")
          ? config.path().map(p -> p.toAbsolutePath().getParent()).orElse(Path.of("."))
          : Path.of(trace);
      b.trace(dir.resolve(base));
    }
    return b.open();
  }
}
