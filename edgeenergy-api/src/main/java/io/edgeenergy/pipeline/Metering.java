package io.edgeenergy.pipeline;

import io.edgeenergy.energy.EnergyMeter;
import java.time.Duration;
import java.util.Objects;

/**
 * How the pipeline meters its stage runs.
 *
 * <p><b>{@link #defaults()}</b> (what a pipeline uses unless told otherwise) picks by meter: with a
 * meter that {@linkplain EnergyMeter#threadCpuMicrowatts() counts the calling thread's CPU time}
 * (the CPU-time estimator, whose read is a 1.5-4 µs system call) it is {@link #wallClock()}; with any
 * other meter (RAPL, hwmon, battery, NVML, a power monitor: MEASURED figures) it is {@link #everyRun()},
 * so a MEASURED label is never extrapolated onto a run the meter did not see.
 *
 * <p><b>{@link #wallClock(int, Duration)}</b> times every stage window with the ticker alone (tens of
 * ns; one read closes a window and opens the next, so a k-stage run costs k + 1 reads) and charges it
 * wall time × the stage's energy per wall-clock nanosecond. That rate is measured with real meter
 * reads around one run in {@code period} on average (and, once {@code interval} has passed since the
 * stage's last measured run, on its next run), as a ratio of sums over the recent measured windows;
 * with a thread CPU-time meter it is the stage's CPU-time/wall-time ratio × the active power, and never
 * more than that power (a thread cannot use more CPU time than wall time). A window longer than both
 * 4× the stage's usual (median) wall time and 1 ms (the OS descheduled the thread) is charged the usual
 * wall time, not its own: waiting is not work; but once a measured long window of the stage showed its
 * thread busy for at least half of it (a bimodal stage, e.g. features that are usually cached and
 * sometimes computed), its long windows are charged their wall time until a measured one shows
 * otherwise. The window of a stage starts where the previous one ended, so it also holds
 * the pipeline's own work before the call (binding the tier's input, reading the previous scores).
 * Figures are ESTIMATED. On the digits cascade and the audio chain its error against block-measured
 * thread CPU time is in docs/BENCHMARKS.md (issue #12).
 *
 * <p><b>{@link #everyRun()}</b> reads the meter before and after every model call: exact attribution
 * (MEASURED when the meter measures), at the meter's read cost, as much as a tiny model's run.
 *
 * <p><b>{@link #sampled(int, Duration)}</b> reads the meter around the first run of each stage, then
 * around one run in {@code period} on average (the gaps spread over [period/2, 3·period/2), so the
 * samples do not alias with periodic work) and around the first run of a stage at least {@code interval}
 * after its last measured run. Every other run is charged the stage's <em>energy per run</em>: the
 * mean of its measured runs (the first, cold run only until a later one is measured; a moving mean
 * over the last few dozen measured runs after that), labelled ESTIMATED. Not wall time × power per run:
 * a preempted call keeps its wall time but burns no CPU (wall-clock metering caps such windows instead).
 *
 * @param kind how windows are measured
 * @param period measure one run in {@code period} (1 = every run)
 * @param interval also measure a stage's run once this long has passed since its last measured run;
 *     {@link Duration#ZERO} for no time trigger
 */
public record Metering(Kind kind, int period, Duration interval) {
  /** Default period of {@link #wallClock()}: the meter is read around ~1 run in 4,096 of a stage. */
  public static final int WALL_CLOCK_PERIOD = 4096;
  /** Default interval of {@link #wallClock()}: a stage is re-measured at least every 2 ms it runs. */
  public static final Duration WALL_CLOCK_INTERVAL = Duration.ofMillis(2);

  /** How a stage run's energy is obtained. */
  public enum Kind {
    /** Meter reads around measured runs; unmeasured runs charged the stage's mean energy per run. */
    METER,
    /** Ticker windows × the stage's measured energy per wall-clock ns. */
    WALL_CLOCK,
    /** {@link #WALL_CLOCK} for thread CPU-time meters, every run for the others; resolved at build. */
    DEFAULT
  }

  /** Checks the arguments. */
  public Metering {
    Objects.requireNonNull(kind, "kind");
    if (period < 1) {
      throw new IllegalArgumentException("metering period must be >= 1 run, was " + period);
    }
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative()) {
      throw new IllegalArgumentException("metering interval must be >= 0, was " + interval);
    }
  }

  /** What a pipeline uses unless told otherwise: see the class comment. */
  public static Metering defaults() {
    return new Metering(Kind.DEFAULT, WALL_CLOCK_PERIOD, WALL_CLOCK_INTERVAL);
  }

  /** Reads the meter around every model call: MEASURED attribution when the meter measures. */
  public static Metering everyRun() {
    return new Metering(Kind.METER, 1, Duration.ZERO);
  }

  /** Reads the meter around one run in {@code period} of each stage (and its first run). */
  public static Metering sampled(int period) {
    return new Metering(Kind.METER, period, Duration.ZERO);
  }

  /**
   * Reads the meter around one run in {@code period} of each stage, its first run, and its first run
   * {@code interval} or more after its last measured one.
   */
  public static Metering sampled(int period, Duration interval) {
    return new Metering(Kind.METER, period, interval);
  }

  /** Wall-clock windows, the rate re-measured ~1 run in {@value #WALL_CLOCK_PERIOD} or every 2 ms. */
  public static Metering wallClock() {
    return wallClock(WALL_CLOCK_PERIOD, WALL_CLOCK_INTERVAL);
  }

  /**
   * Wall-clock windows × each stage's energy per wall-clock ns, measured with the meter around ~1 run
   * in {@code period}, and on the next run once {@code interval} passed since the last measured one.
   */
  public static Metering wallClock(int period, Duration interval) {
    return new Metering(Kind.WALL_CLOCK, period, interval);
  }

  /** Whether some runs are charged from an estimate rather than measured. */
  public boolean isSampled() {
    return period > 1 || kind != Kind.METER;
  }

  /** Whether windows are timed with the ticker and charged at a measured rate. */
  public boolean isWallClock() {
    return kind == Kind.WALL_CLOCK;
  }

  /**
   * What this metering does with {@code meter}: {@link Kind#DEFAULT} becomes wall-clock or every-run
   * metering (see the class comment), any other kind is returned as is. A pipeline does this at build.
   */
  public Metering resolve(EnergyMeter meter) {
    if (kind != Kind.DEFAULT) {
      return this;
    }
    return meter.threadCpuMicrowatts() > 0 ? new Metering(Kind.WALL_CLOCK, period, interval) : everyRun();
  }

  /** {@link #interval()} in nanoseconds, {@link Long#MAX_VALUE} when there is no time trigger. */
  long intervalNanos() {
    return interval.isZero() ? Long.MAX_VALUE : interval.toNanos();
  }

  @Override
  public String toString() {
    String every = interval.isZero() ? "" : " or every " + interval.toMillis() + " ms";
    return switch (kind) {
      case DEFAULT -> "default (wall clock for CPU-time meters, else every run)";
      case WALL_CLOCK -> "wall clock × each stage's measured energy per ns, re-measured 1 in " + period + " runs" + every;
      case METER -> period == 1 ? "every run" : "sampled 1 in " + period + " runs" + every;
    };
  }
}
