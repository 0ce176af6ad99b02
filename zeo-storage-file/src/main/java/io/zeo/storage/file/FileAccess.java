package io.zeo.storage.file;

import io.zeo.storage.file.internal.ChannelFileAccess;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The narrow seam through which {@link FileStorage} reads and writes its data file, so a test
 * can make the Nth write fail (a full disk) without touching the rest of the file system.
 * Production code uses {@link #system()}.
 */
public interface FileAccess {

  /** Plain {@link java.nio.channels.FileChannel}s. */
  static FileAccess system() {
    return ChannelFileAccess.INSTANCE;
  }

  /**
   * Opens {@code path}; with {@code write} it is created if missing and opened for reading and
   * writing, otherwise opened for reading only.
   */
  Handle open(Path path, boolean write) throws IOException;

  /** An open file. Positional reads and writes may run from several threads at once. */
  interface Handle extends Closeable {
    /** Reads into {@code dst} from {@code position}; returns bytes read or -1 at the end. */
    int read(ByteBuffer dst, long position) throws IOException;

    /** Writes {@code src} at {@code position}; returns bytes written. */
    int write(ByteBuffer src, long position) throws IOException;

    /** Forces written data (not necessarily metadata other than the size) to the device. */
    void force() throws IOException;

    /** Cuts the file to {@code size} bytes. */
    void truncate(long size) throws IOException;

    /** The file's current size. */
    long size() throws IOException;
  }
}
