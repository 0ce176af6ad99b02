package io.zeo.spi;

import java.util.Arrays;

/**
 * One revision of an object as {@link Storage#loadBefore} returns it: the data, the tid that
 * wrote it ({@code start}) and the tid of the next revision ({@code end}), or {@link Tid#NONE}
 * when it is still current. The revision is what every snapshot {@code s} with
 * {@code start <= s < end} reads. The array is not copied; callers must not modify it.
 */
public record Revision(byte[] data, long start, long end) {
  public Revision {
    java.util.Objects.requireNonNull(data, "data");
  }

  /** True if no later revision exists. */
  public boolean isCurrent() {
    return end == Tid.NONE;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Revision r && r.start == start && r.end == end && Arrays.equals(r.data, data);
  }

  @Override
  public int hashCode() {
    return (31 * Long.hashCode(start) + Long.hashCode(end)) * 31 + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "Revision[start=" + Tid.toHex(start) + ", end=" + Tid.toHex(end) + ", " + data.length + " bytes]";
  }
}
