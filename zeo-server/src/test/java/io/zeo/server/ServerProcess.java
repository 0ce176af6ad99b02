package io.zeo.server;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A {@code zeo serve} process: started, waited for until it listens, signalled, reaped. */
final class ServerProcess implements AutoCloseable {
  final Cli.Started started;
  final List<String> addresses = new ArrayList<>();

  private ServerProcess(Cli.Started started) {
    this.started = started;
  }

  /** Starts {@code zeo serve args...} and waits (at most 60 s) until it prints that it serves. */
  static ServerProcess serve(Path dir, String... args) {
    List<String> all = new ArrayList<>(List.of("serve"));
    all.addAll(List.of(args));
    ServerProcess p = new ServerProcess(Cli.start(dir, null, all.toArray(String[]::new)));
    await("zeo serve to start").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
        .until(() -> {
          if (!p.started.process().isAlive()) {
            throw new AssertionError("zeo serve exited with " + p.started.process().exitValue() + ":\n"
                + p.started.stdout() + p.started.stderr());
          }
          return p.started.stdout().contains("serving ");
        });
    for (String line : p.started.stdout().split("\n")) {
      if (line.startsWith("listening on ")) {
        p.addresses.add(line.substring("listening on ".length()).trim());
      }
    }
    return p;
  }

  /** The first listening address whose scheme is {@code scheme}. */
  String address(String scheme) {
    return addresses.stream().filter(a -> a.startsWith(scheme + ":")).findFirst()
        .orElseThrow(() -> new AssertionError("no " + scheme + " address in " + addresses));
  }

  long pid() {
    return started.process().pid();
  }

  /** Sends a signal by name (TERM, INT, HUP, USR2) with kill(1). */
  void signal(String name) {
    try {
      Process k = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).inheritIO().start();
      if (k.waitFor() != 0) {
        throw new AssertionError("kill -" + name + " " + pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Waits (at most 60 s) for the process to exit. */
  Cli.Result awaitExit() {
    return started.await(Duration.ofSeconds(60));
  }

  /** Kills the process if a test left it running. */
  @Override
  public void close() {
    if (started.process().isAlive()) {
      started.process().destroyForcibly();
    }
  }
}
