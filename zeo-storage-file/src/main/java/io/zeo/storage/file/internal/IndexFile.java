package io.zeo.storage.file.internal;

import io.zeo.storage.file.FileAccess;
import it.unimi.dsi.fastutil.longs.Long2LongMap;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * The saved oid index ({@code <data file>.index}), written on clean close so the next open
 * reads it instead of scanning the whole file.
 *
 * <pre>
 *  0  4  magic "ZEOI"             4  4  version (1)
 *  8  8  data file offset covered (the end of the last transaction indexed)
 * 16  8  tid of the transaction ending there
 * 24  8  largest oid seen        32  8  data file modification time (µs) when saved
 * 40  8  data file size when saved
 * 48  4  oid entries n           52  4  transaction entries m
 * 56     n × (oid 8, offset 8), then m × (tid 8, offset 8)
 * end    4  CRC32C of everything before
 * </pre>
 *
 * <p>On open the index is trusted only if its CRC matches, the transaction ending at the covered
 * offset is intact and carries the recorded tid, a sample of entries point at records of their
 * oid, and, when the data file has not grown since, its modification time is unchanged (so a
 * file edited while closed is scanned, not trusted).
 */
public final class IndexFile {
  private static final byte[] MAGIC = {'Z', 'E', 'O', 'I'};
  private static final int VERSION = 1;
  private static final int HEADER = 56;
  private static final int CHUNK = 1 << 20;

  private IndexFile() {}

  public static Path pathFor(Path dataFile) {
    return dataFile.resolveSibling(dataFile.getFileName() + ".index");
  }

  /** Writes the index of {@code f} atomically: temporary file, force, rename. */
  public static void save(DataFile f) throws IOException {
    Path target = pathFor(f.path);
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    long mtime = Files.getLastModifiedTime(f.path).to(TimeUnit.MICROSECONDS);
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      CRC32C crc = new CRC32C();
      ByteBuffer b = ByteBuffer.allocate(CHUNK);
      b.put(MAGIC).putInt(VERSION).putLong(f.end).putLong(f.lastTid).putLong(f.maxOid).putLong(mtime)
          .putLong(f.handle.size()).putInt(f.index.size()).putInt(f.tids.size());
      for (Long2LongMap.Entry e : f.index.long2LongEntrySet()) {
        b = room(ch, b, crc);
        b.putLong(e.getLongKey()).putLong(e.getLongValue());
      }
      for (int i = 0; i < f.tids.size(); i++) {
        b = room(ch, b, crc);
        b.putLong(f.tids.tid(i)).putLong(f.tids.pos(i));
      }
      flush(ch, b, crc);
      b.putInt((int) crc.getValue()).flip();
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static ByteBuffer room(FileChannel ch, ByteBuffer b, CRC32C crc) throws IOException {
    if (b.remaining() < 16) {
      flush(ch, b, crc);
    }
    return b;
  }

  private static void flush(FileChannel ch, ByteBuffer b, CRC32C crc) throws IOException {
    b.flip();
    crc.update(b.array(), 0, b.limit());
    while (b.hasRemaining()) {
      ch.write(b);
    }
    b.clear();
  }

  /**
   * Loads the saved index into {@code f} if it is present and agrees with the data file.
   *
   * @return null if loaded, else why it was not used
   */
  public static String load(DataFile f, long fileSize) throws IOException {
    Path p = pathFor(f.path);
    if (!Files.exists(p)) {
      return "there is no saved index";
    }
    // streamed in chunks: a million objects' index is 16 MB that need not sit in memory twice
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
      long total = ch.size();
      ByteBuffer b = ByteBuffer.allocate(CHUNK);
      CRC32C crc = new CRC32C();
      if (total < HEADER + 4 || !fill(ch, b, HEADER, crc) || b.getInt(0) != ByteBuffer.wrap(MAGIC).getInt()
          || b.getInt(4) != VERSION) {
        return "the saved index " + p + " is not an index of this format";
      }
      long covered = b.getLong(8);
      long lastTid = b.getLong(16);
      long maxOid = b.getLong(24);
      long mtime = b.getLong(32);
      long sizeThen = b.getLong(40);
      int n = b.getInt(48);
      int m = b.getInt(52);
      if (n < 0 || m < 0 || HEADER + 16L * n + 16L * m + 4 != total) {
        return "the saved index " + p + " has inconsistent counts";
      }
      if (covered < Format.FILE_HEADER || covered > fileSize) {
        return "the saved index covers " + covered + " bytes but the file has " + fileSize;
      }
      if (fileSize == sizeThen && Files.getLastModifiedTime(f.path).to(TimeUnit.MICROSECONDS) != mtime) {
        return "the data file was modified after the index was saved";
      }
      String tail = checkEndsAt(f.handle, covered, lastTid);
      if (tail != null) {
        return tail;
      }
      f.index.ensureCapacity(n);
      for (long left = n; left > 0; ) {
        int batch = (int) Math.min(left, CHUNK / 16);
        if (!fill(ch, b, batch * 16, crc)) {
          return "the saved index " + p + " ends early";
        }
        for (int i = 0; i < batch; i++) {
          f.index.put(b.getLong(), b.getLong());
        }
        left -= batch;
      }
      for (long left = m; left > 0; ) {
        int batch = (int) Math.min(left, CHUNK / 16);
        if (!fill(ch, b, batch * 16, crc)) {
          return "the saved index " + p + " ends early";
        }
        for (int i = 0; i < batch; i++) {
          f.tids.add(b.getLong(), b.getLong());
        }
        left -= batch;
      }
      int computed = (int) crc.getValue();
      if (!fill(ch, b, 4, null) || b.getInt() != computed) {
        return "the saved index " + p + " fails its checksum";
      }
      f.end = covered;
      f.lastTid = lastTid;
      f.maxOid = maxOid;
    }
    return spotCheck(f);
  }

  /** Reads exactly {@code n} bytes into {@code b} (from 0, flipped), adding them to {@code crc}. */
  private static boolean fill(FileChannel ch, ByteBuffer b, int n, CRC32C crc) throws IOException {
    b.clear().limit(n);
    while (b.hasRemaining()) {
      if (ch.read(b) < 0) {
        return false;
      }
    }
    b.flip();
    if (crc != null) {
      crc.update(b.array(), 0, n);
    }
    return true;
  }

  private static String checkEndsAt(FileAccess.Handle h, long covered, long lastTid) throws IOException {
    if (covered == Format.FILE_HEADER) {
      return lastTid == 0 ? null : "the saved index names a tid for an empty file";
    }
    long len = Io.read(h, covered - Format.TXN_TRAILER, 8).getLong();
    if (len < Format.TXN_HEADER + Format.TXN_TRAILER || len > covered - Format.FILE_HEADER || len > Integer.MAX_VALUE) {
      return "no transaction ends at offset " + covered;
    }
    try {
      Txn t = Txn.parse(covered - len, Io.read(h, covered - len, (int) len).array());
      return t.tid == lastTid ? null : "the transaction ending at " + covered + " is not the one indexed";
    } catch (FormatException e) {
      return "the transaction ending at " + covered + " is damaged: " + e.getMessage();
    }
  }

  private static String spotCheck(DataFile f) {
    int checked = 0;
    for (Long2LongMap.Entry e : f.index.long2LongEntrySet()) {
      if (checked++ == 64) {
        break;
      }
      long pos = e.getLongValue();
      if (pos < Format.FILE_HEADER || pos >= f.end) {
        return "the saved index points outside the file";
      }
      if (f.read(pos, 8).getLong() != e.getLongKey()) {
        return "the saved index disagrees with the file at offset " + pos;
      }
    }
    return null;
  }
}
