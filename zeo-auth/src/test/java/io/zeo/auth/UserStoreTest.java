package io.zeo.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserStoreTest {
  @TempDir Path dir;

  private Path file() {
    return dir.resolve("conf").resolve("users");
  }

  @Test
  void aNewStoreIsCreatedEmptyAndPrivate() throws Exception {
    UserStore s = UserStore.open(file());
    assertThat(s.users()).isEmpty();
    assertThat(Files.readString(file())).startsWith("zeo-users 1\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");
  }

  @Test
  void usersPersistAcrossReopen() {
    UserStore s = UserStore.open(file());
    s.addUser("alice", "pw1".toCharArray(), Map.of("main", Rights.READ_WRITE, "*", Rights.READ_ONLY));
    s.addCertificateUser("bob", Map.of("main", Rights.ALL));
    UserStore again = UserStore.open(file());
    assertThat(again.users()).containsExactly("alice", "bob");
    assertThat(again.lookup("alice")).isEqualTo(s.lookup("alice"));
    assertThat(again.lookup("alice").orElseThrow().hasPassword()).isTrue();
    assertThat(again.lookup("bob").orElseThrow().hasPassword()).isFalse();
    assertThat(again.rightsFor("alice", "main")).isEqualTo(Rights.READ_WRITE);
    assertThat(again.rightsFor("alice", "other")).isEqualTo(Rights.READ_ONLY);
    assertThat(again.rightsFor("bob", "other")).isEqualTo(Rights.NONE);
    assertThat(again.rightsFor("nobody", "main")).isEqualTo(Rights.NONE);
  }

  @Test
  void theFileHoldsNoPassword() throws Exception {
    UserStore s = UserStore.open(file());
    s.addUser("alice", "hunter2-very-secret".toCharArray(), Map.of("*", Rights.ALL));
    assertThat(Files.readString(file())).doesNotContain("hunter2");
    assertThat(s.lookup("alice").orElseThrow().toString()).doesNotContain(
        java.util.Base64.getEncoder().encodeToString(s.lookup("alice").orElseThrow().verifier()));
  }

  @Test
  void changesAreAppliedAndLeaveNoTempFile() throws Exception {
    UserStore s = UserStore.open(file());
    s.addUser("alice", "pw1".toCharArray(), Map.of("main", Rights.READ_WRITE));
    UserRecord before = s.lookup("alice").orElseThrow();
    s.changePassword("alice", "pw2".toCharArray());
    UserRecord after = s.lookup("alice").orElseThrow();
    assertThat(after.salt()).isNotEqualTo(before.salt());
    assertThat(after.verifier()).isNotEqualTo(before.verifier());
    assertThat(after.rights()).isEqualTo(before.rights());
    s.setRights("alice", "main", Rights.READ_ONLY);
    s.setRights("alice", "*", Rights.ALL);
    assertThat(s.rightsFor("alice", "main")).isEqualTo(Rights.READ_ONLY);
    s.setRights("alice", "main", Rights.NONE);
    assertThat(s.rightsFor("alice", "main")).as("falls back to *").isEqualTo(Rights.ALL);
    s.removeUser("alice");
    assertThat(s.users()).isEmpty();
    assertThat(UserStore.open(file()).users()).isEmpty();
    try (var files = Files.list(file().getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("users", "users.lock");
    }
  }

  @Test
  void mistakesAreNamed() {
    UserStore s = UserStore.open(file());
    s.addUser("alice", "pw".toCharArray(), Map.of());
    assertThatThrownBy(() -> s.addUser("alice", "pw".toCharArray(), Map.of()))
        .hasMessageContaining("'alice' already exists");
    assertThatThrownBy(() -> s.removeUser("bob")).hasMessageContaining("no user 'bob'");
    assertThatThrownBy(() -> s.changePassword("bob", "x".toCharArray())).hasMessageContaining("no user 'bob'");
    assertThatThrownBy(() -> s.addUser("bad name", "pw".toCharArray(), Map.of()))
        .hasMessageContaining("'bad name'");
    assertThatThrownBy(() -> s.setRights("alice", "no/slash", Rights.ALL)).hasMessageContaining("no/slash");
  }

  @Test
  void aMalformedFileIsRefusedNamingTheLine() throws Exception {
    UserStore.open(file()).addUser("alice", "pw".toCharArray(), Map.of("*", Rights.ALL));
    List<String> lines = Files.readAllLines(file());
    lines.add("user bob - - main=rwx");
    Files.write(file(), lines, StandardCharsets.UTF_8);
    assertThatThrownBy(() -> UserStore.open(file())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line " + lines.size()).hasMessageContaining("'rwx'");
    Files.writeString(file(), "something else\n");
    assertThatThrownBy(() -> UserStore.open(file())).hasMessageContaining("line 1: expected 'zeo-users 1'");
  }

  @Test
  void anotherProcessesChangeIsSeenAfterReload() {
    UserStore server = UserStore.open(file());
    UserStore cli = UserStore.open(file());
    cli.addUser("carol", "pw".toCharArray(), Map.of("*", Rights.READ_ONLY));
    server.reloadIfChanged();
    assertThat(server.users()).containsExactly("carol");
  }

  @Test
  void twoWritersDoNotLoseEachOthersChanges() {
    UserStore a = UserStore.open(file());
    UserStore b = UserStore.open(file());
    a.addUser("alice", "pw".toCharArray(), Map.of());
    b.addUser("bob", "pw".toCharArray(), Map.of()); // b had not seen alice
    a.setRights("alice", "main", Rights.READ_ONLY); // a had not seen bob
    assertThat(UserStore.open(file()).users()).containsExactly("alice", "bob");
    assertThat(UserStore.open(file()).rightsFor("alice", "main")).isEqualTo(Rights.READ_ONLY);
  }

  @Test
  void decoysAreStableAndLookReal() {
    UserStore s = UserStore.open(file());
    s.addUser("alice", "pw".toCharArray(), Map.of());
    s.addCertificateUser("certonly", Map.of());
    UserStore.Lookup real = s.lookupOrDecoy("alice");
    UserStore.Lookup decoy = s.lookupOrDecoy("mallory");
    assertThat(real.decoy()).isFalse();
    assertThat(decoy.decoy()).isTrue();
    assertThat(s.lookupOrDecoy("certonly").decoy()).as("no password: decoy").isTrue();
    assertThat(decoy.record().salt()).hasSameSizeAs(real.record().salt());
    assertThat(decoy.record().verifier()).hasSameSizeAs(real.record().verifier());
    assertThat(UserStore.open(file()).lookupOrDecoy("mallory")).isEqualTo(decoy);
    assertThat(s.lookupOrDecoy("trudy").record().salt()).isNotEqualTo(decoy.record().salt());
  }
}
