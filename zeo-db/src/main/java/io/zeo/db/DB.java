package io.zeo.db;

import io.zeo.db.internal.ClassGuard;
import io.zeo.db.internal.StateResolver;
import io.zeo.spi.ConflictError;
import io.zeo.spi.Oid;
import io.zeo.spi.POSKeyError;
import io.zeo.spi.RecordEnvelope;
import io.zeo.spi.Storage;
import io.zeo.spi.StorageListener;
import io.zeo.spi.Tid;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An object database on a {@link Storage} (ZODB's {@code DB}): hands out {@link Connection}s from
 * a pool, forwards the storage's invalidations to them, and resolves write conflicts for the
 * storage with the classes' {@link ConflictResolvable} merges.
 *
 * <pre>{@code
 * DB db = DB.builder(Zeo.open("memory:")).allowPackage("com.example.todo").open();
 * db.transact(conn -> conn.root().put("todo", new TodoList()));
 * }</pre>
 *
 * <p>Opening a database on an empty storage creates the root object (a {@link PersistentMap}).
 * Thread-safe: many threads may open connections and run transactions at once.
 */
public final class DB implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(DB.class.getName());

  private final Storage storage;
  private final ClassGuard guard;
  private final Builder config;
  private final ArrayDeque<Connection> idle = new ArrayDeque<>();
  private final List<Connection> all = new CopyOnWriteArrayList<>();
  private final StorageListener listener = new Listener();
  private boolean closed;

  private DB(Builder b) {
    this.storage = b.storage;
    this.config = b;
    this.guard = new ClassGuard(b.packages, b.classes, b.aliases, b.loader);
    storage.setConflictResolver(new StateResolver(guard));
    storage.addListener(listener);
    ensureRoot();
  }

  /** A database on {@code storage} with default settings (only JDK value classes and this module's classes allowed). */
  public static DB open(Storage storage) {
    return builder(storage).open();
  }

  /** Settings for a database on {@code storage}. */
  public static Builder builder(Storage storage) {
    return new Builder(storage);
  }

  /** The storage under this database. */
  public Storage storage() {
    return storage;
  }

  /** A connection from the pool (or a new one), in a fresh transaction on the newest snapshot. */
  public Connection open() {
    Connection c;
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("database is closed");
      }
      c = idle.pollFirst();
    }
    if (c == null) {
      c = new Connection(this, storage, guard, config.cacheSize, config.maxPendingInvalidations);
      all.add(c);
    }
    c.opened();
    return c;
  }

  /**
   * Runs {@code work} in a transaction on a pooled connection and commits it; on a
   * {@link ConflictError} (including read conflicts) aborts and runs it again on a fresh
   * snapshot, up to the configured number of attempts, waiting a growing random backoff between
   * attempts. Any other exception aborts and is rethrown.
   *
   * @throws ConflictError the last conflict, when every attempt conflicted
   */
  public void transact(Consumer<Connection> work) {
    transactAndGet(c -> {
      work.accept(c);
      return null;
    });
  }

  /**
   * Like {@link #transact(Consumer)}, returning what {@code work} returns in the attempt that
   * committed. Return plain values: the connection is back in the pool afterwards, so persistent
   * objects returned from here cannot load their state any more.
   */
  public <T> T transactAndGet(Function<Connection, T> work) {
    Objects.requireNonNull(work, "work");
    ConflictError last = null;
    for (int attempt = 1; attempt <= config.attempts; attempt++) {
      try (Connection c = open()) {
        try {
          T result = work.apply(c);
          c.commit();
          return result;
        } catch (ConflictError e) {
          c.abort();
          last = e;
        } catch (RuntimeException | Error e) {
          c.abort();
          throw e;
        }
      }
      LOG.log(System.Logger.Level.DEBUG, "conflict in attempt {0} of {1}: {2}", attempt,
          config.attempts, last.getMessage());
      if (attempt < config.attempts) {
        backoff(attempt);
      }
    }
    throw last;
  }

  /**
   * Packs the storage as of {@code when}: removes revisions no snapshot at or after it needs and
   * objects unreachable from the root then, finding references through the record envelopes.
   */
  public void pack(Instant when) {
    storage.pack(Tid.of(when), RecordEnvelope.REFERENCES);
  }

  /**
   * Closes every connection and the storage (as ZODB's {@code DB.close} does). Idempotent.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      idle.clear();
    }
    try {
      storage.removeListener(listener);
    } catch (io.zeo.spi.StorageError alreadyClosed) {
      // a storage shared with another database may be closed already; nothing to unregister
    }
    for (Connection c : all) {
      c.discard();
    }
    all.clear();
    storage.close();
  }

  /** Takes a closed connection back into the pool, or drops it if the pool is full. */
  void release(Connection c) {
    synchronized (this) {
      if (!closed && idle.size() < config.poolSize) {
        idle.addFirst(c);
        return;
      }
    }
    all.remove(c);
    c.discard();
  }

  private void backoff(int attempt) {
    long min = config.minBackoff.toNanos();
    long max = config.maxBackoff.toNanos();
    if (max <= 0) {
      return;
    }
    long ceiling = Math.min(max, min << Math.min(attempt - 1, 20));
    long nanos = ceiling <= min ? min : ThreadLocalRandom.current().nextLong(min, ceiling + 1);
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while backing off after a conflict", e);
    }
  }

  private void ensureRoot() {
    if (storage.isReadOnly()) {
      return;
    }
    try {
      storage.load(Oid.ROOT);
      return;
    } catch (POSKeyError missing) {
      // an empty storage: create the root below
    }
    Connection c = open();
    try {
      c.addRoot(new PersistentMap<String, Object>());
      c.commit(io.zeo.spi.TransactionMetadata.of("", "initial database creation"));
    } catch (ConflictError e) {
      LOG.log(System.Logger.Level.DEBUG, "root created concurrently by another client");
    } finally {
      c.close();
    }
  }

  /** Forwards the storage's invalidations to every connection, open or pooled. */
  private final class Listener implements StorageListener {
    @Override
    public void invalidate(long tid, Set<Long> oids) {
      for (Connection c : all) {
        c.invalidations.add(tid, oids);
      }
    }

    @Override
    public void invalidateAll(long tid) {
      for (Connection c : all) {
        c.invalidations.invalidateAll(tid);
      }
    }
  }

  /**
   * Settings of a {@link DB}. Classes allowed in records: JDK value and collection classes, this
   * module's persistent classes, and what {@link #allowPackage} and {@link #allowClass} add.
   */
  public static final class Builder {
    private final Storage storage;
    private final Set<String> packages = new LinkedHashSet<>();
    private final Set<String> classes = new HashSet<>();
    private final Map<String, String> aliases = new HashMap<>();
    private ClassLoader loader = DB.class.getClassLoader();
    private int cacheSize = 10_000;
    private int poolSize = 7;
    private int attempts = 10;
    private int maxPendingInvalidations = 100_000;
    private Duration minBackoff = Duration.ofMillis(1);
    private Duration maxBackoff = Duration.ofMillis(200);

    private Builder(Storage storage) {
      this.storage = Objects.requireNonNull(storage, "storage");
    }

    /** Allows every class of these packages and their subpackages in records. */
    public Builder allowPackage(String... names) {
      for (String n : names) {
        if (n.isBlank() || n.endsWith(".")) {
          throw new IllegalArgumentException("not a package name: \"" + n + "\"");
        }
        packages.add(n);
      }
      return this;
    }

    /** Allows these classes in records. */
    public Builder allowClass(Class<?>... types) {
      for (Class<?> t : types) {
        classes.add(t.getName());
      }
      return this;
    }

    /** Allows these classes (by binary name, e.g. {@code com.example.Outer$Inner}) in records. */
    public Builder allowClass(String... names) {
      classes.addAll(List.of(names));
      return this;
    }

    /**
     * Reads records that name {@code oldName} as {@code newName} (a renamed or moved class).
     * The new name must be allowed.
     */
    public Builder alias(String oldName, String newName) {
      aliases.put(Objects.requireNonNull(oldName, "oldName"), Objects.requireNonNull(newName, "newName"));
      return this;
    }

    /** The loader of application classes; default: the loader of this module. */
    public Builder classLoader(ClassLoader loader) {
      this.loader = Objects.requireNonNull(loader, "loader");
      return this;
    }

    /** Target number of loaded objects per connection; default 10,000. */
    public Builder cacheSize(int objects) {
      if (objects < 0) {
        throw new IllegalArgumentException("cache size must be >= 0, got " + objects);
      }
      this.cacheSize = objects;
      return this;
    }

    /** Closed connections kept for reuse; default 7 (ZODB's default). */
    public Builder poolSize(int connections) {
      if (connections < 0) {
        throw new IllegalArgumentException("pool size must be >= 0, got " + connections);
      }
      this.poolSize = connections;
      return this;
    }

    /** How many times {@link DB#transact} runs a unit of work that conflicts; default 10. */
    public Builder attempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("attempts must be >= 1, got " + attempts);
      }
      this.attempts = attempts;
      return this;
    }

    /** The random backoff between attempts grows from {@code min} up to {@code max}; default 1 ms to 200 ms. */
    public Builder backoff(Duration min, Duration max) {
      if (min.isNegative() || max.compareTo(min) < 0) {
        throw new IllegalArgumentException("backoff needs 0 <= min <= max, got " + min + " and " + max);
      }
      this.minBackoff = min;
      this.maxBackoff = max;
      return this;
    }

    /**
     * Invalidated oids an idle connection may queue before it drops its whole cache instead;
     * default 100,000.
     */
    public Builder maxPendingInvalidations(int oids) {
      if (oids < 1) {
        throw new IllegalArgumentException("max pending invalidations must be >= 1, got " + oids);
      }
      this.maxPendingInvalidations = oids;
      return this;
    }

    /** Opens the database (creating the root object in an empty storage). */
    public DB open() {
      return new DB(this);
    }
  }
}
