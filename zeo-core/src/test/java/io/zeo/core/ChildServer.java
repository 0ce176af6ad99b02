package io.zeo.core;

import io.zeo.storage.file.FileStorage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A ZeoServer serving a FileStorage as storage "main" in a separate JVM, for fault tests that
 * SIGKILL it. Its main prints {@code ADDRESS <address>} once listening and lives until killed
 * or its standard input closes (so it never outlives the test JVM).
 */
final class ChildServer implements AutoCloseable {
  private final Process process;
  private final String address;

  private ChildServer(Process process, String address) {
    this.process = process;
    this.address = address;
  }

  /** Starts a server on {@code file} listening on {@code listen} ({@code tcp://127.0.0.1:0} for any port). */
  static ChildServer start(Path file, String listen, boolean readOnly) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "-Xmx96m", "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC", ChildServer.class.getName(), file.toString(), listen, Boolean.toString(readOnly)));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    CompletableFuture<String> addr = new CompletableFuture<>();
    Thread drain = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          if (line.startsWith("ADDRESS ")) {
            addr.complete(line.substring(8).trim());
          } else if (line.startsWith("FAILED ")) {
            addr.completeExceptionally(new IllegalStateException(line));
          }
        }
      } catch (IOException e) {
        // the process died: whoever waits for the address times out or sees it below
      }
      addr.completeExceptionally(new IllegalStateException("child server exited before listening"));
    }, "child-server-output");
    drain.setDaemon(true);
    drain.start();
    try {
      return new ChildServer(p, addr.get(60, TimeUnit.SECONDS));
    } catch (Exception e) {
      p.destroyForcibly();
      throw e;
    }
  }

  String address() {
    return address;
  }

  /** SIGKILL, and wait until the process is gone (its file lock released, its port free). */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("child server " + process.pid() + " did not die");
    }
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }

  public static void main(String[] args) throws Exception {
    try {
      FileStorage fs = FileStorage.builder(Path.of(args[0])).readOnly(Boolean.parseBoolean(args[2])).open();
      ZeoServer server = ZeoServer.builder().storage("main", fs).listen(args[1]).start();
      System.out.println("ADDRESS " + server.address());
      System.out.flush();
    } catch (Exception e) {
      System.out.println("FAILED " + e);
      System.out.flush();
      System.exit(1);
    }
    while (System.in.read() >= 0) {
      // lives until the parent goes
    }
    System.exit(0);
  }
}
