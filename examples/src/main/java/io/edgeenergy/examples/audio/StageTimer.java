package io.edgeenergy.examples.audio;

import java.util.Arrays;

/**
 * Per-call wall times of one chain stage on one thread. The stage's cost is estimated as
 * calls × median call time: the median, unlike the sum, is not inflated by the moments this
 * (shared, loaded) machine preempts the thread, and the count is exact.
 */
public final class StageTimer {
  private final String name;
  private long[] nanos = new long[1024];
  private long calls;

  /** A timer for the stage called {@code name}. */
  public StageTimer(String name) {
    this.name = name;
  }

  /** Records one call that took {@code elapsedNanos}. */
  public void record(long elapsedNanos) {
    if (calls == nanos.length) {
      nanos = Arrays.copyOf(nanos, (int) calls * 2);
    }
    nanos[(int) calls++] = elapsedNanos;
  }

  /** The stage's name. */
  public String name() {
    return name;
  }

  /** Calls recorded. */
  public long calls() {
    return calls;
  }

  /** Median call time in nanoseconds (0 with no calls). */
  public double medianNanos() {
    if (calls == 0) {
      return 0;
    }
    long[] sorted = Arrays.copyOf(nanos, (int) calls);
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }
}
