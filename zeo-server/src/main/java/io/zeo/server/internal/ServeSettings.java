package io.zeo.server.internal;

import io.zeo.spi.StorageUri;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.logging.Level;

/**
 * Everything {@code zeo serve} runs with, read from a properties file ({@code --config}) and
 * the command line (which wins). The file's keys, all optional:
 *
 * <pre>
 * storage.NAME            = URI         # one line per storage, e.g. storage.main = file:/var/zeo/main.fs
 * listen                  = ADDR, ADDR  # tcp://127.0.0.1:8100, unix:/run/zeo/zeo.sock
 * read-only               = false
 * transaction-timeout     = 0s          # 0: no limit; e.g. 30s, 5m
 * invalidation-queue-size = 1000
 * users                   = FILE        # the users file (zeo users FILE add ...); enables auth
 * auth                    = srp         # mechanisms offered when users is set, by preference
 * require-auth            = true        # default: true when users is set
 * compression             = lz4         # mechanisms offered, by preference; default none
 * require-compression     = false
 * log                     = FILE        # default: standard error
 * log-level               = INFO        # ERROR, WARN, INFO, DEBUG, TRACE
 * pid-file                = FILE
 * </pre>
 *
 * Command-line {@code --storage} options add to the file's storages (a name given twice is an
 * error); {@code --listen} options, when given, replace the file's {@code listen}; every other
 * option given on the command line replaces the file's value.
 */
public record ServeSettings(Map<String, String> storages, List<String> listen, boolean readOnly,
    Duration transactionTimeout, int invalidationQueueSize, Path users, List<String> auth, boolean requireAuth,
    List<String> compression, boolean requireCompression, Path log, Level logLevel, Path pidFile) {

  static final List<String> KEYS = List.of("listen", "read-only", "transaction-timeout", "invalidation-queue-size",
      "users", "auth", "require-auth", "compression", "require-compression", "log", "log-level", "pid-file");

  /** What the command line said; null or empty where it said nothing. */
  public record Overrides(Map<String, String> storages, List<String> listen, Boolean readOnly,
      String transactionTimeout, Integer invalidationQueueSize, Path users, List<String> auth, Boolean requireAuth,
      List<String> compression, Boolean requireCompression, Path log, String logLevel, Path pidFile) {}

  /**
   * Reads {@code config} (may be null) and applies {@code cli} over it.
   *
   * @throws Failure (usage) naming the bad key or value
   */
  public static ServeSettings resolve(Path config, Overrides cli) {
    Properties p = config == null ? new Properties() : load(config);
    String where = config == null ? "command line" : config.toString();
    Map<String, String> storages = new LinkedHashMap<>();
    for (String key : new TreeSet<>(p.stringPropertyNames())) {
      if (key.startsWith("storage.")) {
        storages.put(key.substring("storage.".length()), p.getProperty(key).trim());
      } else if (!KEYS.contains(key)) {
        throw Failure.usage("unknown setting \"" + key + "\" in " + where + "; expected storage.NAME or one of " + KEYS);
      }
    }
    for (Map.Entry<String, String> e : cli.storages().entrySet()) {
      if (storages.putIfAbsent(e.getKey(), e.getValue()) != null) {
        throw Failure.usage("storage \"" + e.getKey() + "\" is given twice (in " + where + " and on the command line)");
      }
    }
    List<String> listen = !cli.listen().isEmpty() ? List.copyOf(cli.listen()) : list(p.getProperty("listen"));
    boolean readOnly = cli.readOnly() != null ? cli.readOnly() : bool(p, "read-only", false);
    Duration timeout = duration("transaction-timeout",
        cli.transactionTimeout() != null ? cli.transactionTimeout() : p.getProperty("transaction-timeout", "0s"));
    int queue = cli.invalidationQueueSize() != null ? cli.invalidationQueueSize()
        : integer("invalidation-queue-size", p.getProperty("invalidation-queue-size", "1000"));
    Path users = cli.users() != null ? cli.users() : path(p, "users");
    List<String> auth = !cli.auth().isEmpty() ? List.copyOf(cli.auth()) : list(p.getProperty("auth", "srp"));
    boolean requireAuth = cli.requireAuth() != null ? cli.requireAuth() : bool(p, "require-auth", users != null);
    List<String> compression = !cli.compression().isEmpty() ? List.copyOf(cli.compression())
        : list(p.getProperty("compression"));
    boolean requireCompression = cli.requireCompression() != null ? cli.requireCompression()
        : bool(p, "require-compression", false);
    Path log = cli.log() != null ? cli.log() : path(p, "log");
    Level level = level(cli.logLevel() != null ? cli.logLevel() : p.getProperty("log-level", "INFO"));
    Path pid = cli.pidFile() != null ? cli.pidFile() : path(p, "pid-file");
    ServeSettings s = new ServeSettings(storages, listen, readOnly, timeout, queue, users, auth, requireAuth,
        compression, requireCompression, log, level, pid);
    s.check(where);
    return s;
  }

  private void check(String where) {
    if (storages.isEmpty()) {
      throw Failure.usage("no storage to serve: give --storage NAME=URI (or storage.NAME = URI in a --config file)");
    }
    if (listen.isEmpty()) {
      throw Failure.usage("no address to listen on: give --listen ADDR (or listen = ADDR in a --config file), "
          + "e.g. tcp://127.0.0.1:8100 or unix:/run/zeo/zeo.sock");
    }
    for (Map.Entry<String, String> e : storages.entrySet()) {
      if (e.getKey().equals(StatusStorage.NAME)) {
        throw Failure.usage("storage name \"" + StatusStorage.NAME + "\" is reserved for the server's status report");
      }
      if (!e.getKey().matches("[A-Za-z0-9._-]{1,128}")) {
        throw Failure.usage("storage name \"" + e.getKey() + "\" is not 1-128 of A-Z a-z 0-9 . _ -");
      }
      try {
        StorageUri.parse(e.getValue());
      } catch (IllegalArgumentException bad) {
        throw Failure.usage("storage " + e.getKey() + ": " + bad.getMessage());
      }
    }
    for (String a : listen) {
      if (a.indexOf(':') <= 0) {
        throw Failure.usage("listen address \"" + a + "\" has no scheme; expected e.g. tcp://127.0.0.1:8100 or "
            + "unix:/run/zeo/zeo.sock");
      }
    }
    if (requireAuth && users == null) {
      throw Failure.usage("require-auth is set but no users file is given (--users FILE)");
    }
    if (requireCompression && compression.isEmpty()) {
      throw Failure.usage("require-compression is set but no compression is offered (--compression NAME)");
    }
  }

  /** Parses {@code NAME=URI} as given to {@code --storage}. */
  static Map.Entry<String, String> storageOption(String option) {
    int eq = option.indexOf('=');
    if (eq <= 0 || eq == option.length() - 1) {
      throw Failure.usage("--storage \"" + option + "\" is not NAME=URI, e.g. main=file:/var/zeo/main.fs");
    }
    return Map.entry(option.substring(0, eq).trim(), option.substring(eq + 1).trim());
  }

  private static Properties load(Path config) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      throw Failure.usage("cannot read config file " + config + ": " + e);
    } catch (IllegalArgumentException e) {
      throw Failure.usage("config file " + config + " is malformed: " + e.getMessage());
    }
    return p;
  }

  private static List<String> list(String value) {
    List<String> out = new ArrayList<>();
    if (value != null) {
      for (String s : value.split(",")) {
        if (!s.isBlank()) {
          out.add(s.trim());
        }
      }
    }
    return out;
  }

  private static boolean bool(Properties p, String key, boolean fallback) {
    String v = p.getProperty(key);
    if (v == null) {
      return fallback;
    }
    return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw Failure.usage("setting " + key + " = \"" + v + "\" is not true or false");
    };
  }

  private static Path path(Properties p, String key) {
    String v = p.getProperty(key);
    return v == null || v.isBlank() ? null : Path.of(v.trim());
  }

  private static Duration duration(String key, String value) {
    try {
      Duration d = StorageUri.parseDuration(key, value);
      if (d.isNegative()) {
        throw Failure.usage(key + " \"" + value + "\" is negative");
      }
      return d;
    } catch (IllegalArgumentException e) {
      throw Failure.usage(e.getMessage());
    }
  }

  private static int integer(String key, String value) {
    try {
      int n = Integer.parseInt(value.trim());
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw Failure.usage(key + " \"" + value + "\" is not a non-negative whole number");
    }
  }

  private static Level level(String name) {
    return switch (name.trim().toUpperCase(java.util.Locale.ROOT)) {
      case "ERROR" -> Level.SEVERE;
      case "WARN", "WARNING" -> Level.WARNING;
      case "INFO" -> Level.INFO;
      case "DEBUG" -> Level.FINE;
      case "TRACE" -> Level.FINEST;
      default -> throw Failure.usage("log level \"" + name + "\" is not one of ERROR, WARN, INFO, DEBUG, TRACE");
    };
  }
}
