package io.zeo.storage.file;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/** Options for opening a {@link FileStorage}; each setter documents its default. */
public final class FileStorageBuilder {
  /** Default largest object record: 64 MiB. */
  public static final long DEFAULT_MAX_RECORD_SIZE = 64L << 20;

  final Path path;
  String name;
  boolean readOnly;
  boolean create = true;
  long maxRecordSize = DEFAULT_MAX_RECORD_SIZE;
  boolean packKeepOld = true;
  FileAccess access = FileAccess.system();
  Clock clock = Clock.systemUTC();

  FileStorageBuilder(Path path) {
    this.path = Objects.requireNonNull(path, "path");
  }

  /** The name used in logs and errors; default the path. */
  public FileStorageBuilder name(String name) {
    this.name = Objects.requireNonNull(name, "name");
    return this;
  }

  /** Open for reading only (no lock taken, nothing written, the file must exist); default false. */
  public FileStorageBuilder readOnly(boolean readOnly) {
    this.readOnly = readOnly;
    return this;
  }

  /** Create the file if it is missing; default true. */
  public FileStorageBuilder create(boolean create) {
    this.create = create;
    return this;
  }

  /** The largest object record {@code store} accepts, in bytes; default 64 MiB. */
  public FileStorageBuilder maxRecordSize(long bytes) {
    if (bytes < 1 || bytes > Integer.MAX_VALUE - 1024) {
      throw new IllegalArgumentException("max-record-size " + bytes + " is not between 1 and "
          + (Integer.MAX_VALUE - 1024));
    }
    this.maxRecordSize = bytes;
    return this;
  }

  /** Keep the pre-pack file as {@code <file>.old} after a pack; default true. */
  public FileStorageBuilder packKeepOld(boolean keep) {
    this.packKeepOld = keep;
    return this;
  }

  /** The file-access seam (tests inject faults); default {@link FileAccess#system()}. */
  public FileStorageBuilder fileAccess(FileAccess access) {
    this.access = Objects.requireNonNull(access, "access");
    return this;
  }

  /** The clock tids are taken from; default the system UTC clock. */
  public FileStorageBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * Opens the storage.
   *
   * @throws io.zeo.spi.StorageError if it is locked by another process (the message names the
   *     pid), missing (with create off), not a data file, or damaged
   */
  public FileStorage open() {
    return new FileStorage(this);
  }
}
