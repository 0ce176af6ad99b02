package io.zeo.spi;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A storage URI taken apart: {@code scheme:body?name=value&...}, for example
 * {@code file:/var/zeo/main.fs?read-only=true} or
 * {@code zeo+tcp://db1:8100,db2:8100?storage=main&cache-size=64MB}.
 *
 * <p>Options are read through typed getters that remember which names were asked for, so a
 * provider can end with {@link #rejectUnknownOptions()} and a misspelt option is an error rather
 * than silently ignored. Sizes accept {@code B, KB, MB, GB} (powers of 1024, also written
 * {@code KiB, MiB, GiB}); durations accept {@code ms, s, m, h}.
 */
public final class StorageUri {
  private final String text;
  private final String scheme;
  private final String body;
  private final Map<String, String> options;
  private final Set<String> consumed = new LinkedHashSet<>();

  private StorageUri(String text, String scheme, String body, Map<String, String> options) {
    this.text = text;
    this.scheme = scheme;
    this.body = body;
    this.options = options;
  }

  /**
   * Parses a URI.
   *
   * @throws IllegalArgumentException if there is no scheme, or an option is malformed or repeated
   */
  public static StorageUri parse(String uri) {
    int colon = uri.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("not a storage URI (expected scheme:...): \"" + uri + "\"");
    }
    String scheme = uri.substring(0, colon).toLowerCase(Locale.ROOT);
    String rest = uri.substring(colon + 1);
    int q = rest.indexOf('?');
    String body = q < 0 ? rest : rest.substring(0, q);
    Map<String, String> options = new LinkedHashMap<>();
    if (q >= 0 && q + 1 < rest.length()) {
      for (String pair : rest.substring(q + 1).split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "true" : decode(pair.substring(eq + 1));
        if (options.put(name, value) != null) {
          throw new IllegalArgumentException("option \"" + name + "\" given twice in \"" + uri + "\"");
        }
      }
    }
    return new StorageUri(uri, scheme, body, options);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** The scheme in lower case, e.g. {@code file} or {@code zeo+tcp}. */
  public String scheme() {
    return scheme;
  }

  /** Everything between the scheme's colon and the query, e.g. {@code /var/zeo/main.fs}. */
  public String body() {
    return body;
  }

  /** The URI as given. */
  @Override
  public String toString() {
    return text;
  }

  /** All options as given (unmodifiable); prefer the typed getters. */
  public Map<String, String> options() {
    return Collections.unmodifiableMap(options);
  }

  /** A string option. */
  public Optional<String> string(String name) {
    consumed.add(name);
    return Optional.ofNullable(options.get(name));
  }

  /** A string option with a default. */
  public String string(String name, String defaultValue) {
    return string(name).orElse(defaultValue);
  }

  /** A boolean option: {@code true/false/yes/no/1/0}; a bare {@code ?name} means true. */
  public boolean bool(String name, boolean defaultValue) {
    return string(name).map(v -> switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1", "on" -> true;
      case "false", "no", "0", "off" -> false;
      default -> throw bad(name, v, "true or false");
    }).orElse(defaultValue);
  }

  /** An integer option. */
  public long number(String name, long defaultValue) {
    return string(name).map(v -> {
      try {
        return Long.parseLong(v.trim());
      } catch (NumberFormatException e) {
        throw bad(name, v, "an integer");
      }
    }).orElse(defaultValue);
  }

  /** A size in bytes, e.g. {@code 64MB}. */
  public long size(String name, long defaultValue) {
    return string(name).map(v -> parseSize(name, v)).orElse(defaultValue);
  }

  /** A duration, e.g. {@code 250ms} or {@code 30s}; a bare number is seconds. */
  public Duration duration(String name, Duration defaultValue) {
    return string(name).map(v -> parseDuration(name, v)).orElse(defaultValue);
  }

  /**
   * Raises an error naming every option that no getter asked for.
   *
   * @throws IllegalArgumentException if there are such options
   */
  public void rejectUnknownOptions() {
    Set<String> unknown = new LinkedHashSet<>(options.keySet());
    unknown.removeAll(consumed);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown option(s) " + unknown + " in \"" + text
          + "\"; known: " + consumed);
    }
  }

  /** Parses a size such as {@code 64MB}, {@code 1GiB} or {@code 4096}. */
  public static long parseSize(String name, String value) {
    String v = value.trim().toUpperCase(Locale.ROOT).replace("IB", "B");
    long unit = 1;
    String digits = v;
    for (String[] u : new String[][] {{"KB", "1024"}, {"MB", "1048576"}, {"GB", "1073741824"},
        {"TB", "1099511627776"}, {"K", "1024"}, {"M", "1048576"}, {"G", "1073741824"}, {"B", "1"}}) {
      if (v.endsWith(u[0])) {
        unit = Long.parseLong(u[1]);
        digits = v.substring(0, v.length() - u[0].length()).trim();
        break;
      }
    }
    try {
      long n = Long.parseLong(digits);
      if (n < 0) {
        throw bad(name, value, "a size such as 64MB");
      }
      return Math.multiplyExact(n, unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw bad(name, value, "a size such as 64MB");
    }
  }

  /** Parses a duration such as {@code 250ms}, {@code 30s}, {@code 5m} or {@code 1h}. */
  public static Duration parseDuration(String name, String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    try {
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
      } else if (v.endsWith("s")) {
        return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1).trim()) * 1000));
      } else if (v.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1).trim()));
      } else if (v.endsWith("h")) {
        return Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1).trim()));
      }
      return Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
    } catch (NumberFormatException e) {
      throw bad(name, value, "a duration such as 250ms, 30s or 5m");
    }
  }

  private static IllegalArgumentException bad(String name, String value, String expected) {
    return new IllegalArgumentException("option " + name + "=\"" + value + "\" is not " + expected);
  }
}
