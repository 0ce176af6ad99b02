package io.zeo.db.internal;

import io.zeo.db.ClassNotAllowedException;
import io.zeo.db.Persistent;
import java.util.Map;
import java.util.Set;

/**
 * Decides which classes stored records may name, maps renamed classes to their new names, and
 * loads classes only after both. The check is made on the name, before the class loader is
 * asked for it, and classes are loaded without initialization, so nothing of a disallowed class
 * ever runs (no static initializer, no constructor, no {@code readObject}).
 *
 * <p>A name is allowed if it (or, for an array, its element type) is a primitive, is listed
 * explicitly, or lies in an allowed package or one of its subpackages. Immutable and
 * thread-safe.
 */
public final class ClassGuard {
  /** JDK value and collection classes records commonly hold; always allowed. */
  public static final Set<String> JDK_CLASSES = Set.of(
      "java.lang.Object", "java.lang.String", "java.lang.Boolean", "java.lang.Byte",
      "java.lang.Character", "java.lang.Short", "java.lang.Integer", "java.lang.Long",
      "java.lang.Float", "java.lang.Double", "java.lang.Number", "java.lang.Enum",
      "java.lang.Record", "java.math.BigInteger", "java.math.BigDecimal",
      "java.util.ArrayList", "java.util.LinkedList", "java.util.HashMap",
      "java.util.LinkedHashMap", "java.util.TreeMap", "java.util.HashSet",
      "java.util.LinkedHashSet", "java.util.TreeSet", "java.util.ArrayDeque",
      "java.util.EnumMap", "java.util.EnumSet$SerializationProxy", "java.util.Date",
      "java.util.UUID", "java.util.BitSet", "java.util.Locale", "java.util.CollSer",
      "java.util.Arrays$ArrayList", "java.util.AbstractMap$SimpleEntry",
      "java.util.AbstractMap$SimpleImmutableEntry",
      "java.util.Collections$EmptyList", "java.util.Collections$EmptySet",
      "java.util.Collections$EmptyMap", "java.util.Collections$SingletonList",
      "java.util.Collections$SingletonSet", "java.util.Collections$SingletonMap",
      "java.util.Collections$UnmodifiableCollection", "java.util.Collections$UnmodifiableList",
      "java.util.Collections$UnmodifiableRandomAccessList",
      "java.util.Collections$UnmodifiableSet", "java.util.Collections$UnmodifiableSortedSet",
      "java.util.Collections$UnmodifiableMap", "java.util.Collections$UnmodifiableSortedMap",
      "java.util.Collections$ReverseComparator");
  /** Packages always allowed: immutable JDK value types. */
  public static final Set<String> JDK_PACKAGES = Set.of("java.time");
  /** This module's own persistent classes. */
  public static final Set<String> OWN_CLASSES = Set.of(
      "io.zeo.db.PersistentMap", "io.zeo.db.PersistentList", "io.zeo.db.PersistentTreeMap",
      "io.zeo.db.Counter", TreeBucket.class.getName(), TreeInner.class.getName());

  private final Set<String> packages;
  private final Set<String> classes;
  private final Map<String, String> aliases;
  private final ClassLoader loader;

  /**
   * @param packages allowed packages (subpackages included), in addition to {@link #JDK_PACKAGES}
   * @param classes allowed class names, in addition to {@link #JDK_CLASSES} and
   *     {@link #OWN_CLASSES}
   * @param aliases old class name to new class name, for records written before a rename
   * @param loader the loader that loads allowed classes
   */
  public ClassGuard(Set<String> packages, Set<String> classes, Map<String, String> aliases,
      ClassLoader loader) {
    this.packages = Set.copyOf(packages);
    this.classes = Set.copyOf(classes);
    this.aliases = Map.copyOf(aliases);
    this.loader = loader;
  }

  /** The name a stored class name stands for now (after a rename). */
  public String currentName(String storedName) {
    return aliases.getOrDefault(storedName, storedName);
  }

  /** True if records may name {@code name} (a current name, not an alias). */
  public boolean isAllowed(String name) {
    String element = elementName(name);
    if (element == null) {
      return true; // primitive or array of primitives
    }
    if (classes.contains(element) || JDK_CLASSES.contains(element) || OWN_CLASSES.contains(element)) {
      return true;
    }
    return inPackage(element, packages) || inPackage(element, JDK_PACKAGES);
  }

  /**
   * Resolves a class name read from a record: alias, allow-list, then load (uninitialized).
   *
   * @throws ClassNotAllowedException if the name is not allowed
   * @throws ClassNotFoundException if an allowed class is not on the class path
   */
  public Class<?> resolve(String storedName) throws ClassNotFoundException {
    String name = currentName(storedName);
    if (!isAllowed(name)) {
      throw new ClassNotAllowedException(name, name.equals(storedName)
          ? "not in the allow-list" : "alias of " + storedName + ", not in the allow-list");
    }
    return Class.forName(name, false, loader);
  }

  /** Like {@link #resolve}, for a name that must be a {@link Persistent} subclass. */
  public Class<? extends Persistent> resolvePersistent(String storedName) {
    Class<?> c;
    try {
      c = resolve(storedName);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("persistent class " + currentName(storedName)
          + " named by a stored record is not on the class path", e);
    }
    if (!Persistent.class.isAssignableFrom(c)) {
      throw new ClassNotAllowedException(c.getName(), "not a subclass of io.zeo.db.Persistent");
    }
    return c.asSubclass(Persistent.class);
  }

  /** Checks that a class about to be written may be read back. */
  public void checkWritable(Class<?> c) {
    checkWritable(c.getName());
  }

  /** Checks that a class name about to be written (possibly an alias) may be read back. */
  public void checkWritable(String name) {
    if (!isAllowed(currentName(name))) {
      throw new ClassNotAllowedException(name, "refused when storing, since it could not be loaded back");
    }
  }

  /** The element class name of an array name, the name itself otherwise; null for primitives. */
  private static String elementName(String name) {
    int dims = 0;
    while (dims < name.length() && name.charAt(dims) == '[') {
      dims++;
    }
    if (dims == 0) {
      return isPrimitive(name) ? null : name;
    }
    String rest = name.substring(dims);
    if (rest.startsWith("L") && rest.endsWith(";")) {
      return rest.substring(1, rest.length() - 1);
    }
    return null;
  }

  private static boolean isPrimitive(String name) {
    return switch (name) {
      case "boolean", "byte", "char", "short", "int", "long", "float", "double", "void" -> true;
      default -> false;
    };
  }

  private static boolean inPackage(String name, Set<String> pkgs) {
    int dot = name.lastIndexOf('.');
    String pkg = dot < 0 ? "" : name.substring(0, dot);
    while (true) {
      if (pkgs.contains(pkg)) {
        return true;
      }
      int up = pkg.lastIndexOf('.');
      if (up < 0) {
        return false;
      }
      pkg = pkg.substring(0, up);
    }
  }
}
