package io.zeo.samples;

import io.zeo.core.Zeo;
import io.zeo.core.ZeoServer;
import io.zeo.db.Connection;
import io.zeo.db.DB;
import io.zeo.spi.Storage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Two processes sharing a to-do list through a ZEO server.
 *
 * <pre>
 * TodoListApp demo               everything below in one go (starts the second process itself)
 * TodoListApp serve DIR          a server on DIR/todo.fs, listening on unix:DIR/todo.sock
 * TodoListApp add DIR WHO TEXT   adds an item through the server
 * TodoListApp done DIR NUMBER    ticks an item off
 * TodoListApp show DIR           prints the list
 * </pre>
 *
 * Every process opens {@code zeo+unix:DIR/todo.sock}, a {@link DB} on it that allows the two
 * sample classes, and changes the list inside {@link DB#transact}, which retries on conflicts.
 */
public final class TodoListApp {
  private TodoListApp() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: TodoListApp demo | serve DIR | add DIR WHO TEXT | done DIR NUMBER | show DIR");
      System.exit(2);
    }
    switch (args[0]) {
      case "demo" -> demo(System.out);
      case "serve" -> serve(Paths.get(args[1]));
      case "add" -> withList(Paths.get(args[1]), db -> {
        long n = db.transactAndGet(c -> list(c).add(args[3], args[2]));
        System.out.println("added #" + n + " " + args[3]);
      });
      case "done" -> withList(Paths.get(args[1]), db ->
          System.out.println(db.transactAndGet(c -> list(c).markDone(Long.parseLong(args[2])))
              ? "done #" + args[2] : "no item #" + args[2]));
      case "show" -> withList(Paths.get(args[1]), db -> {
        try (Connection c = db.open()) {
          print(list(c), System.out);
        }
      });
      default -> throw new IllegalArgumentException("unknown command \"" + args[0] + "\"");
    }
  }

  /**
   * Starts a server, shows the list in this process, lets a second process add and tick off
   * items, and shows how this process sees them at its next transaction boundary.
   */
  public static void demo(PrintStream out) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("zeo-todo");
    try (ZeoServer server = startServer(dir); DB db = openDb(dir)) {
      out.println("server listening on " + server.address());
      db.transact(c -> {
        TodoList list = list(c);
        list.add("buy milk", "process 1");
        list.add("water the plants", "process 1");
      });
      try (Connection c = db.open()) {
        out.println("process 1 sees:");
        print(list(c), out);

        out.println("process 2 adds an item and ticks off #1 ...");
        runSecondProcess(dir, out, "add", dir.toString(), "process 2", "write the report");
        runSecondProcess(dir, out, "done", dir.toString(), "1");

        out.println("process 1, same transaction (its snapshot has not moved):");
        print(list(c), out);
        awaitCatchUp(dir, db);
        c.begin();
        out.println("process 1, next transaction:");
        print(list(c), out);
      }
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void serve(Path dir) throws InterruptedException {
    try (ZeoServer server = startServer(dir)) {
      System.out.println("serving " + dir.resolve("todo.fs") + " at " + server.address() + "; Ctrl-C to stop");
      Thread.currentThread().join();
    }
  }

  private static ZeoServer startServer(Path dir) {
    Storage file = Zeo.open("file:" + dir.resolve("todo.fs"));
    return ZeoServer.builder().storage("todo", file).listen("unix:" + dir.resolve("todo.sock")).start();
  }

  private static DB openDb(Path dir) {
    Storage client = Zeo.open("zeo+unix:" + dir.resolve("todo.sock") + "?storage=todo");
    DB db = DB.builder(client).allowClass(TodoList.class, TodoListItem.class).open();
    db.transact(c -> c.root().putIfAbsent("todo", new TodoList()));
    return db;
  }

  private interface Work {
    void run(DB db) throws Exception;
  }

  private static void withList(Path dir, Work work) throws Exception {
    try (DB db = openDb(dir)) {
      work.run(db);
    }
  }

  private static TodoList list(Connection c) {
    return (TodoList) c.root().get("todo");
  }

  private static void print(TodoList list, PrintStream out) {
    for (Map.Entry<Long, TodoListItem> e : list.items().entrySet()) {
      TodoListItem item = e.getValue();
      out.printf("  #%d [%s] %s (%s)%n", e.getKey(), item.isDone() ? "x" : " ", item.text(), item.addedBy());
    }
  }

  /**
   * Waits (at most 10 s) until this process's client storage has heard of the other process's
   * commits: the server pushes invalidations asynchronously, so "finished over there" and
   * "known over here" are a moment apart.
   */
  private static void awaitCatchUp(Path dir, DB db) throws InterruptedException {
    try (Storage probe = Zeo.open("zeo+unix:" + dir.resolve("todo.sock") + "?storage=todo")) {
      long newest = probe.lastTransaction();
      java.util.concurrent.CountDownLatch heard = new java.util.concurrent.CountDownLatch(1);
      io.zeo.spi.StorageListener listener = (tid, oids) -> {
        if (Long.compareUnsigned(tid, newest) >= 0) {
          heard.countDown();
        }
      };
      // Listeners hear of a commit before lastTransaction() moves past it: register, then check.
      db.storage().addListener(listener);
      try {
        if (Long.compareUnsigned(db.storage().lastTransaction(), newest) < 0) {
          heard.await(10, TimeUnit.SECONDS);
        }
      } finally {
        db.storage().removeListener(listener);
      }
    }
  }

  private static void runSecondProcess(Path dir, PrintStream out, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(
        Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), TodoListApp.class.getName()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException("second process failed: " + output);
    }
    output.lines().filter(l -> l.startsWith("added") || l.startsWith("done") || l.startsWith("no item"))
        .forEach(l -> out.println("  [process 2] " + l));
  }
}
