package io.zeo.db.internal;

import io.zeo.db.Persistent;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The stored fields of a persistent class, and instantiation without constructors.
 *
 * <p>The state is every non-static, non-transient field declared by the class and its
 * superclasses below {@link Persistent}, named by field name; a field hidden by a subclass field
 * of the same name is named {@code SimpleName.field} after its declaring class. Thread-safe.
 */
public final class StateFields {
  private static final ClassValue<StateFields> CACHE = new ClassValue<>() {
    @Override
    protected StateFields computeValue(Class<?> type) {
      return new StateFields(type);
    }
  };

  private final Class<?> type;
  private final String[] names;
  private final Field[] fields;
  private final Map<String, Integer> index = new HashMap<>();
  private final Constructor<?> ghostConstructor;

  private StateFields(Class<?> type) {
    this.type = type;
    List<Field> found = new ArrayList<>();
    List<String> foundNames = new ArrayList<>();
    for (Class<?> c = type; c != null && c != Persistent.class && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        int m = f.getModifiers();
        if (Modifier.isStatic(m) || Modifier.isTransient(m) || f.isSynthetic()) {
          continue;
        }
        f.setAccessible(true);
        String name = foundNames.contains(f.getName()) ? c.getSimpleName() + "." + f.getName() : f.getName();
        found.add(f);
        foundNames.add(name);
      }
    }
    this.fields = found.toArray(new Field[0]);
    this.names = foundNames.toArray(new String[0]);
    for (int i = 0; i < names.length; i++) {
      index.put(names[i], i);
    }
    this.ghostConstructor = Persistent.class.isAssignableFrom(type) ? ghostConstructor(type) : null;
  }

  /** The stored fields of {@code type}. */
  public static StateFields of(Class<?> type) {
    return CACHE.get(type);
  }

  /** Field names in stored order (the array is shared: do not modify). */
  public String[] names() {
    return names;
  }

  /** The current values of the stored fields of {@code obj}, primitives boxed. */
  public Object[] read(Object obj) {
    Object[] values = new Object[fields.length];
    try {
      for (int i = 0; i < fields.length; i++) {
        values[i] = fields[i].get(obj);
      }
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot read the fields of " + type.getName(), e);
    }
    return values;
  }

  /**
   * Sets the stored fields of {@code obj} from a decoded state: fields the state lacks (added to
   * the class since) get their Java default, values for fields the class no longer has are
   * ignored.
   *
   * @throws IllegalStateException if a value does not fit its field's type now
   */
  public void write(Object obj, Map<String, Object> state) {
    for (int i = 0; i < fields.length; i++) {
      Field f = fields[i];
      Object v = state.get(names[i]);
      try {
        if (v == null) {
          setDefault(f, obj);
        } else {
          f.set(obj, v);
        }
      } catch (IllegalArgumentException | IllegalAccessException e) {
        throw new IllegalStateException("stored value of field " + names[i] + " of " + type.getName()
            + " is a " + v.getClass().getName() + ", which does not fit the field's type "
            + f.getType().getName() + " (changed incompatibly?)", e);
      }
    }
  }

  /** Resets every stored field of {@code obj} to its Java default (turning it into a ghost). */
  public void clear(Object obj) {
    try {
      for (Field f : fields) {
        setDefault(f, obj);
      }
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot clear the fields of " + type.getName(), e);
    }
  }

  /** A new instance with no state, made without running the class's constructors. */
  public Persistent newGhost() {
    if (ghostConstructor == null) {
      throw new IllegalStateException(type.getName() + " is not a persistent class");
    }
    try {
      return (Persistent) ghostConstructor.newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot instantiate " + type.getName(), e);
    }
  }

  private static void setDefault(Field f, Object obj) throws IllegalAccessException {
    Class<?> t = f.getType();
    if (!t.isPrimitive()) {
      f.set(obj, null);
    } else if (t == boolean.class) {
      f.setBoolean(obj, false);
    } else if (t == char.class) {
      f.setChar(obj, '\0');
    } else if (t == long.class) {
      f.setLong(obj, 0L);
    } else if (t == float.class) {
      f.setFloat(obj, 0f);
    } else if (t == double.class) {
      f.setDouble(obj, 0d);
    } else if (t == int.class) {
      f.setInt(obj, 0);
    } else if (t == short.class) {
      f.setShort(obj, (short) 0);
    } else {
      f.setByte(obj, (byte) 0);
    }
  }

  /**
   * Ghosts are made as ZODB makes them, without running the class's own constructors: only
   * Persistent's constructor runs (through the JDK's serialization constructor support).
   */
  private static Constructor<?> ghostConstructor(Class<?> type) {
    if (Modifier.isAbstract(type.getModifiers())) {
      throw new IllegalStateException("persistent class " + type.getName() + " is abstract");
    }
    try {
      Constructor<?> base = Persistent.class.getDeclaredConstructor();
      Constructor<?> c = sun.reflect.ReflectionFactory.getReflectionFactory()
          .newConstructorForSerialization(type, base);
      c.setAccessible(true);
      return c;
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("cannot make ghosts of " + type.getName(), e);
    }
  }
}
