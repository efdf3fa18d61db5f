package io.edgeenergy.runtime;

import io.edgeenergy.Availability;
import io.edgeenergy.Ticker;
import io.edgeenergy.energy.EnergyDomain;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;

/**
 * Turns a power sensor into an energy counter: a daemon thread samples the {@link PowerSource} every
 * {@code period} and integrates with the trapezoid rule. Power sensors give watts, not joules, so the
 * figure is only as good as the sampling: a load that changes faster than the period is smeared, and
 * the description states the period. Quality is MEASURED (a hardware sensor produced it).
 *
 * <p>{@link #readNanojoules()} returns the energy integrated up to the last sample plus the last power
 * held until now, so it rises smoothly between samples; it never allocates or blocks. If the sensor
 * fails (unplugged, permission revoked, garbage), the meter turns unavailable with the reason, logs it
 * once, and its counter stops: it never invents energy.
 *
 * <p>Tests call {@link #sampleNow()} with a fake ticker instead of starting the thread.
 */
public final class SampledPowerMeter extends SamplingMeter {
  public static final Duration DEFAULT_PERIOD = Duration.ofMillis(10);

  private final EnergyDomain domain;
  private final PowerSource source;
  private final Duration period;

  private volatile long integratedNanojoules;
  private volatile long lastSampleNanos;
  private volatile long lastMicrowatts = -1;

  private SampledPowerMeter(Builder b) {
    super(b.name, b.ticker, Availability.AVAILABLE);
    this.domain = b.domain;
    this.source = b.source;
    this.period = b.period;
  }

  public static Builder builder(String name, PowerSource source) {
    return new Builder(name, source);
  }

  /** Takes the first sample and starts the sampler thread; returns this meter. */
  public synchronized SampledPowerMeter start() {
    if (!sampling()) {
      sampleNow();
      startSampling("edgeenergy-sampler-" + name(), period.toNanos());
    }
    return this;
  }

  /** Reads the sensor once and integrates since the previous sample (trapezoid). */
  @Override
  public synchronized void sampleNow() {
    if (!counting()) {
      return;
    }
    long now = ticker().read();
    long microwatts;
    try {
      microwatts = source.readMicrowatts();
      if (microwatts < 0) {
        throw new IOException("negative power " + microwatts + " µW");
      }
    } catch (IOException | RuntimeException e) {
      stopCounting(source.describe() + ": " + e.getMessage());
      return;
    }
    if (lastMicrowatts >= 0) {
      long dt = now - lastSampleNanos;
      // (p0 + p1) / 2 × dt, in µW × ns / 1e6 = nJ; split to stay exact and allocation-free
      long sum = lastMicrowatts + microwatts;
      integratedNanojoules += sum / 2 * (dt / 1_000_000) + (sum / 2 * (dt % 1_000_000)) / 1_000_000
          + ((sum & 1) * dt) / 2_000_000;
    }
    lastMicrowatts = microwatts;
    lastSampleNanos = now;
  }

  @Override
  public long readNanojoules() {
    long p = lastMicrowatts;
    long base = integratedNanojoules;
    if (p < 0 || !counting()) {
      return base;
    }
    long held = ticker().read() - lastSampleNanos;
    return base + (held <= 0 ? 0 : p * (held / 1_000_000) + p * (held % 1_000_000) / 1_000_000);
  }

  @Override
  public EnergyDomain domain() {
    return domain;
  }

  @Override
  public String description() {
    return source.describe() + ", integrated (trapezoid) every " + period.toMillis() + " ms";
  }

  /** The period the sampler thread reads the sensor at. */
  public Duration period() {
    return period;
  }

  @Override
  public synchronized void close() {
    stopSampling();
  }

  /** Builder for {@link SampledPowerMeter}. */
  public static final class Builder {
    private final String name;
    private final PowerSource source;
    private EnergyDomain domain = EnergyDomain.BOARD;
    private Duration period = DEFAULT_PERIOD;
    private Ticker ticker = Ticker.system();

    private Builder(String name, PowerSource source) {
      this.name = Objects.requireNonNull(name, "name");
      this.source = Objects.requireNonNull(source, "source");
    }

    public Builder domain(EnergyDomain d) {
      this.domain = Objects.requireNonNull(d, "domain");
      return this;
    }

    /** Sampling period, 1 ms to 10 s; default {@link #DEFAULT_PERIOD}. */
    public Builder period(Duration p) {
      if (p.compareTo(Duration.ofMillis(1)) < 0 || p.compareTo(Duration.ofSeconds(10)) > 0) {
        throw new IllegalArgumentException("sampling period must be between 1 ms and 10 s, was " + p);
      }
      this.period = p;
      return this;
    }

    public Builder ticker(Ticker t) {
      this.ticker = Objects.requireNonNull(t, "ticker");
      return this;
    }

    public SampledPowerMeter build() {
      return new SampledPowerMeter(this);
    }
  }
}
