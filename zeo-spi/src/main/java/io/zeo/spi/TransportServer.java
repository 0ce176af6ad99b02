package io.zeo.spi;

import java.io.Closeable;
import java.io.IOException;

/**
 * A listening endpoint. {@link #accept()} is called by one thread in a loop; {@link #close()}
 * from any thread makes a blocked {@code accept} throw and releases the address (a Unix socket
 * file is removed).
 */
public interface TransportServer extends Closeable {
  /**
   * Waits for the next connection.
   *
   * @throws java.nio.channels.ClosedChannelException (or a subclass) once closed
   */
  TransportChannel accept() throws IOException;

  /** The address actually bound, scheme included, e.g. {@code tcp://127.0.0.1:43127}. */
  String address();
}
