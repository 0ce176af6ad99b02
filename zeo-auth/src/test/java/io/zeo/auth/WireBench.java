package io.zeo.auth;

import io.zeo.core.ClientStorage;
import io.zeo.core.MemoryStorage;
import io.zeo.core.ZeoServer;
import io.zeo.spi.AuthClientConfig;
import io.zeo.spi.Tid;
import io.zeo.spi.TransactionMetadata;
import io.zeo.testkit.FaultProxy;
import io.zeo.testkit.SampleData;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * One-shot measurement (not a test) of what security and compression cost on the wire: the
 * zodbshootout-style add (transactions of 1,000 objects of 300 bytes) and cold (a fresh client
 * with an empty cache loads each object once) workloads, one client over tcp to a ZeoServer on
 * MemoryStorage, for plain, lz4, srp, srp+lz4 and tls; then the bytes one add transaction and
 * one cold pass move through a {@link FaultProxy}. Data is {@link SampleData} records (text-like,
 * compressible about 2-3x in batches). Configurations are interleaved round by round, so drift in
 * the machine's load hits them alike; each figure is the median of the rounds, with the best
 * round beside it (on a shared machine other work only ever slows a round down). Run with the test
 * class path: {@code java -cp ... io.zeo.auth.WireBench [rounds] [txnsPerRound]}.
 */
public final class WireBench {
  private static final int OBJECTS = 1000;
  private static final int SIZE = 300;
  /** Held so the level sticks: servers log every connection at INFO. */
  private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("io.zeo");

  private record Config(String name, String auth, boolean lz4) {}

  private static final List<Config> CONFIGS = List.of(new Config("plain", null, false),
      new Config("lz4", null, true), new Config("srp", "srp", false), new Config("srp+lz4", "srp", true),
      new Config("tls", "tls", false));

  private final Map<String, Object> serverAuth;
  private final AuthClientConfig srpClient;
  private final AuthClientConfig tlsClient;
  private final byte[][] records;

  private WireBench(Map<String, Object> serverAuth, AuthClientConfig srpClient, AuthClientConfig tlsClient) {
    this.serverAuth = serverAuth;
    this.srpClient = srpClient;
    this.tlsClient = tlsClient;
    this.records = new byte[OBJECTS][];
    for (int i = 0; i < OBJECTS; i++) {
      records[i] = SampleData.record(i, SIZE);
    }
  }

  public static void main(String[] args) throws Exception {
    QUIET.setLevel(java.util.logging.Level.WARNING);
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int txns = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path dir = Files.createTempDirectory("zeo-wire-bench");
    UserStore users = UserStore.open(dir.resolve("users"));
    users.addUser("bench", "bench-pw".toCharArray(), Map.of("*", Rights.ALL));
    users.addCertificateUser("carol", Map.of("*", Rights.ALL));
    TestPki.Issued ca = TestPki.ca("bench CA");
    SSLContext serverTls = TestPki.context(TestPki.server(ca, "localhost"), ca.cert());
    SSLContext clientTls = TestPki.context(TestPki.client(ca, "carol"), ca.cert());
    WireBench b = new WireBench(
        Map.of(AuthSettings.USER_STORE, users, AuthSettings.TLS_CONTEXT, serverTls,
            AuthSettings.LOGIN_THROTTLE, new LoginThrottle()),
        new AuthClientConfig("bench", "bench-pw"::toCharArray, "localhost", Map.of()),
        new AuthClientConfig("carol", () -> new char[0], "localhost", Map.of(AuthSettings.TLS_CONTEXT, clientTls)));
    System.out.printf("java %s, %d cpus, load average %.2f at start; %d rounds of %d add txns of %d x %d B%n",
        Runtime.version(), Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), rounds, txns, OBJECTS, SIZE);
    b.run(rounds, txns);
    System.out.printf("load average %.2f at end%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private void run(int rounds, int txns) throws Exception {
    int n = CONFIGS.size();
    ZeoServer[] servers = new ZeoServer[n];
    for (int i = 0; i < n; i++) {
      servers[i] = server(CONFIGS.get(i));
    }
    try {
      for (int i = 0; i < n; i++) { // warm-up round, not counted
        round(servers[i], CONFIGS.get(i), 2);
      }
      double[][] add = new double[n][rounds];
      double[][] cold = new double[n][rounds];
      for (int r = 0; r < rounds; r++) {
        for (int i = 0; i < n; i++) {
          double[] rates = round(servers[i], CONFIGS.get(i), txns);
          add[i][r] = rates[0];
          cold[i][r] = rates[1];
        }
      }
      System.out.println();
      System.out.println("| connection | add objects/s, median (best) | add vs plain | cold objects/s, median (best) "
          + "| cold vs plain | add txn bytes to server | cold pass bytes to client |");
      System.out.println("|---|---:|---:|---:|---:|---:|---:|");
      for (int i = 0; i < n; i++) {
        long[] bytes = bytes(servers[i], CONFIGS.get(i));
        System.out.printf("| %s | %,.0f (%,.0f) | %.2f (%.2f) | %,.0f (%,.0f) | %.2f (%.2f) | %,d | %,d |%n",
            CONFIGS.get(i).name(), median(add[i]), best(add[i]), median(add[i]) / median(add[0]),
            best(add[i]) / best(add[0]), median(cold[i]), best(cold[i]), median(cold[i]) / median(cold[0]),
            best(cold[i]) / best(cold[0]), bytes[0], bytes[1]);
      }
      System.out.println();
      for (int i = 0; i < n; i++) {
        System.out.printf("%s rounds: add %s cold %s%n", CONFIGS.get(i).name(), rounded(add[i]), rounded(cold[i]));
      }
    } finally {
      for (ZeoServer s : servers) {
        s.close();
      }
    }
  }

  private ZeoServer server(Config c) {
    ZeoServer.Builder b = ZeoServer.builder().storage("main", MemoryStorage.create()).listen("tcp://127.0.0.1:0");
    if (c.lz4()) {
      b.compression("lz4").requireCompression(true);
    }
    if (c.auth() != null) {
      b.auth(serverAuth, c.auth()).requireAuth(true);
    }
    return b.start();
  }

  private ClientStorage client(String address, Config c) {
    ClientStorage.Builder b = ClientStorage.builder().address(address).storage("main");
    b.compression(c.lz4() ? new String[] {"lz4"} : new String[0]);
    if (c.auth() != null) {
      b.auth(c.auth(), "srp".equals(c.auth()) ? srpClient : tlsClient);
    }
    return b.open();
  }

  /** Objects/s of {@code txns} add transactions, then of a cold pass over what they added. */
  private double[] round(ZeoServer server, Config c, int txns) {
    long[] oids = new long[txns * OBJECTS];
    long addNanos;
    try (ClientStorage writer = client(server.address(), c)) {
      long t0 = System.nanoTime();
      for (int t = 0; t < txns; t++) {
        commit(writer, oids, t * OBJECTS);
      }
      addNanos = System.nanoTime() - t0;
    }
    long coldNanos;
    try (ClientStorage reader = client(server.address(), c)) {
      long t0 = System.nanoTime();
      for (long oid : oids) {
        reader.load(oid);
      }
      coldNanos = System.nanoTime() - t0;
    }
    return new double[] {oids.length / (addNanos / 1e9), oids.length / (coldNanos / 1e9)};
  }

  private void commit(ClientStorage s, long[] oids, int from) {
    TransactionMetadata m = TransactionMetadata.of("bench", "add");
    s.tpcBegin(m);
    for (int i = 0; i < OBJECTS; i++) {
      long oid = s.newOid();
      oids[from + i] = oid;
      s.store(oid, Tid.NONE, records[i], m);
    }
    s.tpcVote(m);
    s.tpcFinish(m);
  }

  /** Bytes one add transaction sends to the server, and one cold pass over it receives. */
  private long[] bytes(ZeoServer server, Config c) throws Exception {
    try (FaultProxy proxy = FaultProxy.start(server.address())) {
      long[] oids = new long[OBJECTS];
      long up;
      try (ClientStorage writer = client(proxy.address(), c)) {
        FaultProxy.Connection conn = proxy.connections().get(0);
        writer.sync(); // fences: a reply is forwarded only after the bytes before it were counted
        long before = conn.bytesToServer();
        commit(writer, oids, 0);
        writer.sync();
        up = conn.bytesToServer() - before;
      }
      try (ClientStorage reader = client(proxy.address(), c)) {
        FaultProxy.Connection conn = proxy.connections().get(proxy.connections().size() - 1);
        reader.sync();
        long before = conn.bytesToClient();
        for (long oid : oids) {
          reader.load(oid);
        }
        reader.sync();
        return new long[] {up, conn.bytesToClient() - before};
      }
    }
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static double best(double[] values) {
    return Arrays.stream(values).max().orElseThrow();
  }

  private static String rounded(double[] values) {
    List<String> out = new ArrayList<>();
    for (double v : values) {
      out.add(String.format("%.0f", v));
    }
    return out.toString();
  }
}
