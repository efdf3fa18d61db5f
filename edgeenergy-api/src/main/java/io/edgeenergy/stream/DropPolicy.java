package io.edgeenergy.stream;

import java.time.Duration;

/**
 * What a {@link StreamRunner} does when the pipeline is slower than real time. The runner keeps a
 * lag: each frame adds its processing time and subtracts one frame period (stream time), never below
 * zero. With {@link #never()} every frame runs and the lag is only reported; with
 * {@link #dropWhenBehind(Duration)} a frame that arrives while the lag exceeds {@code maxLag} is
 * dropped (not run; it counts as no event) and its period paid off the lag. Dropped frames are
 * counted in the {@link StreamReport}, never silent.
 *
 * @param maxLagNanos lag above which frames are dropped; {@code Long.MAX_VALUE} for never
 */
public record DropPolicy(long maxLagNanos) {
  /** Checks that the lag is not negative. */
  public DropPolicy {
    if (maxLagNanos < 0) {
      throw new IllegalArgumentException("max lag must be >= 0 ns, was " + maxLagNanos);
    }
  }

  /** Run every frame, however late (offline evaluation; the lag is reported). */
  public static DropPolicy never() {
    return new DropPolicy(Long.MAX_VALUE);
  }

  /** Drop frames while the pipeline lags stream time by more than {@code maxLag} (live input). */
  public static DropPolicy dropWhenBehind(Duration maxLag) {
    return new DropPolicy(maxLag.toNanos());
  }

  @Override
  public String toString() {
    return maxLagNanos == Long.MAX_VALUE ? "never drop" : "drop while more than " + maxLagNanos / 1e6 + " ms behind";
  }
}
