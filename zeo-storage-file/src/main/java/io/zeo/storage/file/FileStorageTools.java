package io.zeo.storage.file;

import io.zeo.spi.Oid;
import io.zeo.spi.StorageError;
import io.zeo.spi.Tid;
import io.zeo.storage.file.internal.Appender;
import io.zeo.storage.file.internal.DataFile;
import io.zeo.storage.file.internal.DataHeader;
import io.zeo.storage.file.internal.FileHeader;
import io.zeo.storage.file.internal.Format;
import io.zeo.storage.file.internal.FormatException;
import io.zeo.storage.file.internal.Scanner;
import io.zeo.storage.file.internal.Txn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Offline checks and repairs of a FileStorage data file, for the command line: {@link #verify}
 * reports every problem by offset and tid; {@link #recover} salvages every intact transaction
 * into a new file. Neither touches the file it reads; run them on a storage nobody has open.
 */
public final class FileStorageTools {
  private FileStorageTools() {}

  /** A problem found at {@code offset}, in the transaction {@code tid} claims (0 if unknown). */
  public record Problem(long offset, long tid, String message) {
    @Override
    public String toString() {
      return "offset " + offset + (tid == 0 ? "" : " (transaction " + Tid.describe(tid) + ")") + ": " + message;
    }
  }

  /**
   * What {@link #verify} found.
   *
   * @param transactions intact transactions read
   * @param bytes the file's size
   */
  public record VerifyReport(Path file, long transactions, long bytes, List<Problem> problems) {
    public VerifyReport {
      problems = List.copyOf(problems);
    }

    /** True if no problem was found. */
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  /**
   * What {@link #recover} did.
   *
   * @param copied transactions written to the new file
   * @param skippedBytes bytes of the input left behind as damaged
   */
  public record RecoverReport(Path output, long copied, long skippedBytes, List<Problem> problems) {
    public RecoverReport {
      problems = List.copyOf(problems);
    }
  }

  /**
   * Reads the whole file and checks every transaction (CRC, structure, tid order) and every
   * data record's pointers.
   *
   * @throws StorageError if the file cannot be read at all
   */
  public static VerifyReport verify(Path file) {
    List<Problem> problems = new ArrayList<>();
    long count = 0;
    try (FileAccess.Handle h = FileAccess.system().open(file, false)) {
      long size = h.size();
      try {
        FileHeader.check(h, file.toString());
      } catch (StorageError e) {
        problems.add(new Problem(0, 0, e.getMessage()));
        return new VerifyReport(file, 0, size, problems);
      }
      DataFile f = new DataFile(file, file.toString(), h, size);
      Scanner s = new Scanner(h, size);
      long pos = Format.FILE_HEADER;
      long prevTid = Tid.NONE;
      while (true) {
        Scanner.Step step = s.at(pos, prevTid);
        if (step instanceof Scanner.End) {
          break;
        }
        if (step instanceof Scanner.Ok ok) {
          checkPointers(f, ok.txn(), problems);
          count++;
          prevTid = ok.txn().tid;
          pos += ok.txn().length;
          continue;
        }
        Scanner.Bad bad = (Scanner.Bad) step;
        problems.add(new Problem(bad.pos(), bad.tid(), bad.why()));
        long next = bad.next() >= 0 ? bad.next() : findNext(s, pos + 1, prevTid);
        if (next < 0) {
          problems.add(new Problem(pos, 0, "no intact transaction follows; " + (size - pos) + " bytes unchecked"));
          break;
        }
        pos = next;
      }
      return new VerifyReport(file, count, size, problems);
    } catch (IOException e) {
      throw new StorageError("cannot read " + file + ": " + e, e);
    }
  }

  private static void checkPointers(DataFile f, Txn t, List<Problem> problems) {
    for (int i = 0; i < t.size(); i++) {
      long oid = t.oid(i);
      try {
        for (long p : new long[] {t.prev(i), t.back(i)}) {
          if (p != 0) {
            DataHeader h = f.header(p);
            if (h.oid() != oid || Long.compareUnsigned(h.tid(), t.tid) >= 0) {
              problems.add(new Problem(t.recordPos(i), t.tid, "record of oid " + Oid.toString(oid)
                  + " points at offset " + p + ", a record of oid " + Oid.toString(h.oid())));
            }
          }
        }
      } catch (StorageError e) {
        problems.add(new Problem(t.recordPos(i), t.tid, e.getMessage()));
      }
    }
  }

  /** The next offset after {@code from} where an intact transaction later than {@code prevTid} starts, or -1. */
  private static long findNext(Scanner s, long from, long prevTid) throws IOException {
    for (long p = from; p + Format.TXN_HEADER + Format.TXN_TRAILER <= s.size(); p++) {
      if (s.at(p, prevTid) instanceof Scanner.Ok) {
        return p;
      }
    }
    return -1;
  }

  /**
   * Copies every intact transaction of {@code in} into a new file {@code out}, skipping damaged
   * ones (and data records whose back pointer leads into damage). Open {@code out} as the
   * storage afterwards; keep {@code in} until satisfied.
   *
   * @throws StorageError if {@code out} exists or a file cannot be read or written
   */
  public static RecoverReport recover(Path in, Path out) {
    if (Files.exists(out)) {
      throw new StorageError("recover output " + out + " already exists; expected a new file");
    }
    List<Problem> problems = new ArrayList<>();
    long copied = 0;
    long skipped = 0;
    try (FileAccess.Handle h = FileAccess.system().open(in, false)) {
      long size = h.size();
      FileHeader.check(h, in.toString());
      DataFile source = new DataFile(in, in.toString(), h, size);
      Appender target = new Appender(FileAccess.system(), out, out, out.toString());
      try {
        Scanner s = new Scanner(h, size);
        long pos = Format.FILE_HEADER;
        long prevTid = Tid.NONE;
        while (true) {
          Scanner.Step step = s.at(pos, prevTid);
          if (step instanceof Scanner.End) {
            break;
          }
          if (step instanceof Scanner.Ok ok) {
            Txn t = ok.txn();
            List<Long> dropped = new ArrayList<>();
            target.copyWhole(source, t, dropped::add);
            if (!dropped.isEmpty()) {
              problems.add(new Problem(t.pos, t.tid, "left out records of oids " + dropped
                  + " whose back pointers lead into damage"));
            }
            copied++;
            prevTid = t.tid;
            pos += t.length;
            continue;
          }
          Scanner.Bad bad = (Scanner.Bad) step;
          long next = bad.next() >= 0 && s.at(bad.next(), prevTid) instanceof Scanner.Ok
              ? bad.next() : findNext(s, pos + 1, prevTid);
          long end = next < 0 ? size : next;
          problems.add(new Problem(bad.pos(), bad.tid(), bad.why() + "; skipped " + (end - pos) + " bytes"));
          skipped += end - pos;
          if (next < 0) {
            break;
          }
          pos = next;
        }
        target.target.handle.force();
      } catch (FormatException e) {
        throw new StorageError("cannot recover " + in + ": " + e.getMessage());
      } finally {
        target.target.handle.close();
      }
    } catch (IOException e) {
      throw new StorageError("cannot recover " + in + " into " + out + ": " + e, e);
    }
    return new RecoverReport(out, copied, skipped, problems);
  }
}
