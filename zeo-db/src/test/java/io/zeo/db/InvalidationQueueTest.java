package io.zeo.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeo.db.internal.InvalidationQueue;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InvalidationQueueTest {
  @Test
  void drainsUpToTheSnapshotSkipsTheOwnCommitAndKeepsLaterEntries() {
    InvalidationQueue q = new InvalidationQueue(100);
    q.add(10, Set.of(1L, 2L));
    q.add(11, Set.of(3L)); // the connection's own commit
    q.add(12, Set.of(4L)); // heard of before it became visible
    InvalidationQueue.Drained d = q.drain(11, 11);
    assertThat(d.all()).isFalse();
    assertThat(d.oids()).containsExactlyInAnyOrder(1L, 2L);
    assertThat(q.drain(12, 11).oids()).containsExactly(4L);
    assertThat(q.drain(12, 11).oids()).isEmpty();
  }

  @Test
  void invalidateAllStaysPendingUntilTheSnapshotReachesIt() {
    InvalidationQueue q = new InvalidationQueue(100);
    q.add(5, Set.of(1L));
    q.invalidateAll(20);
    q.add(15, Set.of(2L)); // older than the "everything" mark: already covered
    assertThat(q.drain(10, 0).all()).isTrue();
    assertThat(q.drain(20, 0)).satisfies(d -> {
      assertThat(d.all()).isTrue();
      assertThat(d.oids()).isEmpty();
    });
    assertThat(q.drain(30, 0).all()).isFalse();
  }

  @Test
  void tooManyPendingOidsCollapseIntoInvalidateAll() {
    InvalidationQueue q = new InvalidationQueue(3);
    q.add(1, Set.of(1L, 2L));
    q.add(2, Set.of(3L, 4L));
    InvalidationQueue.Drained d = q.drain(2, 0);
    assertThat(d.all()).isTrue();
    assertThat(q.drain(3, 0).all()).isFalse();
  }
}
