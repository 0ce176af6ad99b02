package io.zeo.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Runs one task per simulated client on its own thread, all released at once, and times them. */
final class Parallel {
  /** What one client does; {@code client} counts from 0. */
  interface Task {
    void run(int client) throws Exception;
  }

  private Parallel() {}

  /**
   * Runs {@code clients} tasks together and returns the wall time in nanoseconds from their
   * common start until the last one finished. The first failure is rethrown.
   */
  static long run(int clients, Task task) {
    AtomicLong start = new AtomicLong();
    CyclicBarrier go = new CyclicBarrier(clients, () -> start.set(System.nanoTime()));
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      int client = i;
      Thread t = new Thread(() -> {
        try {
          go.await(60, TimeUnit.SECONDS);
          task.run(client);
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
          go.reset();
        }
      }, "bench-client-" + i);
      threads.add(t);
      t.start();
    }
    try {
      for (Thread t : threads) {
        t.join(TimeUnit.MINUTES.toMillis(30));
        if (t.isAlive()) {
          throw new IllegalStateException(t.getName() + " still running after 30 minutes");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the clients", e);
    }
    long end = System.nanoTime();
    Throwable f = failure.get();
    if (f != null) {
      throw new IllegalStateException("a client failed: " + f, f);
    }
    return end - start.get();
  }
}
