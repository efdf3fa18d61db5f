package io.edgeenergy.pipeline;

/**
 * How often the pipeline reads its meter around a stage run.
 *
 * <p>{@link #everyRun()} reads the meter before and after every model call: exact attribution, at
 * the meter's read cost (2-4 µs per CPU-time read on a typical Linux x86 VM, more than a tiny
 * model's run). {@link #sampled(int)} reads it around the first run of each stage and then one run
 * in {@code period}; other runs are charged their wall time × the energy-per-nanosecond of that
 * stage's sampled runs, and labelled ESTIMATED whatever the meter's quality.
 */
public record Metering(int period) {
  public Metering {
    if (period < 1) {
      throw new IllegalArgumentException("metering period must be >= 1 run, was " + period);
    }
  }

  public static Metering everyRun() {
    return new Metering(1);
  }

  public static Metering sampled(int period) {
    return new Metering(period);
  }

  public boolean isSampled() {
    return period > 1;
  }

  @Override
  public String toString() {
    return period == 1 ? "every run" : "sampled 1 in " + period + " runs";
  }
}
