package io.zeo.server;

import io.zeo.spi.RecordEnvelope;
import io.zeo.spi.Storage;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import io.zeo.spi.TransactionRecord;
import io.zeo.spi.StorageIterator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test data: commits made in this JVM, transaction listings, free ports, config files. */
final class Fixtures {
  private Fixtures() {}

  /** Commits {@code count} transactions, each storing one new object. */
  static void commit(Storage s, int count) {
    for (int i = 0; i < count; i++) {
      TransactionMetadata txn = new TransactionMetadata("test", "transaction " + i, Map.of());
      s.tpcBegin(txn);
      long oid = s.newOid();
      byte[] payload = ("object " + oid + " written in transaction " + i + " " + "x".repeat(100))
          .getBytes(StandardCharsets.UTF_8);
      s.store(oid, Tid.NONE, RecordEnvelope.wrap(new long[0], payload), txn);
      s.tpcVote(txn);
      s.tpcFinish(txn);
    }
  }

  /** Every transaction as "tid description oids", for comparing two storages. */
  static List<String> listing(Storage s) {
    List<String> out = new ArrayList<>();
    try (StorageIterator it = s.iterator(Tid.NONE, -1L)) {
      while (it.hasNext()) {
        TransactionRecord t = it.next();
        StringBuilder b = new StringBuilder(Tid.toHex(t.tid())).append(' ').append(t.metadata().description());
        t.records().forEach(r -> b.append(' ').append(r.oid()).append(':').append(r.data() == null ? -1 : r.data().length));
        out.add(b.toString());
      }
    }
    return out;
  }

  /** A TCP port nobody listens on (bound and released). */
  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The port of {@code tcp://host:port}. */
  static int port(String tcpAddress) {
    return Integer.parseInt(tcpAddress.substring(tcpAddress.lastIndexOf(':') + 1));
  }
}
