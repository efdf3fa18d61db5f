package io.edgeenergy.energy;

import io.edgeenergy.Energy;
import io.edgeenergy.EnergyQuality;
import java.time.Duration;

/**
 * One reading of a meter's counter, as a value: compare two with {@link #between} to get the energy
 * spent in between, wrap-safe (in the spirit of jRAPL's {@code EnergyMeasurement}).
 *
 * @param tickerNanos when it was read, on the meter's ticker
 * @param counterNanojoules the counter's raw value
 * @param wrapRangeNanojoules the value at which the counter wraps to 0, or 0 if it never wraps
 */
public record EnergyReading(
    String meter, EnergyDomain domain, long tickerNanos, long counterNanojoules,
    long wrapRangeNanojoules, EnergyQuality quality) {

  /** Energy and time between two readings of the same counter, wrap-safe for one wrap. */
  public static Measurement between(EnergyReading start, EnergyReading end) {
    if (!start.meter.equals(end.meter) || start.domain != end.domain) {
      throw new IllegalArgumentException("readings of different counters: " + start + " and " + end);
    }
    if (end.tickerNanos < start.tickerNanos) {
      throw new IllegalArgumentException("end reading precedes start reading: " + start + " then " + end);
    }
    long delta = delta(start.counterNanojoules, end.counterNanojoules, end.wrapRangeNanojoules);
    return new Measurement(Energy.ofNanojoules(delta), Duration.ofNanos(end.tickerNanos - start.tickerNanos),
        start.quality.combine(end.quality));
  }

  /**
   * Allocation-free form of {@link #between}: the counter's increase from {@code start} to {@code end}.
   * A decrease means the counter wrapped once at {@code wrapRange}; a counter that cannot wrap
   * ({@code wrapRange == 0}) and decreased is an error, never a negative figure.
   */
  public static long delta(long start, long end, long wrapRange) {
    long delta = deltaOrImpossible(start, end, wrapRange);
    if (delta != IMPOSSIBLE) {
      return delta;
    }
    throw new IllegalStateException("energy counter went backwards from " + start + " to " + end
        + " nJ and cannot wrap (range " + wrapRange + " nJ)");
  }

  /**
   * Like {@link #delta} but never throws: the counter's increase, or {@link #IMPOSSIBLE} when the
   * counter decreased and cannot have wrapped (a meter bug or a glitching sensor). Allocation-free,
   * for the hot path.
   */
  public static long deltaOrImpossible(long start, long end, long wrapRange) {
    if (end >= start) {
      return end - start;
    }
    return wrapRange > 0 && start <= wrapRange ? wrapRange - start + end : IMPOSSIBLE;
  }

  /** What {@link #deltaOrImpossible} returns for a counter that went backwards. */
  public static final long IMPOSSIBLE = -1;

  /** Energy spent over a span of time, with its quality. */
  public record Measurement(Energy energy, Duration duration, EnergyQuality quality) {
    @Override
    public String toString() {
      return energy + " in " + duration.toNanos() / 1e6 + " ms (" + quality + ")";
    }
  }
}
