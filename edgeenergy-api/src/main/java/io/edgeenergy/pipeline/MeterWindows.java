package io.edgeenergy.pipeline;

import io.edgeenergy.EnergyQuality;
import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.energy.EnergyReading;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The pipeline's side of its meter: reads that never throw, windows that are never negative, and why
 * a figure is not MEASURED. A meter that misbehaves (its counter goes backwards, a read throws) costs
 * that window its measurement, never the inference: the window is counted as an anomaly, logged
 * once, and charged its stage's mean energy per measured run so far, labelled ESTIMATED. A meter that
 * {@linkplain EnergyMeter#isCounting() stopped counting} makes every later window so.
 * Single-threaded, like the pipeline that owns it.
 */
final class MeterWindows {
  // java.util.logging, not System.Logger: Android has none (logcat receives JUL)
  private static final Logger LOG = Logger.getLogger(TieredInferencePipeline.class.getName());

  /** Why a figure is what it is, worst last: an inference reports the worst of its windows. */
  static final int MEASURED = 0;
  static final int METER_ESTIMATES = 1;
  /** Sampled or wall-clock metering extrapolated the figure (a pipeline does one or the other). */
  static final int SAMPLED = 2;
  static final int ANOMALY = 3;
  static final int STOPPED = 4;

  /** What {@link #read()} returns when the meter threw. */
  private static final long NO_READING = Long.MIN_VALUE;

  private final EnergyMeter meter;
  private final long overheadNanojoules;
  private final boolean subtract;
  private final String[] reasons = new String[STOPPED + 1];
  private long anomalies;
  private boolean stopped;

  MeterWindows(EnergyMeter meter, boolean subtract, long overheadNanojoules, Metering metering) {
    this.meter = meter;
    this.subtract = subtract;
    this.overheadNanojoules = overheadNanojoules;
    reasons[METER_ESTIMATES] = "meter '" + meter.name() + "' estimates energy (" + meter.description() + ")";
    reasons[SAMPLED] = metering.isWallClock()
        ? "wall-clock metering: each run is charged its wall time × its stage's energy per ns, measured with meter '"
            + meter.name() + "' around a sample of runs (" + metering + ")"
        : "sampled metering (" + metering + "): runs between samples are charged their stage's mean energy per"
            + " measured run";
    reasons[ANOMALY] = "meter '" + meter.name() + "' gave an impossible reading (its counter went backwards or a"
        + " read failed)" + (metering.isWallClock()
            ? " or none of the stage's windows was measured yet: that window was charged its wall time × the stage's"
                + " energy per ns so far (0 before any measured window)"
            : ": that window was charged its stage's mean energy per measured run so far");
  }

  /** The counter, or a marker if the meter threw (a contract breach counted as an anomaly). */
  long read() {
    try {
      return meter.readNanojoules();
    } catch (RuntimeException e) {
      if (++anomalies == 1) {
        logFirstAnomaly("read failed: " + e, e);
      }
      return NO_READING;
    }
  }

  /**
   * A read for the in-situ read cost of a sampled window (see {@link #sampledWindow}): a failure is
   * not counted, the window falls back to the calibrated cost.
   */
  long costRead() {
    try {
      return meter.readNanojoules();
    } catch (RuntimeException e) {
      return NO_READING;
    }
  }

  /** Whether the meter still counts; turns false for good the first time it does not. */
  boolean counting() {
    if (!stopped && !meter.isCounting()) {
      stopped = true;
      reasons[STOPPED] = "meter '" + meter.name() + "' stopped counting (" + meter.availability().reason()
          + "): figures since are each stage's mean energy per measured run before that";
      LOG.log(Level.WARNING, reasons[STOPPED]);
    }
    return !stopped;
  }

  /**
   * Energy of the window from {@code start} to {@code end} minus the meter's own read cost (at least
   * 0), or {@link EnergyReading#IMPOSSIBLE} if the window cannot be trusted (counted and logged).
   */
  long window(long start, long end) {
    long delta = rawWindow(start, end);
    return delta == EnergyReading.IMPOSSIBLE ? delta : Math.max(0, delta - overheadNanojoules);
  }

  /**
   * Energy of a sampled window from {@code start} to {@code end} minus the read cost measured in
   * place: the delta from {@code costRead} (a read just before {@code start}) to {@code start} spans
   * exactly the read path a window holds, in the same state. That state is not the calibrated one: a
   * path taken once in hundreds of runs stays interpreted or cold in the JIT and the caches, and on a
   * 2-core x86 VM such a window held 2-60 µs more than the calibrated cost (3-12× the tiny models'
   * every-run figures). May be negative (noise around a stage cheaper than the read's jitter): the
   * caller averages it and charges at least 0. Falls back to the calibrated cost if that read failed;
   * without overhead subtraction, the plain delta.
   */
  long sampledWindow(long costRead, long start, long end) {
    long delta = rawWindow(start, end);
    if (delta == EnergyReading.IMPOSSIBLE || !subtract) {
      return delta;
    }
    long cost = costRead == NO_READING ? EnergyReading.IMPOSSIBLE
        : EnergyReading.deltaOrImpossible(costRead, start, meter.wrapRangeNanojoules());
    return delta - (cost == EnergyReading.IMPOSSIBLE ? overheadNanojoules : cost);
  }

  private long rawWindow(long start, long end) {
    if (start == NO_READING || end == NO_READING) {
      return EnergyReading.IMPOSSIBLE;   // already counted by read()
    }
    long delta = EnergyReading.deltaOrImpossible(start, end, meter.wrapRangeNanojoules());
    if (delta == EnergyReading.IMPOSSIBLE) {
      if (++anomalies == 1) {   // build the message once, not per bad window
        logFirstAnomaly("counter went backwards from " + start + " to " + end + " nJ (wrap range "
            + meter.wrapRangeNanojoules() + " nJ)", null);
      }
    }
    return delta;
  }

  /** {@link #MEASURED} or {@link #METER_ESTIMATES} for a window the meter measured. */
  int measuredWhy() {
    return meter.quality() == EnergyQuality.ESTIMATED ? METER_ESTIMATES : MEASURED;
  }

  /** Why not for a window that had to be extrapolated. */
  int extrapolatedWhy() {
    return stopped ? STOPPED : SAMPLED;
  }

  static EnergyQuality quality(int why) {
    return why == MEASURED ? EnergyQuality.MEASURED : EnergyQuality.ESTIMATED;
  }

  /** The sentence for {@code why}, or {@code null} for a measured figure. */
  String reason(int why) {
    return reasons[why];
  }

  long anomalies() {
    return anomalies;
  }

  boolean stopped() {
    return stopped;
  }

  private void logFirstAnomaly(String what, Throwable cause) {
    LOG.log(Level.WARNING, "meter '" + meter.name() + "': " + what + "; the window is charged its"
        + " stage's mean energy per measured run so far and labelled ESTIMATED; later anomalies are only counted"
        + " (TieredInferencePipeline.meterAnomalies())", cause);
  }
}
