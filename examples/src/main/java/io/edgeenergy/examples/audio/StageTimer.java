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
  private double fixedMedian = -1;

  /** A timer for the stage called {@code name}. */
  public StageTimer(String name) {
    this.name = name;
  }

  /** A timer that reports {@code calls} calls of {@code medianNanos} each (a replayed run). */
  public static StageTimer fixed(String name, long calls, double medianNanos) {
    StageTimer t = new StageTimer(name);
    t.calls = calls;
    t.fixedMedian = medianNanos;
    return t;
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
    if (fixedMedian >= 0 || calls == 0) {
      return Math.max(0, fixedMedian);
    }
    long[] sorted = Arrays.copyOf(nanos, (int) calls);
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }

  /** calls × median, in seconds. */
  public double estimatedSeconds() {
    return calls * medianNanos() / 1e9;
  }
}
