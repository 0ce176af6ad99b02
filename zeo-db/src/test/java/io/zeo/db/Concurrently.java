package io.zeo.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntConsumer;

/** Runs a body on several threads at once and fails the test if any thread failed or hung. */
final class Concurrently {
  private Concurrently() {}

  /** Runs {@code body.accept(threadIndex)} on {@code threads} threads; waits at most 2 minutes. */
  static void run(int threads, IntConsumer body) throws InterruptedException {
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int index = t;
      Thread w = new Thread(() -> {
        try {
          body.accept(index);
        } catch (Throwable e) {
          failures.add(e);
        }
      }, "worker-" + t);
      workers.add(w);
      w.start();
    }
    long deadline = System.nanoTime() + 120_000_000_000L;
    for (Thread w : workers) {
      w.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      assertThat(w.isAlive()).as("%s still running", w.getName()).isFalse();
    }
    assertThat(failures).isEmpty();
  }
}
