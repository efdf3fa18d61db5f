package io.edgeenergy.runtime.meter;

import io.edgeenergy.Availability;
import io.edgeenergy.EnergyQuality;
import io.edgeenergy.Ticker;
import io.edgeenergy.energy.EnergyDomain;
import io.edgeenergy.energy.EnergyMeter;
import java.time.Duration;

/**
 * A MEASURED meter over one power sensor: either a {@link SampledPowerMeter} validated by a first
 * sample, or, when the sensor is absent, an unavailable meter that says why and reads 0.
 */
abstract class SensorMeter implements EnergyMeter {
  private final String name;
  private final EnergyDomain domain;
  private final String kind;
  private final SampledPowerMeter sampled;
  private final Availability absent;

  /** A meter over {@code source}; the first sample runs now, so a bad sensor is unavailable at once. */
  SensorMeter(String name, EnergyDomain domain, String kind, PowerSource source, Ticker ticker, Duration period) {
    this.name = name;
    this.domain = domain;
    this.kind = kind;
    this.sampled = SampledPowerMeter.builder(name, source).domain(domain).period(period).ticker(ticker).build();
    this.absent = null;
    sampled.sampleNow();
  }

  /** A meter for a sensor that is not there. */
  SensorMeter(String name, EnergyDomain domain, String kind, Availability absent) {
    this.name = name;
    this.domain = domain;
    this.kind = kind;
    this.sampled = null;
    this.absent = absent;
  }

  /** Starts the sampler thread, unless the meter is unavailable. */
  void startSampler() {
    if (sampled != null && sampled.availability().available()) {
      sampled.start();
    }
  }

  /** Reads the sensor once and integrates; tests call this with a fake ticker. */
  public void sampleNow() {
    if (sampled != null) {
      sampled.sampleNow();
    }
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
    return EnergyQuality.MEASURED;
  }

  @Override
  public Availability availability() {
    return sampled == null ? absent : sampled.availability();
  }

  @Override
  public String description() {
    return sampled == null ? "no " + kind + " meter: " + absent.reason() : sampled.description();
  }

  @Override
  public Ticker ticker() {
    return sampled == null ? Ticker.system() : sampled.ticker();
  }

  @Override
  public long readNanojoules() {
    return sampled == null ? 0 : sampled.readNanojoules();
  }

  @Override
  public void close() {
    if (sampled != null) {
      sampled.close();
    }
  }
}
