package io.zeo.server;

import io.zeo.server.internal.ZeoCommand;
import java.io.PrintWriter;

/**
 * The {@code zeo} command line: {@code zeo serve|pack|up|status|copy|verify|recover|users|cache-stats}.
 * {@code zeo --help} and {@code zeo COMMAND --help} describe every option; {@link ExitCodes}
 * lists the exit statuses.
 *
 * <pre>
 * java -jar zeo-server-VERSION-all.jar serve --storage main=file:/var/zeo/main.fs --listen tcp://127.0.0.1:8100
 * bin/zeo pack tcp://127.0.0.1:8100 --storage main --days 7 --wait
 * </pre>
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs one command with the process's standard streams; returns its exit status. */
  public static int run(String... args) {
    return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** Runs one command printing to {@code out} and {@code err}; returns its exit status. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return ZeoCommand.commandLine(out, err).execute(args);
  }
}
