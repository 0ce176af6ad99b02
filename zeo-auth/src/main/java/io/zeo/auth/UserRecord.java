package io.zeo.auth;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One user of a {@link UserStore}: the SRP salt and verifier (absent for a user who logs in
 * only with a TLS client certificate) and the rights per storage ({@code "*"} stands for every
 * storage without an entry of its own). Never holds the password.
 *
 * @param name the user name
 * @param salt the SRP salt, or an empty array if the user has no password
 * @param verifier the SRP verifier (big-endian, unsigned), or an empty array
 * @param rights rights by storage name or {@code "*"}
 */
public record UserRecord(String name, byte[] salt, byte[] verifier, Map<String, Rights> rights) {
  public UserRecord {
    Objects.requireNonNull(name, "name");
    salt = salt.clone();
    verifier = verifier.clone();
    rights = Map.copyOf(rights);
  }

  /** Whether the user can log in with a password (SRP). */
  public boolean hasPassword() {
    return verifier.length > 0;
  }

  @Override
  public byte[] salt() {
    return salt.clone();
  }

  @Override
  public byte[] verifier() {
    return verifier.clone();
  }

  /** The rights on {@code storage}: its own entry, else the {@code "*"} entry, else none. */
  public Rights rightsOn(String storage) {
    return Optional.ofNullable(rights.get(storage)).orElse(rights.getOrDefault("*", Rights.NONE));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UserRecord u && name.equals(u.name) && Arrays.equals(salt, u.salt)
        && Arrays.equals(verifier, u.verifier) && rights.equals(u.rights);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, Arrays.hashCode(salt), Arrays.hashCode(verifier), rights);
  }

  @Override
  public String toString() {
    // The verifier is password-equivalent for offline guessing: keep it out of logs.
    return "UserRecord[name=" + name + ", password=" + (hasPassword() ? "set" : "none") + ", rights=" + rights + "]";
  }
}
