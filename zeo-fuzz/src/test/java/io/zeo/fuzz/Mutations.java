package io.zeo.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;

/**
 * Fuzzer-chosen damage to a valid file: up to four steps, each flipping bits of one byte,
 * inserting a few bytes, or truncating. Offsets are taken modulo the file length so every
 * input lands somewhere real.
 */
final class Mutations {
  private Mutations() {}

  static byte[] apply(byte[] original, FuzzedDataProvider data) {
    byte[] b = original.clone();
    int steps = data.consumeInt(1, 4);
    for (int i = 0; i < steps && data.remainingBytes() > 0; i++) {
      int kind = data.consumeInt(0, 5);
      int at = b.length == 0 ? 0 : Math.floorMod(data.consumeInt(), b.length + 1);
      if (kind <= 3) { // flips are the common case: they are what a bad disk does
        if (at < b.length) {
          b[at] ^= (byte) data.consumeInt(1, 255);
        }
      } else if (kind == 4) {
        byte[] ins = data.consumeBytes(data.consumeInt(1, 16));
        byte[] out = new byte[b.length + ins.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(ins, 0, out, at, ins.length);
        System.arraycopy(b, at, out, at + ins.length, b.length - at);
        b = out;
      } else {
        b = Arrays.copyOf(b, at);
      }
    }
    return b;
  }

  /**
   * True if some byte position at or after {@code from} that both files have holds a different
   * value (an insertion shifts everything after it, so it counts; a pure truncation or an
   * appended tail does not).
   */
  static boolean changedInPlace(byte[] original, byte[] mutated, int from) {
    int common = Math.min(original.length, mutated.length);
    return from < common && Arrays.mismatch(original, from, common, mutated, from, common) >= 0;
  }

  static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteTree(Path root) {
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
          Files.delete(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
