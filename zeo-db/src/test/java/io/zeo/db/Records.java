package io.zeo.db;

import io.zeo.db.internal.ClassGuard;
import io.zeo.db.internal.RecordCodec;
import io.zeo.spi.Storage;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Writes records by class name, without ever touching the class, as old versions of an
 * application (or an attacker with write access) would have written them.
 */
final class Records {
  private static final RecordCodec.References REFS = new RecordCodec.References() {
    @Override
    public long referenceOid(Object target) {
      return ((PersistentRef) target).oid();
    }

    @Override
    public Object resolveReference(long oid, String className) {
      return new PersistentRef(oid, className);
    }
  };

  private Records() {}

  /** A record of {@code className} with {@code fields}, written by a codec that allows anything. */
  static byte[] record(String className, Map<String, Object> fields) {
    RecordCodec codec = new RecordCodec(new ClassGuard(Set.of("io", "com", "org", "java"), Set.of(),
        Map.of(), Records.class.getClassLoader()));
    return codec.encode(className, fields.keySet().toArray(new String[0]), fields.values().toArray(), REFS);
  }

  /** Fields in the order given. */
  static Map<String, Object> fields(Object... nameValue) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < nameValue.length; i += 2) {
      m.put((String) nameValue[i], nameValue[i + 1]);
    }
    return m;
  }

  /** Stores {@code data} as a new object in its own transaction; returns its oid. */
  static long storeNew(Storage storage, byte[] data) {
    long oid = storage.newOid();
    TransactionMetadata txn = TransactionMetadata.empty();
    storage.tpcBegin(txn);
    storage.store(oid, Tid.NONE, data, txn);
    storage.tpcVote(txn);
    storage.tpcFinish(txn);
    return oid;
  }
}
