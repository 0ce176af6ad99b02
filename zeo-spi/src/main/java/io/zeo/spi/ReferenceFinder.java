package io.zeo.spi;

import java.util.function.LongConsumer;

/**
 * Finds the oids an object record refers to, so pack can tell reachable objects from garbage
 * without application classes. {@link RecordEnvelope#REFERENCES} reads the envelope the
 * object layer writes. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface ReferenceFinder {
  /** Reports every oid {@code data} refers to (duplicates allowed). */
  void findReferences(byte[] data, LongConsumer oids);

  /** Finds nothing: every object is treated as unreferenced (pack keeps only the root). */
  ReferenceFinder NONE = (data, oids) -> {};
}
