package io.zeo.server.internal;

import static java.lang.System.Logger.Level.WARNING;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        Signal sig = new Signal(name);
        if (ignoredAtStart(sig.getNumber())) {
          // the JVM keeps an inherited SIG_IGN for TERM, INT and HUP and installs nothing
          LOG.log(WARNING, "SIG" + name + " was ignored when this process started (started with & from a "
              + "script, or with nohup?); it will not reach this server");
          continue;
        }
        Signal.handle(sig, s -> action.accept(s.getName()));
        handled.add(name);
      } catch (IllegalArgumentException e) {
        LOG.log(WARNING, "cannot handle SIG" + name + " in this JVM: " + e.getMessage());
      }
    }
    return handled;
  }

  /**
   * Whether signal {@code number} was ignored (SIG_IGN) when the process started, from Linux's
   * {@code /proc/self/status}; false where that cannot be read.
   */
  static boolean ignoredAtStart(int number) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("SigIgn:")) {
          long mask = Long.parseUnsignedLong(line.substring(7).trim(), 16);
          return (mask & (1L << (number - 1))) != 0;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or no procfs: assume not ignored
    }
    return false;
  }
}
