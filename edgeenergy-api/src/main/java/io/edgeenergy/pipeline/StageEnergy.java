package io.edgeenergy.pipeline;

/**
 * One stage's metering schedule and the statistics its unmeasured runs are charged from: when its next
 * run is measured, its energy per measured run ({@link Metering.Kind#METER} sampling) or its energy
 * per wall-clock nanosecond and usual wall time ({@link Metering.Kind#WALL_CLOCK}).
 */
final class StageEnergy {
  /** Warm measured runs the moving mean of a stage's energy per run spans. */
  static final int HORIZON = 32;
  /** Measured windows the energy-per-wall-ns ratio of sums spans (exponentially). */
  static final int RATE_HORIZON = 64;
  /**
   * A window this many times the stage's usual wall time is left out of the rate, and charged the
   * usual time if it is also longer than {@link #DESCHEDULED_NANOS}.
   */
  static final double PREEMPTED = 4.0;
  /**
   * A window longer than this (and {@link #PREEMPTED} × usual) was descheduled by the OS: a scheduler
   * time slice is ms-scale. Shorter stretches are charged as measured: on a loaded 2-core VM, windows of
   * 4× the usual time up to 1 ms were mostly hypervisor steal, which the thread's CPU clock counts
   * (capping them charged a tiny ONNX call 0.26-0.69× its block CPU time; with this floor 0.73-0.91×).
   */
  static final long DESCHEDULED_NANOS = 1_000_000;
  /**
   * A measured long window whose thread was busy at least this share of it was work, not a
   * descheduling: the stage is bimodal (a feature stage that usually returns at once but sometimes
   * computes a second of frames), and its long windows are charged their wall time.
   */
  static final double BUSY_SHARE = 0.5;
  /** Relative step of the running median of a stage's wall time. */
  private static final double MEDIAN_STEP = 1.0 / 64;

  /** Runs left before the next measured one; 0 = measure the next run. */
  private int untilSample;
  /** Measured runs so far, the first (cold) one included. */
  private long samples;
  /** Energy of one run, nJ: the first measured run's, then the moving mean of the later ones. */
  private double perRunNanojoules;
  /** Ticker time of the inference that last measured this stage. */
  private long lastSampleNanos;
  /** State of the generator that spreads sampled runs (see {@link #nextGap}). */
  private long jitter = 0x9E3779B97F4A7C15L;
  /** Decayed sums of measured windows' energy (nJ) and wall time (ns): their ratio is the rate. */
  private double windowNanojoules;
  private double windowWallNanos;
  /** Energy per wall-clock ns charged to unmeasured windows. */
  private double nanojoulesPerNano;
  /** The stage's usual wall time: a running median of its windows (see {@link #chargeWall}). */
  private double typicalWallNanos;
  /**
   * What the last measured long window (over {@link #PREEMPTED} × usual) showed: true if its thread
   * was busy (see {@link #BUSY_SHARE}), false if it was descheduled or none was measured yet.
   */
  private boolean longWindowsAreWork;

  /**
   * Whether the run about to start (in an inference that started at {@code now}) must be measured.
   * Once {@code intervalNanos} passed since the last measured run, the run <em>after</em> this one is
   * measured: the first run after a pause (the thread was preempted, or the app was idle) is cold,
   * and measuring exactly those would bias the estimate upwards (length-biased sampling).
   */
  boolean due(long now, long intervalNanos) {
    if (untilSample > 1 && now - lastSampleNanos >= intervalNanos) {
      untilSample = 1;
    }
    return untilSample == 0;
  }

  /** An unmeasured run happened: one run closer to the next measurement. */
  void skipped() {
    if (untilSample > 0) {
      untilSample--;
    }
  }

  /**
   * Adds one measured run (of an inference that started at {@code now}; its energy may be negative,
   * a read-cost correction larger than the run) and schedules the next measurement {@code period}
   * runs later. The first run is cold (class loading, JIT, caches, the backend's lazy allocations): it
   * is the estimate only until a later run is measured. After that the estimate is the mean of the
   * warm runs, moving over the last {@link #HORIZON} of them so a cost that drifts (DVFS, thermal
   * throttling, another power draw on a measured rail) is followed.
   */
  void sampled(long nanojoules, int period, long now) {
    samples++;
    long warm = samples - 1;
    perRunNanojoules = warm == 0 ? nanojoules
        : perRunNanojoules + (nanojoules - perRunNanojoules) / Math.min(warm, HORIZON);
    schedule(period, now);
  }

  /**
   * Energy of an unmeasured run: the stage's energy per measured run (see {@link #sampled}); 0 before
   * any measured run. Not wall time × power: a run that was preempted keeps its wall time but burns
   * no CPU, and the estimate must not charge it.
   */
  long extrapolate() {
    return Math.max(0, Math.round(perRunNanojoules));
  }

  /**
   * Adds one measured window of {@code wallNanos} that held {@code nanojoules} to the stage's energy
   * per wall-clock ns, a ratio of sums (a cold first run barely moves it: its energy and wall time are
   * both long), at most {@code capMicrowatts} (µW; 0 = no cap), and schedules the next measurement.
   * A window far longer than usual is left out if its thread was mostly descheduled (its wall time is
   * not work) and counted if it was busy; either verdict decides how {@link #chargeWall} charges the
   * stage's long windows until the next long window is measured.
   *
   * <p>A negative window (the read cost measured in place was itself disturbed) counts as 0. The first
   * (cold) window is replaced by the second: its read path is interpreted and its call cold.
   *
   * <p>With a thread CPU-time meter, each window also counts {@code priorNanos} more wall time at the
   * full power: a prior that the stage keeps its thread busy. A window cannot resolve less than its
   * reads' jitter (a CPU-time read costs µs, and the cost subtracted from a window is itself measured
   * with that jitter), so for a sub-µs stage the prior decides (such a stage has no time to wait on
   * anything), while for a stage far longer than the prior the reads do, and a stage that waits (a
   * GPU delegate, I/O) shows a ratio below 1. Without it, a 0.3 µs TFLite call under load was charged
   * 0.16× its block-measured CPU time: the in-place read cost was over-subtracted by ~0.25 µs.
   */
  void rateSample(long nanojoules, long wallNanos, long capMicrowatts, long priorNanos, int period, long now) {
    schedule(period, now);
    if (wallNanos <= 0) {
      return;
    }
    if (typicalWallNanos > 0 && wallNanos > PREEMPTED * typicalWallNanos) {
      // a long window: work (a bimodal stage) if its thread was busy, else the OS descheduled it
      longWindowsAreWork = capMicrowatts > 0 && nanojoules >= BUSY_SHARE * wallNanos * (capMicrowatts / 1e6);
      if (!longWindowsAreWork) {
        return;
      }
    }
    samples++;
    double keep = samples <= 2 ? 0 : 1 - 1.0 / RATE_HORIZON;
    windowNanojoules = windowNanojoules * keep + Math.max(0, nanojoules) + capMicrowatts / 1e6 * priorNanos;
    windowWallNanos = windowWallNanos * keep + wallNanos + priorNanos;
    double rate = Math.max(0, windowNanojoules / windowWallNanos);
    // a thread cannot use more CPU time than wall time: above the cap is read noise, not energy
    nanojoulesPerNano = capMicrowatts > 0 ? Math.min(rate, capMicrowatts / 1e6) : rate;
  }

  /**
   * Energy of a wall-clock window of {@code wallNanos}: that time × the stage's energy per ns, or its
   * usual wall time × it if the window was descheduled (longer than {@link #PREEMPTED} × usual and
   * {@link #DESCHEDULED_NANOS}) and the stage's last measured long window was not work (see
   * {@link #BUSY_SHARE}). The usual
   * time is a running median (it steps 1/64 towards each window), so rare long windows barely move it
   * while a lasting change of the stage's cost (DVFS, throttling) is followed within a few hundred runs.
   */
  long chargeWall(long wallNanos) {
    double usual = typicalWallNanos;
    boolean preempted = !longWindowsAreWork && usual > 0 && wallNanos > PREEMPTED * usual
        && wallNanos > DESCHEDULED_NANOS;
    if (usual == 0) {
      typicalWallNanos = wallNanos;
    } else if (wallNanos != usual) {
      typicalWallNanos = usual * (wallNanos > usual ? 1 + MEDIAN_STEP : 1 - MEDIAN_STEP);
    }
    return Math.round((preempted ? usual : wallNanos) * nanojoulesPerNano);
  }

  /** Whether a window was measured, so {@link #chargeWall} has a rate. */
  boolean hasRate() {
    return samples > 0;
  }

  private void schedule(int period, long now) {
    lastSampleNanos = now;
    untilSample = period == 1 ? 0 : nextGap(period) - 1;
  }

  /**
   * Runs until the next measurement: uniform in [period/2, period/2 + period), mean ≈ period. A fixed
   * gap aliases with periodic work: in a benchmark that ran 256 inputs per pipeline in turn,
   * sampling 1 in 256 measured the first, cold run of every block and charged 4× every-run's figure.
   */
  private int nextGap(int period) {
    jitter ^= jitter << 13;   // xorshift64: deterministic, allocation-free
    jitter ^= jitter >>> 7;
    jitter ^= jitter << 17;
    return period / 2 + (int) Long.remainderUnsigned(jitter, period);
  }

  void reset() {
    untilSample = 0;
    samples = 0;
    perRunNanojoules = 0;
    lastSampleNanos = 0;
    jitter = 0x9E3779B97F4A7C15L;
    windowNanojoules = 0;
    windowWallNanos = 0;
    nanojoulesPerNano = 0;
    typicalWallNanos = 0;
    longWindowsAreWork = false;
  }
}
