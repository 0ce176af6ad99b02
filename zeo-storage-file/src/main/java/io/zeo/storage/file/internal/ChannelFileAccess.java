package io.zeo.storage.file.internal;

import io.zeo.storage.file.FileAccess;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** {@link FileAccess} over plain file channels. */
public final class ChannelFileAccess implements FileAccess {
  public static final ChannelFileAccess INSTANCE = new ChannelFileAccess();

  private ChannelFileAccess() {}

  @Override
  public Handle open(Path path, boolean write) throws IOException {
    FileChannel ch = write
        ? FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE)
        : FileChannel.open(path, StandardOpenOption.READ);
    return new Handle() {
      @Override
      public int read(ByteBuffer dst, long position) throws IOException {
        return ch.read(dst, position);
      }

      @Override
      public int write(ByteBuffer src, long position) throws IOException {
        return ch.write(src, position);
      }

      @Override
      public void force() throws IOException {
        ch.force(false);
      }

      @Override
      public void truncate(long size) throws IOException {
        ch.truncate(size);
      }

      @Override
      public long size() throws IOException {
        return ch.size();
      }

      @Override
      public void close() throws IOException {
        ch.close();
      }
    };
  }
}
