package io.zeo.db;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.function.Consumer;

/**
 * A connection's object cache: one instance per oid, so identity is preserved within the
 * connection. Loaded objects are held strongly on a least-recently-used ring threaded through
 * the objects themselves; ghosts are held only weakly and vanish when the application drops
 * them. Not thread-safe (connections are used by one thread at a time).
 */
final class ObjectCache {
  private static final class Ref extends WeakReference<Persistent> {
    final long oid;

    Ref(Persistent p, ReferenceQueue<Persistent> q) {
      super(p, q);
      this.oid = p.oid;
    }
  }

  /** The ring's sentinel: lruNext is the most recently used, lruPrev the least. */
  private static final class Head extends Persistent {}

  private final HashMap<Long, Ref> byOid = new HashMap<>();
  private final ReferenceQueue<Persistent> cleared = new ReferenceQueue<>();
  private final Head head = new Head();
  private int active;
  private int target;

  ObjectCache(int target) {
    this.target = target;
    head.lruNext = head;
    head.lruPrev = head;
  }

  Persistent get(long oid) {
    expunge();
    Ref r = byOid.get(oid);
    return r == null ? null : r.get();
  }

  /** Registers an object under its oid (it must not be cached already under another instance). */
  void put(Persistent p) {
    expunge();
    byOid.put(p.oid, new Ref(p, cleared));
  }

  void remove(Persistent p) {
    Ref r = byOid.get(p.oid);
    if (r != null && r.get() == p) {
      byOid.remove(p.oid);
    }
    unlink(p);
  }

  /** Marks a non-ghost object most recently used (linking it if it was not on the ring). */
  void touch(Persistent p) {
    if (p.lruNext != null) {
      if (head.lruNext == p) {
        return;
      }
      p.lruPrev.lruNext = p.lruNext;
      p.lruNext.lruPrev = p.lruPrev;
    } else {
      active++;
    }
    p.lruNext = head.lruNext;
    p.lruPrev = head;
    head.lruNext.lruPrev = p;
    head.lruNext = p;
  }

  /** Takes an object off the ring (it became a ghost or left the connection). */
  void unlink(Persistent p) {
    if (p.lruNext != null) {
      p.lruPrev.lruNext = p.lruNext;
      p.lruNext.lruPrev = p.lruPrev;
      p.lruNext = null;
      p.lruPrev = null;
      active--;
    }
  }

  /** Number of objects whose state is in memory. */
  int activeCount() {
    return active;
  }

  /** Number of objects known to the cache, ghosts included (cleared ghosts not counted). */
  int size() {
    expunge();
    return byOid.size();
  }

  int target() {
    return target;
  }

  void setTarget(int target) {
    this.target = target;
  }

  /**
   * Ghosts unchanged objects, least recently used first, until at most {@code target} objects
   * are active; changed and new objects stay.
   */
  void shrink(Consumer<Persistent> ghostify) {
    Persistent p = head.lruPrev;
    while (active > target && p != head) {
      Persistent before = p.lruPrev;
      if (p.state == PersistentState.SAVED) {
        ghostify.accept(p);
      }
      p = before;
    }
  }

  /** Every object whose state is in memory, least recently used first (a copy). */
  List<Persistent> activeObjects() {
    List<Persistent> out = new ArrayList<>(active);
    for (Persistent p = head.lruPrev; p != head; p = p.lruPrev) {
      out.add(p);
    }
    return out;
  }

  /** Forgets everything (the connection is discarded). */
  void clear() {
    for (Persistent p : activeObjects()) {
      unlink(p);
    }
    byOid.clear();
  }

  private void expunge() {
    for (Ref r; (r = (Ref) cleared.poll()) != null; ) {
      if (byOid.get(r.oid) == r) {
        byOid.remove(r.oid);
      }
    }
  }
}
