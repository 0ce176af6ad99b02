package io.zeo.server.internal;

import io.zeo.server.ExitCodes;
import java.io.PrintWriter;
import java.util.logging.Level;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code zeo} command: only subcommands. */
@Command(name = "zeo", mixinStandardHelpOptions = true, versionProvider = ZeoCommand.Version.class,
    description = "ZEO for Java: the storage server and its operations.",
    subcommands = {ServeCommand.class, PackCommand.class, UpCommand.class, StatusCommand.class,
        CopyCommand.class, VerifyCommand.class, RecoverCommand.class, UsersCommand.class,
        CacheStatsCommand.class, CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
        "0:done; serve: stopped by SIGTERM",
        "1:the operation failed (pack failed, server down, problems found); serve: stopped by SIGINT",
        "2:bad command line or configuration file",
        "3:serve could not start (storage locked or unreadable, address in use)"})
public final class ZeoCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  /** The configured command line: errors become one line on {@code err} and an exit status. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new ZeoCommand());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionStrategy(parsed -> {
      // the client commands print their own results: the library's INFO lines would only be noise
      if (!parsed.hasSubcommand() || !parsed.subcommand().commandSpec().name().equals("serve")) {
        ServerLog.install(null, Level.WARNING);
      }
      return new CommandLine.RunLast().execute(parsed);
    });
    cl.setExecutionExceptionHandler((e, line, parsed) -> {
      String name = line.getCommandSpec().qualifiedName();
      if (e instanceof Failure f) {
        line.getErr().println(name + ": " + f.getMessage());
        return f.exitCode();
      }
      if (e instanceof IllegalArgumentException) {
        line.getErr().println(name + ": " + e.getMessage());
        return ExitCodes.USAGE;
      }
      line.getErr().println(name + ": " + describe(e));
      return ExitCodes.FAILED;
    });
    return cl;
  }

  /** The exception's message, with its type when the message alone would say too little. */
  static String describe(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.toString() : (e instanceof RuntimeException
        && !(e.getClass().getPackageName().startsWith("io.zeo")) ? e.getClass().getSimpleName() + ": " + m : m);
  }

  /** The version from the jar's manifest, when run from a jar. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = ZeoCommand.class.getPackage().getImplementationVersion();
      return new String[] {"zeo " + (v == null ? "(development build)" : v)};
    }
  }
}
