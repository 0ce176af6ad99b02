package io.zeo.db;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The stored state of a persistent object as conflict resolution sees it: its class name and its
 * field values by field name. References to persistent objects appear as {@link PersistentRef}.
 * Immutable; {@link #with} returns a changed copy.
 */
public final class ObjectState {
  private final String className;
  private final Map<String, Object> fields;

  private ObjectState(String className, Map<String, Object> fields) {
    this.className = Objects.requireNonNull(className, "className");
    this.fields = Collections.unmodifiableMap(fields);
  }

  /** A state of {@code className} with the given fields (copied, order kept). */
  public static ObjectState of(String className, Map<String, ?> fields) {
    return new ObjectState(className, new LinkedHashMap<>(fields));
  }

  /** The class of the object, as written in the record. */
  public String className() {
    return className;
  }

  /** The fields by name, in declaration order; unmodifiable. */
  public Map<String, Object> fields() {
    return fields;
  }

  /** The value of a field, or {@code null} if the state has no such field. */
  public Object get(String field) {
    return fields.get(field);
  }

  /** The value of a numeric field as a long; 0 if absent. */
  public long getLong(String field) {
    Object v = fields.get(field);
    if (v == null) {
      return 0;
    }
    if (v instanceof Number n) {
      return n.longValue();
    }
    throw new IllegalArgumentException("field " + field + " of " + className + " holds a "
        + v.getClass().getName() + ", expected a number");
  }

  /** A copy with {@code field} set to {@code value}. */
  public ObjectState with(String field, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(fields);
    copy.put(field, value);
    return new ObjectState(className, copy);
  }

  @Override
  public String toString() {
    return "ObjectState[" + className + " " + fields.keySet() + "]";
  }
}
