package io.zeo.spi;

import java.util.List;

/**
 * A committed transaction as {@link Storage#iterator} yields it.
 *
 * @param tid its id
 * @param status ZODB's status byte: {@code ' '} normal, {@code 'p'} written by pack (its undo
 *     information is gone), or the status given to
 *     {@link Storage#tpcBegin(TransactionMetadata, long, char)} when restored (ZODB's FileStorage
 *     also accepts {@code 'u'}, "uncertain", which it no longer writes). A transaction holding an
 *     undo is normal, {@code ' '}, as in ZODB
 * @param metadata user, description, extension
 * @param records its data records in the order they were stored
 */
public record TransactionRecord(long tid, char status, TransactionMetadata metadata, List<DataRecord> records) {
  public TransactionRecord {
    records = List.copyOf(records);
  }
}
