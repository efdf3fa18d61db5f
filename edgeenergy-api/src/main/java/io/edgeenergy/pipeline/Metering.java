package io.edgeenergy.pipeline;

import java.time.Duration;
import java.util.Objects;

/**
 * How often the pipeline reads its meter around a stage run.
 *
 * <p>{@link #everyRun()} reads the meter before and after every model call: exact attribution, at
 * the meter's read cost (1.5-4 µs per CPU-time read on a typical Linux x86 VM, as much as a tiny
 * model's run). {@link #sampled(int, Duration)} reads it around the first run of each stage, then
 * around one run in {@code period} on average (the gaps spread over [period/2, 3·period/2), so the
 * samples do not alias with periodic work) and around the first run of a stage at least {@code interval}
 * after its last measured run (so a rarely reached stage is still re-measured and a drifting cost
 * is followed). Every other run is charged the stage's <em>energy per run</em>: the mean of its
 * measured runs (the first, cold run only until a later one is measured; a moving mean over the
 * last few dozen measured runs after that). Those figures are labelled ESTIMATED whatever the
 * meter's quality.
 *
 * <p>Why per run and not wall time × power: a thread that is preempted in the middle of a call keeps
 * its wall time but burns no CPU, and on a busy device a few such calls out of thousands carried most
 * of the wall time; charging wall time over-charged 4-13× (docs/BENCHMARKS.md, issue #12). A stage
 * runs the same graph on every call, so its energy per call is what stays put. A stage whose work
 * truly varies with its input (a plain-Java function with data-dependent loops) is charged its mean:
 * use {@link #everyRun()} where the attribution of each single call matters.
 */
public record Metering(int period, Duration interval) {
  /**
   * @param period measure one run in {@code period} (1 = every run)
   * @param interval also measure a stage's run once this long has passed since its last measured
   *     run; {@link Duration#ZERO} for no time trigger
   */
  public Metering {
    if (period < 1) {
      throw new IllegalArgumentException("metering period must be >= 1 run, was " + period);
    }
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative()) {
      throw new IllegalArgumentException("metering interval must be >= 0, was " + interval);
    }
  }

  /** Reads the meter around every model call: MEASURED attribution when the meter measures. */
  public static Metering everyRun() {
    return new Metering(1, Duration.ZERO);
  }

  /** Reads the meter around one run in {@code period} of each stage (and its first run). */
  public static Metering sampled(int period) {
    return new Metering(period, Duration.ZERO);
  }

  /**
   * Reads the meter around one run in {@code period} of each stage, its first run, and its first run
   * {@code interval} or more after its last measured one.
   */
  public static Metering sampled(int period, Duration interval) {
    return new Metering(period, interval);
  }

  /** Whether some runs are charged from an estimate rather than measured. */
  public boolean isSampled() {
    return period > 1;
  }

  /** {@link #interval()} in nanoseconds, {@link Long#MAX_VALUE} when there is no time trigger. */
  long intervalNanos() {
    return interval.isZero() ? Long.MAX_VALUE : interval.toNanos();
  }

  @Override
  public String toString() {
    if (period == 1) {
      return "every run";
    }
    return "sampled 1 in " + period + " runs" + (interval.isZero() ? "" : " or every " + interval.toMillis() + " ms");
  }
}
