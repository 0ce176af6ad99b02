package io.zeo.spi;

import java.io.IOException;
import java.time.Duration;

/**
 * Moves bytes between a client and a server for one address scheme ({@code tcp}, {@code unix},
 * {@code inproc}). Framing, compression, encryption and RPC are layered above by zeo-core,
 * identically for every transport, so a transport only provides blocking duplex byte channels.
 *
 * <h2>Contract for plugin authors</h2>
 * A public class with a public no-argument constructor listed in
 * {@code META-INF/services/io.zeo.spi.TransportProvider}; discovery never throws (report
 * problems through {@link #isAvailable()}); higher {@link #priority()} wins a shared scheme,
 * ties go to the class name that sorts first; thread-safe. Addresses are passed whole,
 * scheme included ({@code tcp://127.0.0.1:8100}, {@code unix:/run/zeo/zeo.sock},
 * {@code inproc:name}). The {@code TransportTck} in zeo-testkit checks an implementation.
 */
public abstract class TransportProvider {
  /** The address scheme, in lower case, without the colon. */
  public abstract String scheme();

  /** False if this transport cannot work in this process. */
  public boolean isAvailable() {
    return true;
  }

  /** Why {@link #isAvailable()} is false. */
  public String unavailableReason() {
    return "";
  }

  /** Higher wins among providers of the same scheme; default 5. */
  public int priority() {
    return 5;
  }

  /**
   * Starts listening. For {@code tcp} port 0 picks a free port; {@link TransportServer#address()}
   * tells which.
   *
   * @throws IOException if the address is in use by a live listener or cannot be bound
   * @throws IllegalArgumentException if the address is malformed
   */
  public abstract TransportServer listen(String address) throws IOException;

  /**
   * Connects, waiting at most {@code timeout}.
   *
   * @throws IOException if nothing listens there or the timeout passes
   * @throws IllegalArgumentException if the address is malformed
   */
  public abstract TransportChannel connect(String address, Duration timeout) throws IOException;
}
