package io.zeo.auth;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Slows password guessing per peer address: after a few free failures each further failed
 * login doubles the time the peer must wait before its next attempt (up to a maximum); a
 * success clears the record, and a peer quiet for a while is forgotten. Attempts made too early
 * are refused without running the mechanism, so they cost the server almost nothing.
 *
 * <p>Time comes from an injected nanosecond clock so tests can drive it. Thread-safe; shared by
 * every connection of a server. Memory is bounded: at most {@code maxPeers} peers are tracked,
 * the stalest dropped first.
 */
public final class LoginThrottle {
  private static final int MAX_PEERS = 50_000;

  private final int freeFailures;
  private final long baseNanos;
  private final long maxNanos;
  private final long forgetNanos;
  private final LongSupplier nanoClock;
  private final Map<String, Peer> peers = new HashMap<>();

  private static final class Peer {
    int failures;
    long lastFailure;
    long blockedUntil;
  }

  /** Three free failures, then 1 s doubling to at most 60 s; forgotten after 15 quiet minutes. */
  public LoginThrottle() {
    this(3, Duration.ofSeconds(1), Duration.ofSeconds(60), System::nanoTime);
  }

  /**
   * @param freeFailures failures allowed before any wait
   * @param baseDelay the wait after the first failure past the free ones
   * @param maxDelay the longest wait
   * @param nanoClock a monotonic clock in nanoseconds (e.g. {@code System::nanoTime})
   */
  public LoginThrottle(int freeFailures, Duration baseDelay, Duration maxDelay, LongSupplier nanoClock) {
    if (freeFailures < 0 || baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
      throw new IllegalArgumentException("need freeFailures >= 0 and 0 <= baseDelay <= maxDelay, got "
          + freeFailures + ", " + baseDelay + ", " + maxDelay);
    }
    this.freeFailures = freeFailures;
    this.baseNanos = baseDelay.toNanos();
    this.maxNanos = maxDelay.toNanos();
    this.forgetNanos = Math.max(Duration.ofMinutes(15).toNanos(), 4 * maxNanos);
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
  }

  /** How long {@code peer} must still wait before its next attempt; zero if it may try now. */
  public synchronized Duration waitBefore(String peer) {
    Peer p = peers.get(key(peer));
    long left = p == null ? 0 : p.blockedUntil - nanoClock.getAsLong();
    return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
  }

  /** Records a failed login and returns the wait it imposes on the peer's next attempt. */
  public synchronized Duration failed(String peer) {
    long now = nanoClock.getAsLong();
    String k = key(peer);
    Peer p = peers.get(k);
    if (p == null || now - p.lastFailure > forgetNanos) {
      if (p == null && peers.size() >= MAX_PEERS) {
        evict(now);
      }
      p = new Peer();
      peers.put(k, p);
    }
    p.failures++;
    p.lastFailure = now;
    int over = p.failures - freeFailures;
    long delay = over <= 0 ? 0 : baseNanos << Math.min(over - 1, 30);
    if (delay < 0 || delay > maxNanos) {
      delay = maxNanos;
    }
    p.blockedUntil = now + delay;
    return Duration.ofNanos(delay);
  }

  /** Records a successful login: the peer's failures are forgotten. */
  public synchronized void succeeded(String peer) {
    peers.remove(key(peer));
  }

  /** Peers currently tracked (for tests and stats). */
  public synchronized int trackedPeers() {
    return peers.size();
  }

  private void evict(long now) {
    peers.values().removeIf(p -> now - p.lastFailure > forgetNanos);
    if (peers.size() >= MAX_PEERS) {
      Iterator<Map.Entry<String, Peer>> it = peers.entrySet().iterator();
      Map.Entry<String, Peer> stalest = it.next();
      while (it.hasNext()) {
        Map.Entry<String, Peer> e = it.next();
        if (e.getValue().lastFailure - stalest.getValue().lastFailure < 0) {
          stalest = e;
        }
      }
      peers.remove(stalest.getKey());
    }
  }

  /**
   * The address part of a peer description: a trailing {@code :port} is dropped so that a
   * guesser cannot escape by reconnecting from new ports ({@code "tcp://10.0.0.5:41234"} and
   * {@code "10.0.0.5:50000"} both count as {@code 10.0.0.5}; {@code "[::1]:9"} as {@code ::1}).
   */
  static String key(String peer) {
    String p = peer;
    int scheme = p.indexOf("://");
    if (scheme >= 0) {
      p = p.substring(scheme + 3);
    }
    int colon = p.lastIndexOf(':');
    if (colon > 0 && colon < p.length() - 1 && p.substring(colon + 1).chars().allMatch(Character::isDigit)
        && (p.indexOf(':') == colon || p.charAt(colon - 1) == ']')) {
      p = p.substring(0, colon);
    }
    if (p.startsWith("[") && p.endsWith("]")) {
      p = p.substring(1, p.length() - 1);
    }
    return p;
  }
}
