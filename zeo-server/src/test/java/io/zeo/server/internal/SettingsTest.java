package io.zeo.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeo.server.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing of the serve settings, client addresses and pack times; the reopening log handler. */
class SettingsTest {
  @TempDir
  Path dir;

  private static ServeSettings.Overrides none() {
    return new ServeSettings.Overrides(Map.of(), List.of(), null, null, null, null, List.of(), null, List.of(),
        null, null, null, null);
  }

  @Test
  void theConfigFileSetsEverythingAndTheCommandLineWins() throws Exception {
    Path cfg = dir.resolve("zeo.properties");
    Files.writeString(cfg, String.join("\n", "storage.main = file:/var/zeo/main.fs", "storage.b = memory:",
        "listen = tcp://127.0.0.1:8100, unix:/run/zeo.sock", "read-only = yes", "transaction-timeout = 30s",
        "invalidation-queue-size = 7", "users = /etc/zeo/users", "compression = lz4", "log = /var/log/zeo.log",
        "log-level = DEBUG", "pid-file = /run/zeo.pid", ""));
    ServeSettings s = ServeSettings.resolve(cfg, none());
    assertThat(s.storages()).containsExactly(Map.entry("b", "memory:"), Map.entry("main", "file:/var/zeo/main.fs"));
    assertThat(s.listen()).containsExactly("tcp://127.0.0.1:8100", "unix:/run/zeo.sock");
    assertThat(s.readOnly()).isTrue();
    assertThat(s.transactionTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.invalidationQueueSize()).isEqualTo(7);
    assertThat(s.users()).isEqualTo(Path.of("/etc/zeo/users"));
    assertThat(s.auth()).containsExactly("srp");
    assertThat(s.requireAuth()).as("required by default with users").isTrue();
    assertThat(s.compression()).containsExactly("lz4");
    assertThat(s.logLevel()).isEqualTo(Level.FINE);
    assertThat(s.pidFile()).isEqualTo(Path.of("/run/zeo.pid"));

    ServeSettings o = ServeSettings.resolve(cfg, new ServeSettings.Overrides(Map.of("c", "memory:"),
        List.of("tcp://0.0.0.0:9000"), false, "5m", 3, null, List.of(), false, List.of(), null, null, "warn", null));
    assertThat(o.storages()).containsKeys("b", "main", "c");
    assertThat(o.listen()).containsExactly("tcp://0.0.0.0:9000");
    assertThat(o.readOnly()).isFalse();
    assertThat(o.transactionTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(o.invalidationQueueSize()).isEqualTo(3);
    assertThat(o.requireAuth()).isFalse();
    assertThat(o.logLevel()).isEqualTo(Level.WARNING);
  }

  @Test
  void badSettingsAreUsageErrorsNamingTheValue() throws Exception {
    Path cfg = dir.resolve("bad.properties");
    Files.writeString(cfg, "storage.main = memory:\nlisten = tcp://127.0.0.1:0\ntransaction-timeout = soon\n");
    assertThatThrownBy(() -> ServeSettings.resolve(cfg, none()))
        .isInstanceOfSatisfying(Failure.class, f -> assertThat(f.exitCode()).isEqualTo(ExitCodes.USAGE))
        .hasMessageContaining("\"soon\"");
    Files.writeString(cfg, "storage.main = memory:\nlisten = localhost\n");
    assertThatThrownBy(() -> ServeSettings.resolve(cfg, none())).hasMessageContaining("\"localhost\" has no scheme");
    Files.writeString(cfg, "storage.main = memory:\nlisten = tcp://127.0.0.1:0\nrequire-auth = true\n");
    assertThatThrownBy(() -> ServeSettings.resolve(cfg, none())).hasMessageContaining("no users file");
    Files.writeString(cfg, "storage.main = memory:\nlisten = tcp://127.0.0.1:0\nread-only = maybe\n");
    assertThatThrownBy(() -> ServeSettings.resolve(cfg, none())).hasMessageContaining("\"maybe\" is not true or false");
    Files.writeString(cfg, "storage.main = memory:\nlisten = tcp://127.0.0.1:0\n");
    assertThatThrownBy(() -> ServeSettings.resolve(cfg, new ServeSettings.Overrides(Map.of("main", "memory:"),
        List.of(), null, null, null, null, List.of(), null, List.of(), null, null, null, null)))
        .hasMessageContaining("storage \"main\" is given twice");
    Files.writeString(cfg, "storage._status = memory:\nlisten = tcp://127.0.0.1:0\n");
    assertThatThrownBy(() -> ServeSettings.resolve(cfg, none())).hasMessageContaining("reserved");
    assertThatThrownBy(() -> ServeSettings.resolve(dir.resolve("missing"), none()))
        .hasMessageContaining("cannot read config file");
  }

  @Test
  void clientAddressesAcceptTheUsualSpellings() {
    assertThat(ClientOptions.address("tcp://db:8100")).isEqualTo("tcp://db:8100");
    assertThat(ClientOptions.address("db:8100")).isEqualTo("tcp://db:8100");
    assertThat(ClientOptions.address("localhost:8100")).isEqualTo("tcp://localhost:8100");
    assertThat(ClientOptions.address("8100")).isEqualTo("tcp://127.0.0.1:8100");
    assertThat(ClientOptions.address(":8100")).isEqualTo("tcp://127.0.0.1:8100");
    assertThat(ClientOptions.address("[::1]:8100")).isEqualTo("tcp://[::1]:8100");
    assertThat(ClientOptions.address("unix:/run/zeo.sock")).isEqualTo("unix:/run/zeo.sock");
    assertThat(ClientOptions.address("zeo+tcp://db:8100?storage=main")).isEqualTo("tcp://db:8100");
    assertThatThrownBy(() -> ClientOptions.address("db")).hasMessageContaining("\"db\" is not");
  }

  @Test
  void packTimesFromDaysOrATime() {
    Instant now = Instant.parse("2026-11-25T12:00:00Z");
    PackCommand.When w = new PackCommand.When();
    assertThat(PackCommand.packTime(null, now)).isEqualTo(now);
    w.days = 1.5;
    assertThat(PackCommand.packTime(w, now)).isEqualTo(Instant.parse("2026-11-24T00:00:00Z"));
    w.days = null;
    w.before = "2026-11-01";
    assertThat(PackCommand.packTime(w, now)).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
    w.before = "2026-11-01T12:30";
    assertThat(PackCommand.packTime(w, now)).isEqualTo(Instant.parse("2026-11-01T12:30:00Z"));
    w.before = "2026-11-01T12:30:00+01:00";
    assertThat(PackCommand.packTime(w, now)).isEqualTo(Instant.parse("2026-11-01T11:30:00Z"));
    w.before = "2026-11-01T12:30:00Z";
    assertThat(PackCommand.packTime(w, now)).isEqualTo(Instant.parse("2026-11-01T12:30:00Z"));
    w.before = "last week";
    assertThatThrownBy(() -> PackCommand.packTime(w, now)).hasMessageContaining("\"last week\"");
  }

  @Test
  void theLogHandlerWritesToANewFileAfterReopen() throws Exception {
    Path log = dir.resolve("logs/zeo.log");
    ReopeningFileHandler h = new ReopeningFileHandler(log);
    h.setFormatter(new ServerLog.LineFormatter());
    h.publish(new LogRecord(Level.INFO, "first"));
    Files.move(log, dir.resolve("zeo.log.1"));
    h.publish(new LogRecord(Level.WARNING, "still to the moved file"));
    h.reopen();
    h.publish(new LogRecord(Level.SEVERE, "second"));
    h.close();
    assertThat(Files.readString(dir.resolve("zeo.log.1"))).contains("INFO null: first", "WARN null: still to the moved file");
    assertThat(Files.readString(log)).contains("ERROR null: second").doesNotContain("first");
  }
}
