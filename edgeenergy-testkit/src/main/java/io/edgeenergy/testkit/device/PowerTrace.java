package io.edgeenergy.testkit.device;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A device's power over time as a piecewise-linear curve that repeats: steps, bursts, ramps, noise
 * and drops to zero, built from segments. Its integral is exact (trapezoids of the segments), so a
 * test compares what a meter measured with the energy really spent; {@link #variationMicrowatts}
 * gives the total variation that bounds what sampling at a period can miss.
 *
 * <p>Immutable and thread-safe: a simulated device's writer thread and the test read it together.
 */
public final class PowerTrace {
  private final long[] startNanos;   // segment k starts at startNanos[k] within one cycle
  private final double[] fromUw;
  private final double[] toUw;
  private final double[] integralBeforeNj;   // energy of one cycle before segment k
  private final double[] variationBeforeUw;
  private final long cycleNanos;
  private final double cycleNj;
  private final double cycleVariationUw;
  private final double maxUw;
  private final String description;

  private PowerTrace(Builder b) {
    int n = b.durations.size();
    startNanos = new long[n];
    fromUw = new double[n];
    toUw = new double[n];
    integralBeforeNj = new double[n];
    variationBeforeUw = new double[n];
    long t = 0;
    double e = 0;
    double v = 0;
    double max = 0;
    for (int k = 0; k < n; k++) {
      startNanos[k] = t;
      fromUw[k] = b.from.get(k);
      toUw[k] = b.to.get(k);
      integralBeforeNj[k] = e;
      // the jump into this segment, then the ramp inside it
      v += Math.abs(fromUw[k] - (k == 0 ? b.to.get(n - 1) : toUw[k - 1]));
      variationBeforeUw[k] = v;
      v += Math.abs(toUw[k] - fromUw[k]);
      long d = b.durations.get(k);
      e += (fromUw[k] + toUw[k]) / 2 * d / 1e6;
      t += d;
      max = Math.max(max, Math.max(fromUw[k], toUw[k]));
    }
    cycleNanos = t;
    cycleNj = e;
    cycleVariationUw = v;
    maxUw = max;
    description = b.description.toString();
  }

  /** An empty trace to add segments to. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A 3-second mix seeded by {@code seed}: idle, a step to a busy level, a train of 1 ms bursts, a
   * ramp, 5 ms noise, falling power (busy to 0 W) and a stretch at 0 W, between 0 and {@code peakWatts}.
   */
  public static PowerTrace standard(long seed, double peakWatts) {
    double p = peakWatts;
    return builder()
        .hold(0.15 * p, Duration.ofMillis(300))
        .hold(0.9 * p, Duration.ofMillis(400))
        .bursts(p, Duration.ofMillis(1), 0.2 * p, Duration.ofMillis(4), 60)
        .ramp(0.1 * p, 0.8 * p, Duration.ofMillis(500))
        .noise(seed, 0.1 * p, 0.9 * p, Duration.ofMillis(5), Duration.ofMillis(600))
        .hold(p, Duration.ofMillis(200))
        .hold(0, Duration.ofMillis(300))
        .ramp(0, 0.5 * p, Duration.ofMillis(400))
        .build();
  }

  /** Power at {@code nanos} after the trace started, in µW; repeats every {@link #cycle()}. */
  public double microwattsAt(long nanos) {
    long t = Math.floorMod(nanos, cycleNanos);
    int k = segment(t);
    double d = segmentNanos(k);
    return fromUw[k] + (toUw[k] - fromUw[k]) * ((t - startNanos[k]) / d);
  }

  /** The exact energy from {@code 0} to {@code nanos}, in nJ (nanos ≥ 0). */
  public double nanojoulesUntil(long nanos) {
    long cycles = Math.floorDiv(nanos, cycleNanos);
    long t = nanos - cycles * cycleNanos;
    int k = segment(t);
    double at = microwattsAt(t);
    return cycles * cycleNj + integralBeforeNj[k] + (fromUw[k] + at) / 2 * (t - startNanos[k]) / 1e6;
  }

  /** The exact energy between two instants of the trace, in nJ. */
  public double nanojoules(long fromNanos, long toNanos) {
    return nanojoulesUntil(toNanos) - nanojoulesUntil(fromNanos);
  }

  /** Total variation of the power from {@code 0} to {@code nanos} (µW): every rise and fall added up. */
  public double variationUntil(long nanos) {
    long cycles = Math.floorDiv(nanos, cycleNanos);
    long t = nanos - cycles * cycleNanos;
    int k = segment(t);
    return cycles * cycleVariationUw + variationBeforeUw[k] + Math.abs(microwattsAt(t) - fromUw[k]);
  }

  /** Total variation between two instants (µW). */
  public double variationMicrowatts(long fromNanos, long toNanos) {
    return variationUntil(toNanos) - variationUntil(fromNanos);
  }

  /**
   * How far the power swings between {@code fromNanos} and {@code toNanos} (µW): its highest minus its
   * lowest value there. A trapezoid over that span is off by at most the span times this.
   */
  public double rangeMicrowatts(long fromNanos, long toNanos) {
    if (toNanos - fromNanos >= cycleNanos) {
      return maxUw - minOverCycle();
    }
    double hi = Math.max(microwattsAt(fromNanos), microwattsAt(toNanos));
    double lo = Math.min(microwattsAt(fromNanos), microwattsAt(toNanos));
    long t = fromNanos;
    while (t < toNanos) {
      long inCycle = Math.floorMod(t, cycleNanos);
      int k = segment(inCycle);
      hi = Math.max(hi, Math.max(fromUw[k], toUw[k]));
      lo = Math.min(lo, Math.min(fromUw[k], toUw[k]));
      t += (startNanos[k] + (long) segmentNanos(k)) - inCycle;   // to the next segment
    }
    return hi - lo;
  }

  private double minOverCycle() {
    double lo = Double.MAX_VALUE;
    for (int k = 0; k < fromUw.length; k++) {
      lo = Math.min(lo, Math.min(fromUw[k], toUw[k]));
    }
    return lo;
  }

  /** The highest power anywhere in the trace, in µW. */
  public double maxMicrowatts() {
    return maxUw;
  }

  /** How long one pass of the trace lasts before it repeats. */
  public Duration cycle() {
    return Duration.ofNanos(cycleNanos);
  }

  @Override
  public String toString() {
    return "power trace (" + cycleNanos / 1_000_000 + " ms cycle, peak " + maxUw / 1e6 + " W): " + description;
  }

  private int segment(long t) {
    int k = Arrays.binarySearch(startNanos, t);
    return k >= 0 ? k : -k - 2;
  }

  private double segmentNanos(int k) {
    return (k + 1 < startNanos.length ? startNanos[k + 1] : cycleNanos) - startNanos[k];
  }

  /** Builds a {@link PowerTrace} segment by segment; powers in watts, at least 0. */
  public static final class Builder {
    private final List<Long> durations = new ArrayList<>();
    private final List<Double> from = new ArrayList<>();
    private final List<Double> to = new ArrayList<>();
    private final StringBuilder description = new StringBuilder();

    private Builder() {}

    /** Constant {@code watts} for {@code d} (a step when it differs from the level before). */
    public Builder hold(double watts, Duration d) {
      describe("hold " + watts + " W " + d.toMillis() + " ms");
      return segment(watts, watts, d);
    }

    /** A straight line from {@code fromWatts} to {@code toWatts} over {@code d}. */
    public Builder ramp(double fromWatts, double toWatts, Duration d) {
      describe("ramp " + fromWatts + "->" + toWatts + " W " + d.toMillis() + " ms");
      return segment(fromWatts, toWatts, d);
    }

    /** {@code count} bursts of {@code peakWatts} for {@code on}, each followed by {@code baseWatts} for {@code off}. */
    public Builder bursts(double peakWatts, Duration on, double baseWatts, Duration off, int count) {
      describe(count + " bursts of " + peakWatts + " W");
      for (int i = 0; i < count; i++) {
        segment(peakWatts, peakWatts, on);
        segment(baseWatts, baseWatts, off);
      }
      return this;
    }

    /** Random levels, uniform in [{@code lowWatts}, {@code highWatts}], each held for {@code step}, for {@code total}. */
    public Builder noise(long seed, double lowWatts, double highWatts, Duration step, Duration total) {
      describe("noise " + lowWatts + ".." + highWatts + " W every " + step.toMillis() + " ms, seed " + seed);
      SplittableRandom rnd = new SplittableRandom(seed);
      for (long t = 0; t < total.toNanos(); t += step.toNanos()) {
        double w = lowWatts + rnd.nextDouble() * (highWatts - lowWatts);
        segment(w, w, step);
      }
      return this;
    }

    public PowerTrace build() {
      if (durations.isEmpty()) {
        throw new IllegalStateException("a power trace needs at least one segment");
      }
      return new PowerTrace(this);
    }

    private void describe(String s) {
      description.append(description.length() == 0 ? "" : ", ").append(s);
    }

    private Builder segment(double fromWatts, double toWatts, Duration d) {
      Objects.requireNonNull(d, "duration");
      if (!(fromWatts >= 0) || !(toWatts >= 0) || Double.isInfinite(fromWatts) || Double.isInfinite(toWatts)) {
        throw new IllegalArgumentException("power must be a finite number of watts >= 0, was " + fromWatts + " -> " + toWatts);
      }
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("a segment must last longer than 0, was " + d);
      }
      durations.add(d.toNanos());
      from.add(fromWatts * 1e6);
      to.add(toWatts * 1e6);
      return this;
    }
  }
}
