package io.zeo.bench;

import io.zeo.spi.Storage;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The storage-level workloads, after zodbshootout: every client commits {@code txns}
 * transactions of {@code objects} records of {@code size} bytes (add), rewrites them (update),
 * loads them through a fresh client with an empty cache (cold) and loads them again through
 * that same client, now with its cache populated (warm: {@code ClientStorage} cannot reopen a
 * populated cache on a new connection, so the connection is not fresh). Connections are opened
 * before the clock starts.
 */
final class Workloads {
  /**
   * Figures of one round of add/update/cold/warm with a given number of clients: objects per
   * second, and CPU microseconds per object of the whole process (clients and server together),
   * a figure the machine's other load disturbs less than the rate.
   */
  record Round(double addRate, double updateRate, double coldRate, double warmRate, double addCpu,
      double updateCpu, double coldCpu, double warmCpu) {}

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

  /** CPU time this process has used, in nanoseconds. */
  static long cpuNanos() {
    return OS.getProcessCpuTime();
  }

  static double cpuMicrosPerObject(long cpuNanos, long objects) {
    return cpuNanos / 1e3 / objects;
  }

  private final Target target;
  private final int objects;
  private final int size;
  private final int txns;
  private final int passes;
  private java.util.function.Consumer<String> phases = p -> {};

  /** Tells {@code listener} the name of each phase as it starts (the driver logs it with a timestamp). */
  Workloads onPhase(java.util.function.Consumer<String> listener) {
    this.phases = listener;
    return this;
  }

  /** {@code passes}: how many times the warm workload reads every object (a pass is short). */
  Workloads(Target target, int objects, int size, int txns, int passes) {
    this.target = target;
    this.objects = objects;
    this.size = size;
    this.txns = txns;
    this.passes = passes;
  }

  static byte[] payload(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Runs add, update, cold and warm with {@code clients} concurrent clients. */
  Round round(int clients) {
    List<Storage> writers = open(clients);
    long[][] oids = new long[clients][objects * txns];
    long[][] serials = new long[clients][txns];
    double add;
    double update;
    double addCpu;
    double updateCpu;
    try {
      long perClient = (long) objects * txns;
      phases.accept("add " + clients);
      long cpu0 = cpuNanos();
      long addNanos = Parallel.run(clients, c -> {
        Storage s = writers.get(c);
        byte[] data = payload(size, c);
        for (int t = 0; t < txns; t++) {
          TransactionMetadata m = TransactionMetadata.of("bench", "add");
          s.tpcBegin(m);
          for (int i = 0; i < objects; i++) {
            long oid = s.newOid();
            oids[c][t * objects + i] = oid;
            s.store(oid, Tid.NONE, data, m);
          }
          s.tpcVote(m);
          serials[c][t] = s.tpcFinish(m);
        }
      });
      add = rate(clients * perClient, addNanos);
      long cpu1 = cpuNanos();
      addCpu = cpuMicrosPerObject(cpu1 - cpu0, clients * perClient);
      phases.accept("update " + clients);
      long updateNanos = Parallel.run(clients, c -> {
        Storage s = writers.get(c);
        byte[] data = payload(size, 1000 + c);
        for (int t = 0; t < txns; t++) {
          TransactionMetadata m = TransactionMetadata.of("bench", "update");
          s.tpcBegin(m);
          for (int i = 0; i < objects; i++) {
            s.store(oids[c][t * objects + i], serials[c][t], data, m);
          }
          s.tpcVote(m);
          serials[c][t] = s.tpcFinish(m);
        }
      });
      update = rate(clients * perClient, updateNanos);
      updateCpu = cpuMicrosPerObject(cpuNanos() - cpu1, clients * perClient);
    } finally {
      writers.forEach(target::release);
    }
    List<Storage> readers = open(clients);
    try {
      phases.accept("cold " + clients);
      long cpu2 = cpuNanos();
      long coldNanos = Parallel.run(clients, c -> {
        Storage s = readers.get(c);
        for (long oid : oids[c]) {
          s.load(oid);
        }
      });
      long cpu3 = cpuNanos();
      phases.accept("warm " + clients);
      long warmNanos = Parallel.run(clients, c -> {
        Storage s = readers.get(c);
        for (int p = 0; p < passes; p++) {
          for (long oid : oids[c]) {
            s.load(oid);
          }
        }
      });
      long cpu4 = cpuNanos();
      phases.accept("end " + clients);
      long total = (long) clients * objects * txns;
      return new Round(add, update, rate(total, coldNanos), rate(total * passes, warmNanos), addCpu, updateCpu,
          cpuMicrosPerObject(cpu3 - cpu2, total), cpuMicrosPerObject(cpu4 - cpu3, total * passes));
    } finally {
      readers.forEach(target::release);
    }
  }

  private List<Storage> open(int clients) {
    List<Storage> out = new ArrayList<>();
    try {
      for (int i = 0; i < clients; i++) {
        out.add(target.client());
      }
    } catch (RuntimeException e) {
      out.forEach(target::release);
      throw e;
    }
    return out;
  }

  static double rate(long count, long nanos) {
    return count / (nanos / 1e9);
  }
}
