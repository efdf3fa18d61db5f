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
 * A meter whose counter is exactly {@code basePower × elapsed ticker time + work added}, in whole
 * nanojoules: the ground truth tests compare pipelines, budgets and ledgers against. Work is added by
 * {@link ScriptedModel}s (or by hand with {@link #addWork}).
 *
 * <p>It is a simulation: its quality defaults to ESTIMATED. Setting MEASURED exists only to test
 * code paths that treat measured figures differently; never let it reach a report.
 */
public final class SimulatedMeter implements EnergyMeter {
  private final Ticker ticker;
  private final Power basePower;
  private final EnergyQuality quality;
  private final long wrapRange;
  private final Availability availability;
  private final long start;
  private final AtomicLong work = new AtomicLong();

  private SimulatedMeter(Builder b) {
    this.ticker = b.ticker;
    this.basePower = b.basePower;
    this.quality = b.quality;
    this.wrapRange = b.wrapRange;
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

  /** Adds energy spent by simulated work. */
  public void addWork(Energy energy) {
    work.addAndGet(energy.nanojoules());
  }

  /** Everything counted so far, unwrapped. */
  public long totalNanojoules() {
    return basePower.overNanos(ticker.read() - start) + work.get();
  }

  @Override
  public long readNanojoules() {
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

  @Override
  public String name() {
    return "simulated";
  }

  @Override
  public EnergyDomain domain() {
    return EnergyDomain.CPU;
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
    return "simulated: " + basePower + " base power + scripted work";
  }

  @Override
  public Ticker ticker() {
    return ticker;
  }

  /** Builder for {@link SimulatedMeter}. */
  public static final class Builder {
    private final Ticker ticker;
    private Power basePower = Power.ZERO;
    private EnergyQuality quality = EnergyQuality.ESTIMATED;
    private long wrapRange;
    private Availability availability = Availability.AVAILABLE;

    private Builder(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
    }

    /** Power drawn all the time, integrated over the ticker's time. */
    public Builder basePower(Power power) {
      this.basePower = Objects.requireNonNull(power, "basePower");
      return this;
    }

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

    /** Makes the meter unavailable, as a missing or unreadable sensor would be. */
    public Builder unavailable(String reason) {
      this.availability = Availability.unavailable(reason);
      return this;
    }

    public SimulatedMeter build() {
      return new SimulatedMeter(this);
    }
  }
}
