package io.edgeenergy.runtime;

import io.edgeenergy.Availability;
import io.edgeenergy.EnergyQuality;
import io.edgeenergy.Power;
import io.edgeenergy.Ticker;
import io.edgeenergy.energy.EnergyDomain;
import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.runtime.internal.CpuClock;
import java.util.Objects;

/**
 * The fallback meter that works everywhere: CPU time of the <em>calling</em> thread × the active
 * power of one busy core from a {@link PowerProfile}. Quality {@link EnergyQuality#ESTIMATED},
 * domain {@link EnergyDomain#CPU}. Obtain one from {@link EnergyMeters#estimator(PowerProfile)} or
 * {@link EnergyMeters#detect()}.
 *
 * <h2>What the counter means</h2>
 * {@link #readNanojoules()} = thread CPU time (ns) × {@link #activePowerPerCore()} (µW) / 10⁶,
 * exact in {@code long} arithmetic and rounded down. The power is the profile's figure at
 * {@link #frequencyKhz()}: the highest-frequency point of the profile's biggest cluster unless a
 * frequency was given (a later version reads cpufreq {@code time_in_state}). The device's base
 * (idle) power is <em>not</em> attributed to inferences: as in MLPerf Power, the idle baseline is
 * subtracted, so the counter is the extra energy the work costs. Reports that project battery
 * lifetime add {@link PowerProfile#basePower()} from {@link #profile()} themselves.
 *
 * <h2>Thread model</h2>
 * The counter is the CPU time of whichever thread calls {@link #readNanojoules()}, so read it before
 * and after the work <em>on the thread that does the work</em> (the inference thread); readings from
 * different threads cannot be compared. Work done on other threads is not counted: a backend with
 * more than one intra-op thread is <strong>under-counted</strong> (roughly by its thread count);
 * configure one intra-op thread to meter it with this estimator. Time a thread waits (I/O, locks,
 * a GPU/NPU doing the work) is not CPU time and is not counted either. With SMT, two busy threads on
 * one core are each charged a full core, an over-count. The instance itself is immutable and safe to
 * share between threads.
 *
 * <h2>Cost</h2>
 * Each read is one {@code ThreadMXBean.getCurrentThreadCpuTime()} call, a system call that costs
 * 2-4 µs on a typical Linux x86 VM — more than a tiny model's whole run. Reading before and after
 * every inference of an always-on tier therefore costs more than the tier; use the pipeline's
 * sampled metering mode ({@link io.edgeenergy.pipeline.Metering#sampled(int)}) for such tiers. Reads never allocate.
 *
 * <h2>When unavailable</h2>
 * If the JVM cannot measure per-thread CPU time (unsupported, or disabled), {@link #availability()}
 * says why and the counter stays at 0.
 */
public final class CpuTimeEstimatorMeter implements EnergyMeter {
  /** {@link #name()} of every estimator. */
  public static final String NAME = "cpu-time-estimator";

  private final PowerProfile profile;
  private final long frequencyKhz;
  private final Power activePowerPerCore;
  private final CpuClock clock;
  private final Availability availability;
  private final boolean available;
  private final Ticker ticker;

  CpuTimeEstimatorMeter(PowerProfile profile, long frequencyKhz, CpuClock clock, Ticker ticker) {
    this.profile = Objects.requireNonNull(profile, "profile");
    this.frequencyKhz = frequencyKhz;
    this.activePowerPerCore = profile.activePowerPerCore(frequencyKhz);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.availability = Objects.requireNonNull(clock.availability(), "clock availability");
    this.available = availability.available();
    this.ticker = Objects.requireNonNull(ticker, "ticker");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public EnergyDomain domain() {
    return EnergyDomain.CPU;
  }

  @Override
  public EnergyQuality quality() {
    return EnergyQuality.ESTIMATED;
  }

  @Override
  public Availability availability() {
    return availability;
  }

  @Override
  public String description() {
    String what = "CPU time of the calling thread × " + activePowerPerCore + " per busy core (profile "
        + profile.name() + ", cluster " + profile.biggestCluster().name() + " at " + frequencyKhz
        + " kHz); base power " + profile.basePower() + " not attributed; ESTIMATED";
    return available ? what : what + "; " + availability;
  }

  @Override
  public Ticker ticker() {
    return ticker;
  }

  /** The calling thread's CPU time × active power per busy core, in nJ; 0 when unavailable. */
  @Override
  public long readNanojoules() {
    if (!available) {
      return 0;
    }
    long cpu = clock.threadCpuNanos();
    return cpu <= 0 ? 0 : activePowerPerCore.overNanos(cpu);
  }

  /** The profile the figures come from; its base power is for lifetime projections. */
  public PowerProfile profile() {
    return profile;
  }

  /** The active power charged per nanosecond of thread CPU time. */
  public Power activePowerPerCore() {
    return activePowerPerCore;
  }

  /** The frequency whose profile point gives {@link #activePowerPerCore()}. */
  public long frequencyKhz() {
    return frequencyKhz;
  }

  @Override
  public String toString() {
    return NAME + "{" + description() + "}";
  }
}
