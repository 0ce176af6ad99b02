package io.zeo.server.internal;

import static java.lang.System.Logger.Level.WARNING;

import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;

/**
 * POSIX signal handling for {@code zeo serve}, through {@code sun.misc.Signal} (module
 * jdk.unsupported: the only way a JVM can catch HUP or tell TERM from INT). Installing a
 * handler for TERM or INT replaces the JVM's default one, which would run shutdown hooks and
 * exit with 143 or 130; the server wants its own orderly shutdown and exit status instead.
 */
public final class Signals {
  private static final System.Logger LOG = System.getLogger(Signals.class.getName());

  private Signals() {}

  /**
   * Runs {@code action} with the signal's name (e.g. {@code "TERM"}) whenever one of
   * {@code names} arrives. A signal this JVM reserves for itself (USR2 on some VMs) or that
   * the platform lacks is skipped with a warning.
   *
   * @return the names actually handled
   */
  public static List<String> handle(java.util.function.Consumer<String> action, String... names) {
    List<String> handled = new ArrayList<>();
    for (String name : names) {
      try {
        Signal.handle(new Signal(name), sig -> action.accept(sig.getName()));
        handled.add(name);
      } catch (IllegalArgumentException e) {
        LOG.log(WARNING, "cannot handle SIG" + name + " in this JVM: " + e.getMessage());
      }
    }
    return handled;
  }
}
