package io.zeo.auth;

import io.zeo.auth.internal.Hkdf;
import io.zeo.auth.internal.Srp;
import io.zeo.auth.internal.UsersFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The users a server knows: per user the SRP salt and verifier (never the password) and the
 * rights per storage, kept in one file (format in {@code UsersFile}) that every change
 * replaces atomically. The server looks users up at login ({@link #lookupOrDecoy}) and checks
 * rights per call ({@link #rightsFor}); the server command line wraps the changing methods.
 *
 * <p>Thread-safe: lookups read an immutable snapshot, changes are serialized and each is
 * durable (written, forced and renamed into place) before the method returns. Changes from
 * several processes are serialized by a lock file beside the users file, and each re-reads the
 * file first, so none is lost. A running server sees changes another process made after
 * {@link #reload()} (logins call {@link #reloadIfChanged()}).
 */
public final class UserStore {
  private static final String NAME_PATTERN = "[A-Za-z0-9._@+-]{1,128}";
  private static final String STORAGE_PATTERN = "[A-Za-z0-9._-]{1,128}|\\*";

  private final UsersFile file;
  private volatile UsersFile.Contents contents;

  private UserStore(UsersFile file, UsersFile.Contents contents) {
    this.file = file;
    this.contents = contents;
  }

  /**
   * Opens the users file at {@code path}, creating an empty one (with a fresh server secret)
   * if there is none.
   *
   * @throws UncheckedIOException if it cannot be read or created
   * @throws IllegalArgumentException if the file is malformed (the message names the line)
   */
  public static UserStore open(Path path) {
    UsersFile file = new UsersFile(path);
    return new UserStore(file, file.loadOrCreate());
  }

  /** The file this store keeps. */
  public Path path() {
    return file.path();
  }

  /** Re-reads the file (changed by another process, e.g. the command line). */
  public synchronized void reload() {
    contents = file.load();
  }

  /** Re-reads the file if its modification time or size changed since it was last read. */
  public void reloadIfChanged() {
    if (file.changedSince(contents)) {
      synchronized (this) {
        if (file.changedSince(contents)) {
          contents = file.load();
        }
      }
    }
  }

  /** The user names, sorted. */
  public List<String> users() {
    return List.copyOf(new TreeMap<>(contents.users()).keySet());
  }

  /** The user's record, if the user exists. */
  public Optional<UserRecord> lookup(String name) {
    return Optional.ofNullable(contents.users().get(name));
  }

  /**
   * The user's record, or for an unknown user (or one without a password) a decoy with a salt
   * and verifier derived from this store's secret and the name: stable across restarts and
   * indistinguishable on the wire from a real user's, so a login for an unknown user takes
   * the same path and fails the same way as a wrong password.
   *
   * @return the record and whether it is a decoy
   */
  public Lookup lookupOrDecoy(String name) {
    UserRecord real = contents.users().get(name);
    if (real != null && real.hasPassword()) {
      return new Lookup(real, false);
    }
    byte[] secret = contents.secret();
    byte[] id = name.getBytes(StandardCharsets.UTF_8);
    byte[] salt = Hkdf.derive(secret, id, "zeo decoy salt", Srp.SALT_BYTES);
    // A value below N looks like g^x to anyone without the secret; no exponentiation needed,
    // so the decoy costs no more than reading a real record.
    byte[] raw = Hkdf.derive(secret, id, "zeo decoy verifier", Srp.ELEMENT_BYTES + 8);
    byte[] verifier = Srp.fixed(Srp.unsigned(raw).mod(Srp.GROUP.getN()));
    return new Lookup(new UserRecord(name, salt, verifier, Map.of()), true);
  }

  /** A login lookup's result. @param record real or decoy @param decoy true for a decoy */
  public record Lookup(UserRecord record, boolean decoy) {}

  /** The rights of {@code principal} on {@code storage}; {@link Rights#NONE} for an unknown user. */
  public Rights rightsFor(String principal, String storage) {
    UserRecord u = contents.users().get(principal);
    return u == null ? Rights.NONE : u.rightsOn(storage);
  }

  /**
   * Adds a user who logs in with a password (SRP).
   *
   * @param password not kept; the caller may clear it afterwards
   * @param rights by storage name or {@code "*"}
   * @throws IllegalArgumentException if the user exists or a name is invalid
   */
  public synchronized void addUser(String name, char[] password, Map<String, Rights> rights) {
    byte[] salt = Srp.newSalt();
    UserRecord user = new UserRecord(checkName(name), salt, Srp.verifier(salt, name, password), checkRights(rights));
    edit(() -> add(user));
  }

  /** Adds a user without a password, who logs in with a TLS client certificate naming them. */
  public synchronized void addCertificateUser(String name, Map<String, Rights> rights) {
    UserRecord user = new UserRecord(checkName(name), new byte[0], new byte[0], checkRights(rights));
    edit(() -> add(user));
  }

  /** Runs one change under the file lock, on the file's latest contents. */
  private void edit(Runnable change) {
    file.locked(() -> {
      if (file.changedSince(contents)) {
        contents = file.load();
      }
      change.run();
      return null;
    });
  }

  private void add(UserRecord user) {
    if (contents.users().containsKey(user.name())) {
      throw new IllegalArgumentException("user '" + user.name() + "' already exists in " + path());
    }
    Map<String, UserRecord> users = new LinkedHashMap<>(contents.users());
    users.put(user.name(), user);
    save(users);
  }

  /** Removes a user. @throws IllegalArgumentException if there is no such user */
  public synchronized void removeUser(String name) {
    edit(() -> {
      Map<String, UserRecord> users = new LinkedHashMap<>(contents.users());
      users.remove(existing(name).name());
      save(users);
    });
  }

  /** Sets a new password (fresh salt). @throws IllegalArgumentException if there is no such user */
  public synchronized void changePassword(String name, char[] password) {
    byte[] salt = Srp.newSalt();
    byte[] verifier = Srp.verifier(salt, name, password);
    edit(() -> replace(new UserRecord(name, salt, verifier, existing(name).rights())));
  }

  /**
   * Sets the user's rights on one storage (or {@code "*"}); {@link Rights#NONE} removes the entry.
   *
   * @throws IllegalArgumentException if there is no such user or the storage name is invalid
   */
  public synchronized void setRights(String name, String storage, Rights rights) {
    checkRights(Map.of(storage, Rights.ALL));
    edit(() -> {
      UserRecord old = existing(name);
      Map<String, Rights> all = new LinkedHashMap<>(old.rights());
      if (rights.isNone()) {
        all.remove(storage);
      } else {
        all.put(storage, rights);
      }
      replace(new UserRecord(name, old.salt(), old.verifier(), checkRights(all)));
    });
  }

  private void replace(UserRecord user) {
    Map<String, UserRecord> users = new LinkedHashMap<>(contents.users());
    users.put(user.name(), user);
    save(users);
  }

  private UserRecord existing(String name) {
    UserRecord u = contents.users().get(name);
    if (u == null) {
      throw new IllegalArgumentException("no user '" + name + "' in " + path() + " (users: " + users() + ")");
    }
    return u;
  }

  private void save(Map<String, UserRecord> users) {
    contents = file.save(contents.secret(), Collections.unmodifiableMap(users));
  }

  /** Whether {@code name} is a valid user name. */
  public static boolean isValidName(String name) {
    return name.matches(NAME_PATTERN);
  }

  private static String checkName(String name) {
    if (!isValidName(name)) {
      throw new IllegalArgumentException("user name '" + name + "' is not 1-128 of A-Z a-z 0-9 . _ @ + -");
    }
    return name;
  }

  private static Map<String, Rights> checkRights(Map<String, Rights> rights) {
    List<String> bad = new ArrayList<>();
    for (String storage : rights.keySet()) {
      if (!storage.matches(STORAGE_PATTERN)) {
        bad.add(storage);
      }
    }
    if (!bad.isEmpty()) {
      throw new IllegalArgumentException("storage names " + bad + " are not '*' or 1-128 of A-Z a-z 0-9 . _ -");
    }
    Map<String, Rights> out = new LinkedHashMap<>();
    rights.forEach((k, v) -> {
      if (!v.isNone()) {
        out.put(k, v);
      }
    });
    return out;
  }
}
