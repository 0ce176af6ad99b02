package io.zeo.storage.file.internal;

import io.zeo.spi.StorageError;
import io.zeo.storage.file.FileAccess;
import java.io.IOException;
import java.nio.ByteBuffer;

/** The 32-byte file header: magic, format version and the oid high-water mark. */
public final class FileHeader {
  private FileHeader() {}

  /** Writes a fresh header. */
  public static void write(FileAccess.Handle h, long oidHighWater) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(Format.FILE_HEADER);
    b.put(Format.MAGIC).putInt(Format.VERSION).putLong(oidHighWater).position(Format.FILE_HEADER).flip();
    Io.writeFully(h, b, 0);
  }

  /**
   * Checks magic and version.
   *
   * @return the oid high-water mark
   * @throws StorageError if the file is not a data file of a version this library reads
   */
  public static long check(FileAccess.Handle h, String name) throws IOException {
    if (h.size() < Format.FILE_HEADER) {
      throw new StorageError(name + " is not a FileStorage data file: " + h.size() + " bytes, shorter than the "
          + Format.FILE_HEADER + "-byte header");
    }
    ByteBuffer b = Io.read(h, 0, Format.FILE_HEADER);
    byte[] magic = new byte[4];
    b.get(magic);
    if (!java.util.Arrays.equals(magic, Format.MAGIC)) {
      throw new StorageError(String.format("%s is not a FileStorage data file: magic %02x%02x%02x%02x, expected"
          + " \"ZEOF\"", name, magic[0], magic[1], magic[2], magic[3]));
    }
    int version = b.getInt();
    if (version != Format.VERSION) {
      throw new StorageError(name + " has format version " + version + "; this library reads version "
          + Format.VERSION);
    }
    return b.getLong();
  }

  /**
   * Raises the oid high-water mark. One aligned 8-byte write inside the first sector; the next
   * commit's force makes it durable together with any oid it uses.
   */
  public static void setOidHighWater(FileAccess.Handle h, long value) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(8).putLong(value).flip();
    Io.writeFully(h, b, Format.OID_HIGH_WATER_AT);
  }
}
