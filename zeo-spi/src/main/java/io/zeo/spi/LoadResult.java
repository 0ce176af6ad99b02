package io.zeo.spi;

import java.util.Arrays;

/**
 * The current revision of an object: its data and its serial (the tid that wrote it).
 * The array is not copied; callers must not modify it.
 */
public record LoadResult(byte[] data, long serial) {
  public LoadResult {
    java.util.Objects.requireNonNull(data, "data");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LoadResult r && r.serial == serial && Arrays.equals(r.data, data);
  }

  @Override
  public int hashCode() {
    return 31 * Long.hashCode(serial) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "LoadResult[serial=" + Tid.toHex(serial) + ", " + data.length + " bytes]";
  }
}
