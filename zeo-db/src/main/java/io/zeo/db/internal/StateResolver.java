package io.zeo.db.internal;

import io.zeo.db.ConflictResolvable;
import io.zeo.db.ObjectState;
import io.zeo.db.PersistentRef;
import io.zeo.spi.ConflictResolver;
import io.zeo.spi.Oid;
import java.util.Map;
import java.util.Optional;

/**
 * The database's {@link ConflictResolver}: decodes the original, committed and new states with
 * the allow-listed codec (references stay {@link PersistentRef}s, nothing is loaded) and lets the
 * object's class merge them if it implements {@link ConflictResolvable}. Thread-safe: each thread
 * gets its own codec.
 */
public final class StateResolver implements ConflictResolver {
  private static final System.Logger LOG = System.getLogger(StateResolver.class.getName());
  private static final RecordCodec.References AS_REFS = new RecordCodec.References() {
    @Override
    public long referenceOid(Object target) {
      if (target instanceof PersistentRef r) {
        return r.oid();
      }
      throw new IllegalStateException("a merged state may only refer to objects through PersistentRef, found a "
          + target.getClass().getName());
    }

    @Override
    public Object resolveReference(long oid, String className) {
      return new PersistentRef(oid, className);
    }
  };

  private final ClassGuard guard;
  private final ThreadLocal<RecordCodec> codecs;

  public StateResolver(ClassGuard guard) {
    this.guard = guard;
    this.codecs = ThreadLocal.withInitial(() -> new RecordCodec(guard));
  }

  @Override
  public Optional<byte[]> resolve(long oid, byte[] original, byte[] committed, byte[] mine) {
    if (original == null || committed == null || mine == null) {
      return Optional.empty();
    }
    try {
      String name = guard.currentName(RecordCodec.className(mine));
      if (!name.equals(guard.currentName(RecordCodec.className(committed)))) {
        return Optional.empty();
      }
      Class<?> type = guard.resolvePersistent(name);
      if (!ConflictResolvable.class.isAssignableFrom(type)) {
        return Optional.empty();
      }
      RecordCodec codec = codecs.get();
      ConflictResolvable resolver = (ConflictResolvable) StateFields.of(type).newGhost();
      ObjectState merged = resolver.resolveConflict(state(codec, original), state(codec, committed),
          state(codec, mine));
      if (merged == null) {
        return Optional.empty();
      }
      Map<String, Object> fields = merged.fields();
      return Optional.of(codec.encode(merged.className(), fields.keySet().toArray(new String[0]),
          fields.values().toArray(), AS_REFS));
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, () -> "conflict on " + Oid.toString(oid) + " not resolved: " + e.getMessage());
      return Optional.empty();
    }
  }

  private static ObjectState state(RecordCodec codec, byte[] record) {
    RecordCodec.Decoded d = codec.decode(record, AS_REFS);
    return ObjectState.of(d.className(), d.fields());
  }
}
