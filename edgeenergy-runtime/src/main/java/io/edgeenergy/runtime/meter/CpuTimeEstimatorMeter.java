package io.edgeenergy.runtime.meter;

import io.edgeenergy.Availability;
import io.edgeenergy.EnergyQuality;
import io.edgeenergy.Power;
import io.edgeenergy.Ticker;
import io.edgeenergy.energy.EnergyDomain;
import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.runtime.internal.CpuClock;
import io.edgeenergy.runtime.internal.FrequencyResidency;
import io.edgeenergy.runtime.internal.Samplers;
import io.edgeenergy.runtime.profile.PowerProfile;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

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
 * frequency was given. The device's base
 * (idle) power is <em>not</em> attributed to inferences: as in MLPerf Power, the idle baseline is
 * subtracted, so the counter is the extra energy the work costs. Reports that project battery
 * lifetime add {@link PowerProfile#basePower()} from {@link #profile()} themselves.
 *
 * <h2>Frequency residency</h2>
 * Built with a {@link FrequencyResidency} (as {@link EnergyMeters#detect()} does where cpufreq
 * {@code time_in_state} exists), the power is instead the per-busy-core power weighted by the time
 * the CPUs spent at each frequency, refreshed every {@link #residencyPeriod()} on a daemon thread
 * (reading the files costs tens of µs, too much for the read path). Each thread then accumulates
 * its own counter: at every read, the CPU time since its previous read × the power in force, so the
 * counter stays monotonic when the power drops. CPU time a thread used between its last read and a
 * refresh is charged at the new power (an error bounded by the read interval). The first figure comes from
 * the residency since boot. {@link #close()} stops the refresh thread.
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
 * every inference of an always-on tier therefore costs more than the tier, and a window cannot resolve
 * a sub-µs call. A pipeline's default metering ({@link io.edgeenergy.pipeline.Metering#defaults()})
 * therefore times this meter's windows with the wall clock and reads it around a sample of runs only
 * (it knows the meter through {@link #threadCpuMicrowatts()}); see docs/BENCHMARKS.md (issue #12) for
 * its error. Reads never allocate.
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
  private final FrequencyResidency residency;
  private final Duration residencyPeriod;
  /** Power per busy core now in force; changes only with residency. */
  private volatile Power power;
  private final ThreadLocal<Epoch> epochs = ThreadLocal.withInitial(Epoch::new);
  private ScheduledExecutorService refresher;

  CpuTimeEstimatorMeter(PowerProfile profile, long frequencyKhz, CpuClock clock, Ticker ticker) {
    this(profile, frequencyKhz, clock, ticker, null, Duration.ZERO);
  }

  CpuTimeEstimatorMeter(PowerProfile profile, long frequencyKhz, CpuClock clock, Ticker ticker,
      FrequencyResidency residency, Duration residencyPeriod) {
    this.profile = Objects.requireNonNull(profile, "profile");
    this.frequencyKhz = frequencyKhz;
    this.activePowerPerCore = profile.activePowerPerCore(frequencyKhz);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.availability = Objects.requireNonNull(clock.availability(), "clock availability");
    this.available = availability.available();
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.residency = residency;
    this.residencyPeriod = residencyPeriod;
    this.power = residency == null ? activePowerPerCore : Power.ofMicrowatts(Math.max(1, residency.sinceBootMicrowatts()));
  }

  /** Starts the daemon thread that refreshes the residency-weighted power; no-op without residency. */
  synchronized CpuTimeEstimatorMeter startResidencyRefresh() {
    if (residency != null && refresher == null && available) {
      refresher = Samplers.every("edgeenergy-cpufreq-residency", residencyPeriod.toNanos(), this::refreshResidency);
    }
    return this;
  }

  /** Re-reads {@code time_in_state} now (the refresh thread calls this); returns the power in force. */
  public synchronized Power refreshResidency() {
    if (residency != null) {
      residency.refresh().ifPresent(uw -> power = Power.ofMicrowatts(Math.max(1, uw)));
    }
    return power;
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
    String charged = residency == null
        ? activePowerPerCore + " per busy core (profile " + profile.name() + ", cluster "
            + profile.biggestCluster().name() + " at " + frequencyKhz + " kHz)"
        : this.power + " per busy core now (profile " + profile.name()
            + ", weighted by " + residency.describe() + ", refreshed every " + residencyPeriod.toMillis() + " ms)";
    String what = "CPU time of the calling thread × " + charged + "; base power " + profile.basePower()
        + " not attributed; ESTIMATED";
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
    if (cpu <= 0) {
      return 0;
    }
    if (residency == null) {
      return activePowerPerCore.overNanos(cpu);
    }
    // CPU time since this thread's previous read, at the power in force now (the first read: all of it)
    Epoch e = epochs.get();
    e.nanojoules += power.overNanos(cpu - e.cpuNanos);
    e.cpuNanos = cpu;
    return e.nanojoules;
  }

  /** The power charged per ns of thread CPU time (µW), 0 when the clock is unavailable. */
  @Override
  public long threadCpuMicrowatts() {
    return available ? power.microwatts() : 0;
  }

  /** One thread's counter: the read path allocates nothing after the thread's first read. */
  private static final class Epoch {
    long cpuNanos;
    long nanojoules;
  }

  /** The profile the figures come from; its base power is for lifetime projections. */
  public PowerProfile profile() {
    return profile;
  }

  /**
   * The active power charged per nanosecond of thread CPU time: the profile's point at
   * {@link #frequencyKhz()}, or with residency the weighted power now in force.
   */
  public Power activePowerPerCore() {
    return power;
  }

  /** Whether the power follows cpufreq {@code time_in_state} (see the class comment). */
  public boolean usesResidency() {
    return residency != null;
  }

  /** How often the residency-weighted power is refreshed; zero without residency. */
  public Duration residencyPeriod() {
    return residencyPeriod;
  }

  /** Stops the residency refresh thread, if any; the meter keeps counting at the last power. */
  @Override
  public synchronized void close() {
    if (refresher != null) {
      refresher.shutdownNow();
      refresher = null;
    }
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
