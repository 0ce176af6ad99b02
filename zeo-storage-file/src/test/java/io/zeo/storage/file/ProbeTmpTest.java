package io.zeo.storage.file;


import io.zeo.spi.*;
import io.zeo.testkit.TckOps;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeTmpTest {
  @TempDir Path dir;

  void probe(Storage s, String name) {
    long oid = s.newOid();
    long t1 = TckOps.create(s, oid, TckOps.bytes("12345"));
    long t2 = TckOps.update(s, oid, TckOps.bytes("1234567890"));
    long tu = TckOps.undo(s, t2);
    System.err.println(name + " history after undo: " + s.history(oid, 10));
    System.err.println(name + " loadSerial undo rev: " + new String(s.loadSerial(oid, tu)));
    long o2 = s.newOid();
    long c = TckOps.create(s, o2, TckOps.bytes("abc"));
    long cu = TckOps.undo(s, c);
    try {
      System.err.println(name + " history undone creation: " + s.history(o2, 10));
    } catch (RuntimeException e) {
      System.err.println(name + " history undone creation raises " + e);
    }
    try {
      System.err.println(name + " loadBefore(-1) undone creation: " + s.loadBefore(o2, -1L));
    } catch (RuntimeException e) {
      System.err.println(name + " loadBefore undone creation raises " + e);
    }
    // undo when the object's creation was undone and then re-stored?
    try {
      TckOps.store(s, o2, Tid.NONE, TckOps.bytes("again"));
      System.err.println(name + " store NONE after undone creation ok: " + new String(s.load(o2).data()));
    } catch (RuntimeException e) {
      System.err.println(name + " store NONE after undone creation raises " + e);
    }
    System.err.println(name + " first oids " + s.newOid() + " " + s.newOid());
    // pack with undo of needed revision
    TckOps.transactions(s).forEach(t -> System.err.println(name + " txn " + t.status() + " " + t.records()));
  }

  void probe2(Storage s, String name) {
    long x = s.newOid();
    long keep = s.newOid();
    long t0 = TckOps.commit(s, t -> {
      s.store(Oid.ROOT, Tid.NONE, TckOps.object("root", keep), t);
      s.store(keep, Tid.NONE, TckOps.object("keep"), t);
      s.store(x, Tid.NONE, TckOps.object("x1"), t);
    });
    TckOps.commit(s, t -> {});
    long mid = TckOps.update(s, keep, TckOps.object("keep2"));
    long p = TckOps.commit(s, t -> {});
    long tx = TckOps.update(s, x, TckOps.object("x2"));
    s.pack(p, RecordEnvelope.REFERENCES);
    TckOps.transactions(s).forEach(t -> System.err.println(name + " packed txn " + Tid.toHex(t.tid()) + " " + t.status() + " " + t.records()));
    System.err.println(name + " loadBefore x at tx: " + s.loadBefore(x, tx));
    try {
      long u = TckOps.undo(s, tx);
      System.err.println(name + " undo x2 ok; load: " + s.loadBefore(x, -1L));
    } catch (RuntimeException e) {
      System.err.println(name + " undo x2 raises " + e);
    }
    String big = "X".repeat(75000);
    try {
      TckOps.commit(s, TransactionMetadata.of(big, "d"), t -> {});
      System.err.println(name + " long user ok " + TckOps.transactions(s, s.lastTransaction(), -1L).get(0).metadata().user().length());
    } catch (RuntimeException e) {
      System.err.println(name + " long user raises " + e);
    }
  }

  @Test
  void probeBoth() {

    probe(FileStorage.open(dir.resolve("p.fs")), "FILE");
    probe2(FileStorage.open(dir.resolve("q.fs")), "FILE");
  }
}
