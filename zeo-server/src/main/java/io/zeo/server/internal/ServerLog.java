package io.zeo.server.internal;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Where the server's System.Logger output goes: the {@code --log} file (reopened on SIGHUP) or
 * standard error, one line per record, UTC time first. Replaces JUL's root handlers, so the
 * library's loggers ({@code io.zeo.core}: connections, commits; this module: start-up, pack,
 * shutdown) all land here.
 */
public final class ServerLog {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);

  private final ReopeningFileHandler file;

  private ServerLog(ReopeningFileHandler file) {
    this.file = file;
  }

  /** Sends all logging to {@code logFile}, or to standard error when it is null. */
  public static ServerLog install(Path logFile, Level level) {
    Logger root = Logger.getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
      h.close();
    }
    Handler h;
    ReopeningFileHandler file = null;
    if (logFile == null) {
      h = new ConsoleHandler();
    } else {
      file = new ReopeningFileHandler(logFile);
      h = file;
    }
    h.setFormatter(new LineFormatter());
    h.setLevel(level);
    root.setLevel(level);
    root.addHandler(h);
    return new ServerLog(file);
  }

  /** The log file, if logging goes to one. */
  public Optional<Path> file() {
    return Optional.ofNullable(file).map(ReopeningFileHandler::path);
  }

  /** Reopens the log file (after logrotate moved it); nothing when logging to standard error. */
  public void reopen() {
    if (file != null) {
      file.reopen();
    }
  }

  /** {@code 2026-11-25T17:00:00.123Z INFO io.zeo.core.internal.server.ServerConnection: message}. */
  static final class LineFormatter extends Formatter {
    @Override
    public String format(LogRecord r) {
      StringBuilder b = new StringBuilder(160);
      b.append(TIME.format(Instant.ofEpochMilli(r.getMillis()))).append(' ')
          .append(levelName(r.getLevel())).append(' ')
          .append(r.getLoggerName()).append(": ")
          .append(formatMessage(r)).append(System.lineSeparator());
      if (r.getThrown() != null) {
        StringWriter sw = new StringWriter();
        r.getThrown().printStackTrace(new PrintWriter(sw));
        b.append(sw);
      }
      return b.toString();
    }

    /** System.Logger's names rather than JUL's (SEVERE is ERROR, FINE is DEBUG). */
    private static String levelName(Level l) {
      int v = l.intValue();
      if (v >= Level.SEVERE.intValue()) {
        return "ERROR";
      } else if (v >= Level.WARNING.intValue()) {
        return "WARN";
      } else if (v >= Level.INFO.intValue()) {
        return "INFO";
      } else if (v >= Level.FINE.intValue()) {
        return "DEBUG";
      }
      return "TRACE";
    }
  }
}
