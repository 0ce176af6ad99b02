package io.zeo.auth.internal;

import io.zeo.auth.Rights;
import io.zeo.auth.UserRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The users file: UTF-8 text, one item per line, written whole and renamed into place.
 *
 * <pre>
 * line                                          meaning
 * zeo-users 1                                   magic and format version (first line)
 * secret BASE64                                 32 random bytes: seeds decoy salts for unknown users
 * user NAME SALT VERIFIER RIGHTS                one per user
 *   SALT, VERIFIER                              base64, or "-" for a user without a password
 *   RIGHTS                                      STORAGE=LETTERS joined by ",", or "-" for none;
 *                                               STORAGE is a name or "*", LETTERS a subset of "rwa"
 * # ...                                         comment, ignored; so are blank lines
 * </pre>
 *
 * The file holds verifiers, which allow offline password guessing: it is created readable by
 * its owner only (where the file system has POSIX permissions).
 */
public final class UsersFile {
  private static final String MAGIC = "zeo-users 1";
  private static final Base64.Encoder B64 = Base64.getEncoder();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  /** What the file held when read or written, with the attributes that tell a later change. */
  public record Contents(byte[] secret, Map<String, UserRecord> users, long modified, long size) {}

  private final Path path;

  public UsersFile(Path path) {
    this.path = path.toAbsolutePath();
  }

  public Path path() {
    return path;
  }

  /**
   * Runs {@code change} holding an exclusive lock on {@code FILE.lock} beside the file, so two
   * processes (a server and the command line) changing users do not lose each other's updates:
   * the change re-reads the file under the lock before it writes.
   */
  public <T> T locked(Supplier<T> change) {
    Path lock = path.resolveSibling(path.getFileName() + ".lock");
    try {
      Files.createDirectories(path.getParent());
      try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock held = ch.lock()) {
        return change.get();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + lock, e);
    }
  }

  /** Loads the file, or creates it with a fresh secret and no users. */
  public Contents loadOrCreate() {
    if (Files.exists(path)) {
      return load();
    }
    return locked(() -> {
      if (Files.exists(path)) {
        return load(); // another process created it meanwhile: keep its secret
      }
      byte[] secret = new byte[32];
      new SecureRandom().nextBytes(secret);
      return save(secret, Map.of());
    });
  }

  /** True if the file's modification time or size differs from when {@code c} was read. */
  public boolean changedSince(Contents c) {
    try {
      BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
      return a.lastModifiedTime().toMillis() != c.modified() || a.size() != c.size();
    } catch (NoSuchFileException e) {
      return false; // keep serving what we have; a missing file is an operator's slip
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stat users file " + path, e);
    }
  }

  public Contents load() {
    try {
      BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
      List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
      return parse(lines, a.lastModifiedTime().toMillis(), a.size());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read users file " + path, e);
    }
  }

  private Contents parse(List<String> lines, long modified, long size) {
    if (lines.isEmpty() || !lines.get(0).equals(MAGIC)) {
      throw bad(1, "expected '" + MAGIC + "'");
    }
    byte[] secret = null;
    Map<String, UserRecord> users = new LinkedHashMap<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split(" +");
      try {
        if (f[0].equals("secret") && f.length == 2) {
          secret = B64D.decode(f[1]);
        } else if (f[0].equals("user") && f.length == 5) {
          UserRecord u = new UserRecord(f[1], bytes(f[2]), bytes(f[3]), Rights.parseSpec(f[4]));
          if (users.put(u.name(), u) != null) {
            throw bad(i + 1, "user '" + u.name() + "' appears twice");
          }
        } else {
          throw bad(i + 1, "expected 'secret BASE64' or 'user NAME SALT VERIFIER RIGHTS', got " + f.length + " fields starting '" + f[0] + "'");
        }
      } catch (IllegalArgumentException e) {
        if (e.getMessage() != null && e.getMessage().startsWith("users file ")) {
          throw e;
        }
        throw bad(i + 1, e.getMessage());
      }
    }
    if (secret == null || secret.length < 16) {
      throw bad(lines.size(), "missing 'secret' line of at least 16 bytes");
    }
    return new Contents(secret, java.util.Collections.unmodifiableMap(users), modified, size);
  }

  private IllegalArgumentException bad(int line, String what) {
    return new IllegalArgumentException("users file " + path + " line " + line + ": " + what);
  }

  private static byte[] bytes(String field) {
    return field.equals("-") ? new byte[0] : B64D.decode(field);
  }

  /** Writes a temp file beside the target, forces it, renames it over the target, forces the directory. */
  public Contents save(byte[] secret, Map<String, UserRecord> users) {
    StringBuilder sb = new StringBuilder(MAGIC).append('\n');
    sb.append("# written by ZEO; edit with the server's user commands\n");
    sb.append("secret ").append(B64.encodeToString(secret)).append('\n');
    for (UserRecord u : users.values()) {
      sb.append("user ").append(u.name()).append(' ').append(field(u.salt())).append(' ')
          .append(field(u.verifier())).append(' ').append(Rights.formatSpec(u.rights())).append('\n');
    }
    byte[] data = sb.toString().getBytes(StandardCharsets.UTF_8);
    Path dir = path.getParent();
    Path tmp = dir.resolve(path.getFileName() + ".tmp");
    try {
      Files.createDirectories(dir);
      Files.deleteIfExists(tmp);
      createPrivate(tmp);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(data);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("file system of " + dir + " cannot rename atomically", e);
      }
      forceDirectory(dir);
      BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
      return new Contents(secret, users, a.lastModifiedTime().toMillis(), a.size());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write users file " + path + " (unchanged)", e);
    }
  }

  private static void createPrivate(Path tmp) throws IOException {
    try {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(tmp);
    } catch (FileAlreadyExistsException e) {
      throw new IOException("temp file " + tmp + " appeared while writing: another writer?", e);
    }
  }

  private static void forceDirectory(Path dir) {
    // Makes the rename durable on Linux; other systems may refuse to open a directory.
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // best effort: the data itself is already forced
    }
  }

  private static String field(byte[] b) {
    return b.length == 0 ? "-" : B64.encodeToString(b);
  }
}
