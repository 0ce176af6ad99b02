package io.zeo.server.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/**
 * A JUL handler appending to one file that it can {@link #reopen()}: after logrotate moved the
 * file away, the next record goes to a new file at the same path (ZEO reopens on SIGHUP and
 * SIGUSR2). Every record is flushed, so a crash loses none that was published. Thread-safe.
 */
public final class ReopeningFileHandler extends Handler {
  private final Path path;
  private Writer writer;

  /** Opens (or creates) {@code path} for appending. @throws UncheckedIOException if it cannot */
  public ReopeningFileHandler(Path path) {
    this.path = path;
    try {
      this.writer = open(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open log file " + path + ": " + e.getMessage(), e);
    }
  }

  private static Writer open(Path path) throws IOException {
    Path dir = path.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    OutputStream os = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
        StandardOpenOption.WRITE);
    return new OutputStreamWriter(os, StandardCharsets.UTF_8);
  }

  public Path path() {
    return path;
  }

  @Override
  public synchronized void publish(LogRecord record) {
    if (writer == null || !isLoggable(record)) {
      return;
    }
    try {
      writer.write(getFormatter().format(record));
      writer.flush();
    } catch (IOException | RuntimeException e) {
      reportError("cannot write to log file " + path, e, ErrorManager.WRITE_FAILURE);
    }
  }

  /**
   * Closes the current file and opens the path again. If that fails the old file stays closed
   * and the error goes to the error manager (standard error): logging must not stop the server.
   */
  public synchronized void reopen() {
    Writer old = writer;
    writer = null;
    closeQuietly(old);
    try {
      writer = open(path);
    } catch (IOException e) {
      reportError("cannot reopen log file " + path, e, ErrorManager.OPEN_FAILURE);
    }
  }

  @Override
  public synchronized void flush() {
    if (writer != null) {
      try {
        writer.flush();
      } catch (IOException e) {
        reportError("cannot flush log file " + path, e, ErrorManager.FLUSH_FAILURE);
      }
    }
  }

  @Override
  public synchronized void close() {
    closeQuietly(writer);
    writer = null;
  }

  private static void closeQuietly(Writer w) {
    if (w != null) {
      try {
        w.close();
      } catch (IOException ignored) {
        // the file is being let go of anyway
      }
    }
  }
}
