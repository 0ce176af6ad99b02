package io.zeo.server.internal;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;

import io.zeo.auth.AuthSettings;
import io.zeo.auth.UserStore;
import io.zeo.core.Zeo;
import io.zeo.core.ZeoServer;
import io.zeo.server.ExitCodes;
import io.zeo.spi.Storage;
import io.zeo.spi.StorageError;
import io.zeo.spi.UnknownSchemeError;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code zeo serve}: opens the storages, listens, prints where, and serves until a signal:
 * TERM stops cleanly with status 0, INT the same with status 1 (so a supervisor restarts it),
 * HUP and USR2 reopen the log file.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Serves storages to ZEO clients.",
        "Runs until SIGTERM (exit 0) or SIGINT (exit 1).",
        "Prints one line \"listening on ADDR\" per address once clients can connect.",
        "SIGHUP or SIGUSR2 reopens the --log file (for logrotate).",
        "Every option can also be set in a --config properties file (see conf/zeo.properties);",
        "the command line wins."},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:stopped by SIGTERM", "1:stopped by SIGINT, or failed while serving",
        "2:bad option or config file", "3:could not start: a storage is locked or cannot be opened, an address is in use"})
public final class ServeCommand implements Callable<Integer> {
  private static final System.Logger LOG = System.getLogger(ServeCommand.class.getName());

  @Spec
  CommandSpec spec;

  @Option(names = "--storage", paramLabel = "NAME=URI",
      description = "A storage to serve, e.g. main=file:/var/zeo/main.fs (repeatable).")
  List<String> storages = new ArrayList<>();

  @Option(names = "--listen", paramLabel = "ADDR",
      description = "An address to listen on: tcp://HOST:PORT (port 0 picks one) or unix:/PATH (repeatable).")
  List<String> listen = new ArrayList<>();

  @Option(names = "--config", paramLabel = "FILE", description = "A properties file with the same settings.")
  Path config;

  @Option(names = "--read-only", description = "Refuse every write and pack.")
  Boolean readOnly;

  @Option(names = "--transaction-timeout", paramLabel = "DURATION",
      description = "Abort a voted transaction that holds the commit lock longer (e.g. 30s); default 0 = no limit.")
  String transactionTimeout;

  @Option(names = "--invalidation-queue-size", paramLabel = "N",
      description = "Recent transactions remembered for cache verification; default 1000.")
  Integer invalidationQueueSize;

  @Option(names = "--users", paramLabel = "FILE",
      description = "The users file (see zeo users); clients must log in unless --require-auth=false.")
  Path users;

  @Option(names = "--auth", paramLabel = "MECH", split = ",",
      description = "Authentication mechanisms offered with --users, by preference; default srp.")
  List<String> auth = new ArrayList<>();

  @Option(names = "--require-auth", arity = "0..1", paramLabel = "BOOL",
      description = "Refuse clients that do not log in; default true with --users.")
  Boolean requireAuth;

  @Option(names = "--compression", paramLabel = "NAME", split = ",",
      description = "Compression mechanisms offered, by preference; default none.")
  List<String> compression = new ArrayList<>();

  @Option(names = "--require-compression", arity = "0..1", paramLabel = "BOOL",
      description = "Refuse clients that share no compression mechanism; default false.")
  Boolean requireCompression;

  @Option(names = "--log", paramLabel = "FILE", description = "Log to this file (reopened on SIGHUP); default stderr.")
  Path log;

  @Option(names = "--log-level", paramLabel = "LEVEL", description = "ERROR, WARN, INFO (default), DEBUG or TRACE.")
  String logLevel;

  @Option(names = "--pid-file", paramLabel = "FILE", description = "Write the process id here; removed at exit.")
  Path pidFile;

  @Override
  public Integer call() {
    Map<String, String> named = new LinkedHashMap<>();
    for (String s : storages) {
      Map.Entry<String, String> e = ServeSettings.storageOption(s);
      if (named.putIfAbsent(e.getKey(), e.getValue()) != null) {
        throw Failure.usage("--storage " + e.getKey() + " is given twice");
      }
    }
    ServeSettings settings = ServeSettings.resolve(config, new ServeSettings.Overrides(named, listen, readOnly,
        transactionTimeout, invalidationQueueSize, users, auth, requireAuth, compression, requireCompression, log,
        logLevel, pidFile));
    ServerLog serverLog;
    try {
      serverLog = ServerLog.install(settings.log(), settings.logLevel());
    } catch (UncheckedIOException e) {
      throw new Failure(ExitCodes.CANNOT_START, e.getMessage());
    }
    return serve(settings, serverLog, spec.commandLine().getOut());
  }

  private static int serve(ServeSettings s, ServerLog serverLog, PrintWriter out) {
    LOG.log(INFO, "starting: pid " + ProcessHandle.current().pid() + ", java " + Runtime.version()
        + ", storages " + s.storages() + ", listen " + s.listen() + ", read-only " + s.readOnly()
        + ", transaction-timeout " + s.transactionTimeout() + ", invalidation-queue-size " + s.invalidationQueueSize()
        + ", users " + s.users() + (s.users() == null ? "" : ", auth " + s.auth() + " required " + s.requireAuth())
        + ", compression " + s.compression() + " required " + s.requireCompression()
        + ", log " + serverLog.file().map(Path::toString).orElse("stderr"));
    Map<String, OperatedStorage> opened = openStorages(s);
    AtomicReference<ZeoServer> running = new AtomicReference<>();
    StatusReport report = new StatusReport(Instant.now(), s.readOnly(), opened, running::get);
    ZeoServer server;
    try {
      server = start(s, opened, new StatusStorage(report::text));
      running.set(server);
    } catch (RuntimeException e) {
      opened.values().forEach(ServeCommand::closeQuietly);
      throw e;
    }
    CompletableFuture<String> stop = new CompletableFuture<>();
    List<String> handled = Signals.handle(sig -> {
      if (sig.equals("HUP") || sig.equals("USR2")) {
        LOG.log(INFO, "SIG" + sig + ": reopening the log file");
        serverLog.reopen();
        LOG.log(INFO, "log file reopened on SIG" + sig);
      } else {
        stop.complete(sig);
      }
    }, "TERM", "INT", "HUP", "USR2");
    writePidFile(s.pidFile(), server);
    for (String a : server.addresses()) {
      out.println("listening on " + a);
    }
    out.println("serving " + String.join(", ", opened.keySet()) + " (pid " + ProcessHandle.current().pid() + ")");
    out.flush();
    LOG.log(INFO, "serving " + opened.keySet() + " (and " + StatusStorage.NAME + ") on " + server.addresses()
        + "; handling SIG" + handled);
    String sig;
    try {
      sig = stop.get();
    } catch (InterruptedException | ExecutionException e) {
      Thread.currentThread().interrupt();
      sig = "(interrupted)";
    }
    int status = sig.equals("TERM") ? ExitCodes.OK : ExitCodes.FAILED;
    LOG.log(INFO, "SIG" + sig + ": shutting down (exit status " + status + "); " + server.connectionCount()
        + " connection(s) open");
    server.close();
    for (Map.Entry<String, OperatedStorage> e : opened.entrySet()) {
      LOG.log(INFO, "storage " + e.getKey() + " closed: " + e.getValue().commits() + " commit(s), "
          + e.getValue().conflicts() + " conflict(s) since start");
    }
    deletePidFile(s.pidFile());
    LOG.log(INFO, "stopped");
    return status;
  }

  private static Map<String, OperatedStorage> openStorages(ServeSettings s) {
    Map<String, OperatedStorage> opened = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : s.storages().entrySet()) {
      try {
        Storage st = Zeo.open(e.getValue());
        opened.put(e.getKey(), new OperatedStorage(e.getKey(), st, s.readOnly()));
      } catch (RuntimeException ex) {
        opened.values().forEach(ServeCommand::closeQuietly);
        int code = ex instanceof IllegalArgumentException || ex instanceof UnknownSchemeError
            ? ExitCodes.USAGE : ExitCodes.CANNOT_START;
        String msg = "cannot open storage " + e.getKey() + " (" + e.getValue() + "): " + ZeoCommand.describe(ex);
        LOG.log(ERROR, msg);
        throw new Failure(code, msg, ex);
      }
    }
    return opened;
  }

  private static ZeoServer start(ServeSettings s, Map<String, OperatedStorage> storages, StatusStorage status) {
    ZeoServer.Builder b = ZeoServer.builder()
        .transactionTimeout(s.transactionTimeout())
        .invalidationQueueSize(s.invalidationQueueSize());
    storages.forEach(b::storage);
    b.storage(StatusStorage.NAME, status);
    s.listen().forEach(b::listen);
    try {
      if (!s.compression().isEmpty()) {
        b.compression(s.compression().toArray(String[]::new)).requireCompression(s.requireCompression());
      }
      if (s.users() != null) {
        if (!Files.isRegularFile(s.users())) {
          throw Failure.usage("users file " + s.users() + " does not exist; create it with: zeo users "
              + s.users() + " add NAME");
        }
        UserStore store = UserStore.open(s.users());
        b.auth(Map.of(AuthSettings.USER_STORE, store), s.auth().toArray(String[]::new)).requireAuth(s.requireAuth());
      }
    } catch (UnknownSchemeError | IllegalArgumentException e) {
      throw Failure.usage(e.getMessage());
    }
    try {
      return b.start();
    } catch (StorageError e) {
      LOG.log(ERROR, "cannot start: " + e.getMessage());
      throw new Failure(ExitCodes.CANNOT_START, e.getMessage(), e);
    }
  }

  private static void writePidFile(Path pidFile, ZeoServer server) {
    if (pidFile == null) {
      return;
    }
    try {
      Path dir = pidFile.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      Path tmp = pidFile.resolveSibling(pidFile.getFileName() + ".tmp");
      Files.writeString(tmp, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
      Files.move(tmp, pidFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      server.close();
      throw new Failure(ExitCodes.CANNOT_START, "cannot write pid file " + pidFile + ": " + e);
    }
  }

  private static void deletePidFile(Path pidFile) {
    if (pidFile == null) {
      return;
    }
    try {
      Files.deleteIfExists(pidFile);
    } catch (IOException e) {
      LOG.log(ERROR, "cannot remove pid file " + pidFile + ": " + e);
    }
  }

  private static void closeQuietly(Storage s) {
    try {
      s.close();
    } catch (RuntimeException e) {
      LOG.log(ERROR, "closing storage " + s.getName() + " failed", e);
    }
  }
}
