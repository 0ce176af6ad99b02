package io.zeo.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import io.zeo.spi.TransactionRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Copy progress: a bar by commit time on a terminal, plain lines otherwise. */
class ProgressTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static TransactionRecord txnAt(long seconds) {
    return new TransactionRecord(Tid.of(T0.plusSeconds(seconds)), ' ', new TransactionMetadata("", "", Map.of()),
        List.of());
  }

  @Test
  void theBarFollowsCommitTimeBetweenTheFirstAndTheLastTransaction() {
    StringWriter sw = new StringWriter();
    Progress p = new Progress(new PrintWriter(sw), Tid.NONE, Tid.of(T0.plusSeconds(100)), false, true, 0);
    p.accept(txnAt(0));
    p.accept(txnAt(50));
    p.accept(txnAt(100));
    p.finish();
    String out = sw.toString();
    assertThat(out).contains("[" + " ".repeat(40) + "]   0%  1 transactions")
        .contains("[" + "#".repeat(20) + " ".repeat(20) + "]  50%  2 transactions")
        .contains("[" + "#".repeat(40) + "] 100%  3 transactions").endsWith(System.lineSeparator());
  }

  @Test
  void withoutATerminalItPrintsLinesAndQuietPrintsNothing() {
    StringWriter sw = new StringWriter();
    Progress p = new Progress(new PrintWriter(sw), Tid.of(T0), Tid.of(T0.plusSeconds(10)), false, false, 0);
    p.accept(txnAt(5));
    p.finish();
    assertThat(sw.toString()).startsWith("copied 1 transactions, up to ").contains(Tid.toHex(Tid.of(T0.plusSeconds(5))));
    StringWriter quiet = new StringWriter();
    Progress q = new Progress(new PrintWriter(quiet), Tid.NONE, Tid.of(T0), true, true, 0);
    q.accept(txnAt(0));
    q.finish();
    assertThat(quiet.toString()).isEmpty();
  }
}
