package io.zeo.core.internal.memory;

import io.zeo.spi.DataRecord;
import io.zeo.spi.Oid;
import io.zeo.spi.ReferenceFinder;
import io.zeo.spi.TransactionRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;

/**
 * Pack at a tid {@code p}: every revision after {@code p} stays; of the older ones, each object
 * keeps only its newest (what a snapshot at {@code p} reads) and only if the object is
 * reachable, from the root's revision at {@code p} or from any revision after {@code p} (so an
 * object an undo after {@code p} brought back survives). Transactions at or before {@code p}
 * keep the records that survive, marked {@code 'p'} (undo information gone), or vanish.
 * Runs under the commit lock; each object's chain is swapped atomically, so readers of any
 * snapshot at or after {@code p} see the same data throughout.
 */
final class Packer {
  private final ConcurrentHashMap<Long, Rev[]> objects;
  private final ConcurrentNavigableMap<Long, TransactionRecord> log;
  private final ReferenceFinder references;

  Packer(ConcurrentHashMap<Long, Rev[]> objects, ConcurrentNavigableMap<Long, TransactionRecord> log,
      ReferenceFinder references) {
    this.objects = objects;
    this.log = log;
    this.references = references;
  }

  void pack(long p) {
    Set<Long> reachable = reachableAt(p);
    for (Map.Entry<Long, Rev[]> e : objects.entrySet()) {
      Rev[] chain = e.getValue();
      int at = Revisions.indexAtOrBefore(chain, p);
      if (at < 0 || (at == 0 && chain[0].data() != null && reachable.contains(e.getKey()))) {
        continue;
      }
      List<Rev> kept = new ArrayList<>(chain.length - at);
      if (chain[at].data() != null && reachable.contains(e.getKey())) {
        kept.add(chain[at]);
      }
      for (int i = at + 1; i < chain.length; i++) {
        kept.add(chain[i]);
      }
      if (kept.isEmpty()) {
        objects.remove(e.getKey());
      } else {
        objects.put(e.getKey(), kept.toArray(new Rev[0]));
      }
    }
    for (TransactionRecord t : new ArrayList<>(log.headMap(p, true).values())) {
      List<DataRecord> kept = new ArrayList<>();
      for (DataRecord d : t.records()) {
        if (Revisions.withTid(objects.get(d.oid()), t.tid()) != null) {
          kept.add(d);
        }
      }
      if (kept.isEmpty()) {
        log.remove(t.tid());
      } else {
        log.put(t.tid(), new TransactionRecord(t.tid(), 'p', t.metadata(), kept));
      }
    }
  }

  /** Oids reachable from the root at {@code p} or from any revision written after {@code p}. */
  private Set<Long> reachableAt(long p) {
    ArrayDeque<Long> work = new ArrayDeque<>();
    work.push(Oid.ROOT);
    for (Rev[] chain : objects.values()) {
      for (int i = Revisions.indexAtOrBefore(chain, p) + 1; i < chain.length; i++) {
        if (chain[i].data() != null) {
          references.findReferences(chain[i].data(), work::push);
        }
      }
    }
    Set<Long> reachable = new HashSet<>();
    while (!work.isEmpty()) {
      long oid = work.pop();
      if (!reachable.add(oid)) {
        continue;
      }
      Rev r = Revisions.newestAtOrBefore(objects.get(oid), p);
      if (r != null && r.data() != null) {
        references.findReferences(r.data(), work::push);
      }
    }
    return reachable;
  }
}
