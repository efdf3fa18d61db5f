package io.edgeenergy.pipeline;

import io.edgeenergy.Ticker;
import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.energy.EnergyReading;
import java.util.Arrays;

/**
 * The pipeline's metering path: opens and closes each stage run's window per {@link Metering} and says
 * what the run is charged, its wall time and why its figure is what it is. Single-threaded, like the
 * pipeline that owns it; allocates nothing after construction.
 *
 * <p>With {@link Metering.Kind#METER} a window is a meter read before and after the call (around every
 * run, or a sample of runs), and the ticker is read around the call for its wall time. With
 * {@link Metering.Kind#WALL_CLOCK} the ticker is read once per window: the read that closes a stage's
 * window opens the next one (so a k-stage inference costs k + 1 ticker reads, latency included), and
 * the meter is read only around a sampled run, outside the ticker window: its read cost never lands in
 * a charged window.
 */
final class MeterPath {
  private static final int OVERHEAD_CALIBRATION_READS = 201;

  private final EnergyMeter meter;
  private final Metering metering;
  private final Ticker ticker;
  private final MeterWindows windows;
  private final long overheadNanojoules;
  private final int period;
  private final long intervalNanos;
  private final boolean sampling;
  private final boolean wallClock;
  /** Ticker time the inference in progress started: the time trigger of sampled metering. */
  private long inferenceStart;
  /** Wall clock: the ticker read that closed the last window and opens the next one. */
  private long mark;
  /** The window in progress (one at a time: stages run one after another). */
  private boolean sample;
  private long cost;
  private long e0;
  private long w0;
  /** What {@link #close} found: the window's wall time and why its figure is what it is. */
  private long wall;
  private int why;

  MeterPath(EnergyMeter meter, Metering metering, Ticker ticker, boolean subtractOverhead) {
    this.meter = meter;
    this.metering = metering;
    this.ticker = ticker;
    this.period = metering.period();
    this.intervalNanos = metering.intervalNanos();
    this.sampling = metering.isSampled();
    this.wallClock = metering.isWallClock();
    this.overheadNanojoules = subtractOverhead ? calibrate(meter) : 0;
    this.windows = new MeterWindows(meter, subtractOverhead, overheadNanojoules, metering);
  }

  /** Starts an inference; returns its start time (the first window opens here with the wall clock). */
  long start() {
    long now = ticker.read();
    inferenceStart = now;
    mark = now;
    return now;
  }

  /** The end of the inference for its latency: the last window's close with the wall clock. */
  long end() {
    return wallClock ? mark : ticker.read();
  }

  /** Opens the window of {@code sr}'s run, just before the model call. */
  void open(StageRun sr) {
    sample = sr.energy.due(inferenceStart, intervalNanos) && !windows.stopped();
    cost = sample && sampling ? windows.costRead() : 0;   // the read cost in place: see sampledWindow
    e0 = sample ? windows.read() : 0;
    w0 = wallClock && !sample ? mark : ticker.read();
  }

  /**
   * Closes the window opened by {@link #open}, just after the model call (also when it threw: the
   * energy was spent), and returns its energy in nJ; {@link #wall()} and {@link #why()} say the rest.
   */
  long close(StageRun sr) {
    long now = ticker.read();
    wall = now - w0;
    return wallClock ? closeWallClock(sr, now) : closeMetered(sr);
  }

  private long closeMetered(StageRun sr) {
    StageEnergy se = sr.energy;
    long nj = EnergyReading.IMPOSSIBLE;
    if (sample) {
      long e1 = windows.read();
      if (windows.counting()) {
        nj = sampling ? windows.sampledWindow(cost, e0, e1) : windows.window(e0, e1);
      }
    }
    if (nj != EnergyReading.IMPOSSIBLE) {
      se.sampled(nj, period, inferenceStart);   // a negative sample too: the estimate must not be biased
      why = windows.measuredWhy();
      return Math.max(0, nj);
    }
    if (!sample) {
      se.skipped();
    }
    // a sampled window that failed is an anomaly (measured again next run) unless the meter stopped
    why = sample && !windows.stopped() ? MeterWindows.ANOMALY : windows.extrapolatedWhy();
    return se.extrapolate();
  }

  private long closeWallClock(StageRun sr, long now) {
    StageEnergy se = sr.energy;
    why = windows.extrapolatedWhy();
    if (sample) {
      long e1 = windows.read();
      long nj = windows.counting() ? windows.sampledWindow(cost, e0, e1) : EnergyReading.IMPOSSIBLE;
      if (nj != EnergyReading.IMPOSSIBLE) {
        long cpuMicrowatts = meter.threadCpuMicrowatts();
        // the prior: twice the read cost, in ns of CPU time at the meter's power (see rateSample)
        long prior = cpuMicrowatts > 0 ? 2_000_000 * overheadNanojoules / cpuMicrowatts : 0;
        se.rateSample(nj, wall, cpuMicrowatts, prior, period, inferenceStart);
      } else if (!windows.stopped()) {
        why = MeterWindows.ANOMALY;
      }
      mark = ticker.read();   // the next window opens after the meter read, not before it
    } else {
      se.skipped();
      mark = now;
    }
    if (!se.hasRate() && why != MeterWindows.STOPPED) {
      why = MeterWindows.ANOMALY;   // no window of this stage could be measured yet: charged 0
    }
    return se.chargeWall(wall);
  }

  /** Wall time of the window {@link #close} closed, ns. */
  long wall() {
    return wall;
  }

  /** Why the figure {@link #close} returned is what it is ({@link MeterWindows} constants). */
  int why() {
    return why;
  }

  MeterWindows windows() {
    return windows;
  }

  long overheadNanojoules() {
    return overheadNanojoules;
  }

  Metering metering() {
    return metering;
  }

  /** The meter's own read cost: the median delta of back-to-back reads. */
  private static long calibrate(EnergyMeter meter) {
    long[] deltas = new long[OVERHEAD_CALIBRATION_READS];
    long range = meter.wrapRangeNanojoules();
    for (int i = 0; i < deltas.length; i++) {
      long a = meter.readNanojoules();
      long b = meter.readNanojoules();
      deltas[i] = Math.max(0, EnergyReading.deltaOrImpossible(a, b, range));   // a meter glitch is no overhead
    }
    Arrays.sort(deltas);
    return deltas[deltas.length / 2];
  }
}
