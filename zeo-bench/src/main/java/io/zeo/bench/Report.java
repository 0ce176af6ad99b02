package io.zeo.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Prints a {@link Driver.Run} as Markdown tables and as JSON, and checks the targets. */
final class Report {
  /**
   * One target of the issue. {@code pass} is null when the run did not measure what it needs.
   */
  record Check(String target, String measured, Boolean pass) {}

  private final Driver.Run run;

  Report(Driver.Run run) {
    this.run = run;
  }

  String markdown() {
    StringBuilder b = new StringBuilder();
    Config c = run.config();
    b.append(String.format(Locale.ROOT, "N = %d objects/txn, S = %d B, %d txns per client; %.0f s; load average"
        + " %.1f before, %.1f after%n%n", c.objects(), c.size(), c.txns(), run.seconds(), run.loadBefore(),
        run.loadAfter()));
    b.append("| baseline | p50 | p99 | mode |\n|---|---:|---:|---|\n");
    b.append(baselineRow("bare 64 B round trip, tcp", run.tcpRtt(), PingPong.mode(run.tcpRtt().p50())));
    b.append(baselineRow("bare 64 B round trip, unix", run.unixRtt(), PingPong.mode(run.unixRtt().p50())));
    b.append(baselineRow("bare 4 KiB append + force", run.force(), "-"));
    b.append("\n| workload | transport | clients | result | p99 | baseline | ratio | vs 1 client | note |\n");
    b.append("|---|---|---:|---:|---:|---|---:|---:|---|\n");
    for (Result r : run.results()) {
      b.append("| ").append(r.workload()).append(" | ").append(r.transport()).append(" | ").append(r.clients())
          .append(" | ").append(figure(r.value(), r.unit())).append(" | ")
          .append(r.isLatency() ? figure(r.p99(), r.unit()) : "").append(" | ")
          .append(r.baseline()).append(" = ").append(figure(r.baselineValue(), r.unit())).append(" | ")
          .append(number(r.ratio(), "%.2f×")).append(" | ").append(number(r.scaling(), "%.2f×")).append(" | ")
          .append(r.note()).append(" |\n");
    }
    b.append("\n| target | measured | met |\n|---|---|---|\n");
    for (Check k : checks()) {
      b.append("| ").append(k.target()).append(" | ").append(k.measured()).append(" | ")
          .append(k.pass() == null ? "not measured" : k.pass() ? "yes" : "no").append(" |\n");
    }
    return b.toString();
  }

  private static String baselineRow(String name, Samples s, String mode) {
    return "| " + name + " | " + figure(s.p50(), Result.MICROS) + " | " + figure(s.p99(), Result.MICROS) + " | "
        + mode + " |\n";
  }

  /** The targets, judged on this run's figures (unix where the transport is not named). */
  List<Check> checks() {
    List<Check> out = new ArrayList<>();
    Result tinyUnix = find("tiny-commit", "unix", 1);
    Result tinyDirect = find("tiny-commit", "direct", 1);
    out.add(ratioCheck("tiny commit over unix ≤ 1.10× direct (p50)", tinyUnix, tinyDirect == null ? null
        : tinyDirect.value(), 1.10, "direct"));
    double rtt = run.unixRtt().p50();
    out.add(ratioCheck("cold load of one object over unix ≤ 2× bare round trip (p50)",
        find("cold-load", "unix", 1), rtt, 2.0, "unix RTT"));
    out.add(ratioCheck("invalidation latency over unix p50 ≤ 2× bare round trip",
        find("invalidation", "unix", 1), rtt, 2.0, "unix RTT"));
    Result add = find("add", "unix", 1);
    out.add(new Check("add over unix, 1 client ≥ 150,000 objects/s",
        add == null ? "-" : figure(add.value(), Result.RATE), add == null ? null : add.value() >= 150_000));
    for (String w : List.of("cold", "warm")) {
      Result four = find(w, "unix", 4);
      out.add(new Check(w + " over unix, 4 clients ≥ 1.6× one client",
          four == null ? "-" : number(four.scaling(), "%.2f×"), four == null || Double.isNaN(four.scaling()) ? null
              : four.scaling() >= 1.6));
    }
    return out;
  }

  private static Check ratioCheck(String name, Result r, Double base, double limit, String baseName) {
    if (r == null || base == null || Double.isNaN(base)) {
      return new Check(name, "-", null);
    }
    double ratio = r.value() / base;
    return new Check(name, figure(r.value(), Result.MICROS) + " vs " + baseName + " " + figure(base, Result.MICROS)
        + " = " + number(ratio, "%.2f×"), ratio <= limit);
  }

  private Result find(String workload, String transport, int clients) {
    for (Result r : run.results()) {
      if (r.workload().equals(workload) && r.transport().equals(transport) && r.clients() == clients) {
        return Double.isNaN(r.value()) ? null : r;
      }
    }
    return null;
  }

  String json() {
    Config c = run.config();
    StringBuilder b = new StringBuilder("{\n");
    b.append("  \"config\": {\"objects\": ").append(c.objects()).append(", \"size\": ").append(c.size())
        .append(", \"txns\": ").append(c.txns()).append(", \"clients\": ").append(c.clients())
        .append(", \"transports\": [");
    for (int i = 0; i < c.transports().size(); i++) {
      b.append(i == 0 ? "" : ", ").append(quote(c.transports().get(i)));
    }
    b.append("]},\n");
    b.append("  \"seconds\": ").append(num(run.seconds())).append(", \"loadAverageBefore\": ")
        .append(num(run.loadBefore())).append(", \"loadAverageAfter\": ").append(num(run.loadAfter())).append(",\n");
    b.append("  \"baselines\": {\n");
    b.append("    \"tcpRoundTrip\": ").append(samples(run.tcpRtt(), PingPong.mode(run.tcpRtt().p50()))).append(",\n");
    b.append("    \"unixRoundTrip\": ").append(samples(run.unixRtt(), PingPong.mode(run.unixRtt().p50())))
        .append(",\n");
    b.append("    \"appendForce4k\": ").append(samples(run.force(), null)).append("\n  },\n");
    b.append("  \"results\": [\n");
    List<Result> rs = run.results();
    for (int i = 0; i < rs.size(); i++) {
      Result r = rs.get(i);
      b.append("    {\"workload\": ").append(quote(r.workload())).append(", \"transport\": ")
          .append(quote(r.transport())).append(", \"clients\": ").append(r.clients()).append(", \"value\": ")
          .append(num(r.value())).append(", \"unit\": ").append(quote(r.unit())).append(", \"p99\": ")
          .append(num(r.p99())).append(", \"baseline\": ").append(quote(r.baseline()))
          .append(", \"baselineValue\": ").append(num(r.baselineValue())).append(", \"ratio\": ")
          .append(num(r.ratio())).append(", \"scaling\": ").append(num(r.scaling())).append(", \"note\": ")
          .append(quote(r.note())).append(i + 1 < rs.size() ? "},\n" : "}\n");
    }
    b.append("  ],\n  \"targets\": [\n");
    List<Check> ks = checks();
    for (int i = 0; i < ks.size(); i++) {
      Check k = ks.get(i);
      b.append("    {\"target\": ").append(quote(k.target())).append(", \"measured\": ").append(quote(k.measured()))
          .append(", \"met\": ").append(k.pass() == null ? "null" : k.pass().toString())
          .append(i + 1 < ks.size() ? "},\n" : "}\n");
    }
    return b.append("  ]\n}\n").toString();
  }

  private static String samples(Samples s, String mode) {
    return "{\"p50Micros\": " + num(s.p50()) + ", \"p99Micros\": " + num(s.p99()) + ", \"count\": " + s.count()
        + (mode == null ? "" : ", \"mode\": " + quote(mode)) + "}";
  }

  /** JSON has no NaN: missing figures are null. */
  private static String num(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? "null" : String.format(Locale.ROOT, "%.3f", v);
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        default -> {
          if (ch < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
          } else {
            b.append(ch);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  static String figure(double v, String unit) {
    if (Double.isNaN(v)) {
      return "-";
    }
    if (unit.equals(Result.MICROS)) {
      return String.format(Locale.ROOT, v < 100 ? "%.1f µs" : "%,.0f µs", v);
    }
    return String.format(Locale.ROOT, "%,.0f/s", v);
  }

  private static String number(double v, String format) {
    return Double.isNaN(v) || Double.isInfinite(v) ? "-" : String.format(Locale.ROOT, format, v);
  }
}
