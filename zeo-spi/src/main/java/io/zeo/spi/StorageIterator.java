package io.zeo.spi;

import java.util.Iterator;

/**
 * Transactions in tid order, as {@link Storage#iterator} yields them. Close it when done, to
 * release files or server-side resources; closing twice is harmless.
 */
public interface StorageIterator extends Iterator<TransactionRecord>, AutoCloseable {
  @Override
  void close();
}
