package io.edgeenergy.testkit;

import io.edgeenergy.thermal.ThermalHeadroom;
import java.time.Duration;

/**
 * A {@link ThermalHeadroom} a test sets by hand: {@link #set(double)} the current headroom and
 * {@link #setSlopePerSecond(double) a trend} for {@link #forecast}. Starts unknown ({@code NaN}).
 * Thread-safe.
 */
public final class FakeThermalHeadroom implements ThermalHeadroom {
  private volatile double headroom = Double.NaN;
  private volatile double slopePerSecond;

  public static FakeThermalHeadroom create() {
    return new FakeThermalHeadroom();
  }

  /** The headroom from now on; {@code NaN} for unknown. */
  public FakeThermalHeadroom set(double value) {
    if (value < 0) {
      throw new IllegalArgumentException("headroom must be >= 0 or NaN, was " + value);
    }
    this.headroom = value;
    return this;
  }

  /** How fast headroom changes per second, for {@link #forecast}. */
  public FakeThermalHeadroom setSlopePerSecond(double slope) {
    this.slopePerSecond = slope;
    return this;
  }

  @Override
  public double headroom() {
    return headroom;
  }

  @Override
  public double forecast(Duration ahead) {
    return Math.max(0, headroom + slopePerSecond * ahead.toNanos() / 1e9);
  }

  @Override
  public String toString() {
    return "FakeThermalHeadroom[" + headroom + "]";
  }
}
