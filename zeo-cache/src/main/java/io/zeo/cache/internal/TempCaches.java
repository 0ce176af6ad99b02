package io.zeo.cache.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Temporary caches (no {@code cache-path}) live in one known directory,
 * {@code <java.io.tmpdir>/zeo-cache-<user>}, as {@code tmp-<pid>-<random>.zcache} with their
 * side files. Each open sweeps away the files of processes that are gone, so a crash leaves
 * nothing behind for long.
 */
public final class TempCaches {
  private static final System.Logger LOG = System.getLogger(TempCaches.class.getName());
  private static final Pattern NAME = Pattern.compile("tmp-(\\d+)-[0-9a-f]+\\.zcache(\\..*)?");

  private TempCaches() {}

  /** The default directory of temporary caches. */
  public static Path defaultDirectory() {
    String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_.-]", "_");
    return Path.of(System.getProperty("java.io.tmpdir"), "zeo-cache-" + user);
  }

  /** A fresh path for a temporary cache of this process in {@code dir} (created if needed). */
  public static Path newPath(Path dir) throws IOException {
    Files.createDirectories(dir);
    return dir.resolve("tmp-" + ProcessHandle.current().pid() + "-"
        + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE) + ".zcache");
  }

  /** Deletes the temporary cache files in {@code dir} whose owning process is dead. */
  public static int removeStale(Path dir) {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    int removed = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "tmp-*")) {
      for (Path f : files) {
        Matcher m = NAME.matcher(f.getFileName().toString());
        if (!m.matches()) {
          continue;
        }
        long pid = Long.parseLong(m.group(1));
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
          continue;
        }
        try {
          if (Files.deleteIfExists(f)) {
            removed++;
            LOG.log(System.Logger.Level.INFO, "removed temporary cache file " + f + " of dead process " + pid);
          }
        } catch (IOException e) {
          LOG.log(System.Logger.Level.WARNING, "cannot remove stale temporary cache file " + f + ": " + e);
        }
      }
    } catch (IOException | NumberFormatException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot sweep temporary caches in " + dir + ": " + e);
    }
    return removed;
  }
}
