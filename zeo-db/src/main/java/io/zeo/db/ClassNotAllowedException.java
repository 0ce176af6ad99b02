package io.zeo.db;

/**
 * A stored record (or an object being stored) names a class that the database's allow-list does
 * not admit. Nothing of the class was loaded or run: the check happens on the name, before the
 * class loader is asked for it.
 */
public class ClassNotAllowedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String className;

  public ClassNotAllowedException(String className, String why) {
    super("class " + className + " is not allowed in stored objects (" + why + "); allow it with "
        + "DB.builder(storage).allowClass(\"" + className + "\") or allowPackage(\""
        + packageOf(className) + "\")");
    this.className = className;
  }

  /** The class name as found in the record (after alias mapping). */
  public String className() {
    return className;
  }

  private static String packageOf(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(0, dot);
  }
}
