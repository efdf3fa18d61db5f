package io.edgeenergy.testkit;

import io.edgeenergy.Availability;
import io.edgeenergy.Energy;
import io.edgeenergy.EnergyQuality;
import io.edgeenergy.Power;
import io.edgeenergy.Ticker;
import io.edgeenergy.energy.EnergyDomain;
import io.edgeenergy.energy.EnergyMeter;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A simulated meter: its counter is exactly {@code basePower × ticker time since construction + work
 * added}, in whole nanojoules ({@link Power#overNanos}, rounded down), the ground truth that tests
 * compare pipelines, budgets and ledgers against. Work is added by {@link ScriptedModel}s (or by hand
 * with {@link #addWork}); the base power moves only when the {@link FakeTicker} does.
 *
 * <p><b>It is a simulation.</b> Its quality defaults to {@link EnergyQuality#ESTIMATED}. Setting
 * {@link EnergyQuality#MEASURED} exists only to test the code paths that treat measured figures
 * differently; a figure from this meter must never reach a real report as measured.
 *
 * <p>Optionally its counter wraps ({@link Builder#wrapAt}) like RAPL's {@code energy_uj} at
 * {@code max_energy_range_uj}; a meter built {@link Builder#unavailable unavailable} reads 0 forever
 * and says why, like a missing or unreadable sensor; {@link #stopCounting} makes it fail later, like
 * a sensor that vanishes while the app runs. Thread-safe.
 *
 * <pre>{@code
 * var ticker = FakeTicker.create();
 * var meter = SimulatedMeter.builder(ticker).basePower(Power.ofMilliwatts(500)).build();
 * ticker.advance(Duration.ofSeconds(2));      // 1 J of base power
 * meter.addWork(Energy.ofMillijoules(30));    // plus 30 mJ of work
 * meter.readNanojoules();                     // 1_030_000_000
 * }</pre>
 */
public final class SimulatedMeter implements EnergyMeter {
  private final String name;
  private final EnergyDomain domain;
  private final Ticker ticker;
  private final Power basePower;
  private final EnergyQuality quality;
  private final long wrapRange;
  private final Power threadCpuPower;
  private volatile Availability availability;
  private volatile long frozenAt = -1;
  private final long start;
  private final AtomicLong work = new AtomicLong();

  private SimulatedMeter(Builder b) {
    this.name = b.name;
    this.domain = b.domain;
    this.ticker = b.ticker;
    this.basePower = b.basePower;
    this.quality = b.quality;
    this.wrapRange = b.wrapRange;
    this.threadCpuPower = b.threadCpuPower;
    this.availability = b.availability;
    this.start = ticker.read();
  }

  public static Builder builder(Ticker ticker) {
    return new Builder(ticker);
  }

  /** A meter that counts only the work models add (no base power). */
  public static SimulatedMeter workOnly(Ticker ticker) {
    return builder(ticker).build();
  }

  /** A meter drawing {@code basePower} all the time, plus any work added. */
  public static SimulatedMeter constantPower(Ticker ticker, Power basePower) {
    return builder(ticker).basePower(basePower).build();
  }

  /** A meter that is unavailable for {@code reason}, as a missing or unreadable sensor would be. */
  public static SimulatedMeter unavailable(Ticker ticker, String reason) {
    return builder(ticker).unavailable(reason).build();
  }

  /** Adds energy spent by simulated work. */
  public void addWork(Energy energy) {
    work.getAndUpdate(w -> Math.addExact(w, energy.nanojoules()));
  }

  /**
   * Simulates hardware that fails now (a sensor unplugged, a file that became unreadable): the
   * counter freezes at its current value and {@link #isCounting()} turns false for good, with
   * {@code reason} as the availability's reason, as the runtime's meters do.
   */
  public void stopCounting(String reason) {
    if (frozenAt < 0) {
      frozenAt = readNanojoules();
      availability = Availability.unavailable(reason);
    }
  }

  /** The work added so far. */
  public Energy work() {
    return Energy.ofNanojoules(work.get());
  }

  public Power basePower() {
    return basePower;
  }

  /** Everything counted so far, unwrapped (also when the meter is unavailable: the truth it hides). */
  public long totalNanojoules() {
    return Math.addExact(basePower.overNanos(ticker.read() - start), work.get());
  }

  /** {@link #totalNanojoules()} as a value. */
  public Energy total() {
    return Energy.ofNanojoules(totalNanojoules());
  }

  @Override
  public long readNanojoules() {
    if (frozenAt >= 0) {
      return frozenAt;
    }
    if (!availability.available()) {
      return 0;
    }
    long total = totalNanojoules();
    return wrapRange > 0 ? total % wrapRange : total;
  }

  @Override
  public long wrapRangeNanojoules() {
    return wrapRange;
  }

  /** The power set with {@link Builder#threadCpu}, 0 otherwise (and once the meter stopped counting). */
  @Override
  public long threadCpuMicrowatts() {
    return frozenAt >= 0 || !availability.available() ? 0 : threadCpuPower.microwatts();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public EnergyDomain domain() {
    return domain;
  }

  @Override
  public EnergyQuality quality() {
    return quality;
  }

  @Override
  public Availability availability() {
    return availability;
  }

  @Override
  public String description() {
    return "simulation (testkit): " + basePower + " base power over the ticker's time + scripted work"
        + (wrapRange > 0 ? ", wraps at " + Energy.ofNanojoules(wrapRange) : "");
  }

  @Override
  public Ticker ticker() {
    return ticker;
  }

  @Override
  public String toString() {
    return "SimulatedMeter[" + name + ", " + quality + ", " + availability + ", total "
        + Energy.ofNanojoules(totalNanojoules()) + "]";
  }

  /** Builder for {@link SimulatedMeter}. */
  public static final class Builder {
    private final Ticker ticker;
    private String name = "simulated";
    private EnergyDomain domain = EnergyDomain.CPU;
    private Power basePower = Power.ZERO;
    private EnergyQuality quality = EnergyQuality.ESTIMATED;
    private long wrapRange;
    private Power threadCpuPower = Power.ZERO;
    private Availability availability = Availability.AVAILABLE;

    private Builder(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
    }

    public Builder name(String meterName) {
      if (meterName.isBlank()) {
        throw new IllegalArgumentException("a meter needs a name");
      }
      this.name = meterName;
      return this;
    }

    public Builder domain(EnergyDomain d) {
      this.domain = Objects.requireNonNull(d, "domain");
      return this;
    }

    /** Power drawn all the time, integrated over the ticker's time. */
    public Builder basePower(Power power) {
      this.basePower = Objects.requireNonNull(power, "basePower");
      return this;
    }

    /** ESTIMATED by default; MEASURED only to exercise measured code paths (it is still a simulation). */
    public Builder quality(EnergyQuality q) {
      this.quality = Objects.requireNonNull(q, "quality");
      return this;
    }

    /** Makes the counter wrap to 0 at {@code nanojoules}, like RAPL's {@code max_energy_range_uj}. */
    public Builder wrapAt(long nanojoules) {
      if (nanojoules <= 0) {
        throw new IllegalArgumentException("wrap range must be > 0 nJ, was " + nanojoules);
      }
      this.wrapRange = nanojoules;
      return this;
    }

    /**
     * Declares the counter a thread CPU-time meter charging {@code power} per busy core, as the
     * runtime's CPU-time estimator does ({@link EnergyMeter#threadCpuMicrowatts()}): a pipeline's
     * default metering then times its windows with the wall clock. The counter itself stays scripted.
     */
    public Builder threadCpu(Power power) {
      this.threadCpuPower = Objects.requireNonNull(power, "power");
      return this;
    }

    /** Makes the meter unavailable, as a missing or unreadable sensor would be; it then reads 0. */
    public Builder unavailable(String reason) {
      this.availability = Availability.unavailable(reason);
      return this;
    }

    public SimulatedMeter build() {
      return new SimulatedMeter(this);
    }
  }
}
