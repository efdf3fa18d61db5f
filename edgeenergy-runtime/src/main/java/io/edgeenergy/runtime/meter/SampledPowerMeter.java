package io.edgeenergy.runtime.meter;

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
 * <p><b>Reads are monotonic by construction.</b> The sampler publishes one immutable snapshot (energy
 * integrated up to the last sample, its time and power), so a read never mixes two samples.
 * {@link #readNanojoules()} is that integral plus a <em>tail</em>: the last power held since the last
 * sample, for at most two periods (a stalled sampler does not extrapolate for ever). When power falls,
 * the next sample's trapezoid can be below a tail already handed out (4 W then 0 W over 50 ms: a tail
 * of 196 mJ at 49 ms, a trapezoid of 100 mJ at 50 ms); every read is therefore also raised to a floor,
 * the highest value ever returned, so the counter holds still until the integral passes it again: the
 * over-read is reconciled, not taken back. A read is never below the integral of the samples and never
 * above it by more than the last power × two periods. It never allocates or blocks.
 *
 * <p>If the sensor fails (unplugged, permission revoked, garbage), the meter turns unavailable with the
 * reason, logs it once, {@link #isCounting()} turns false (a pipeline then labels its figures
 * ESTIMATED) and its counter freezes: it never invents energy.
 *
 * <p>Tests call {@link #sampleNow()} with a fake ticker instead of starting the thread.
 */
public final class SampledPowerMeter extends SamplingMeter {
  public static final Duration DEFAULT_PERIOD = Duration.ofMillis(10);

  /** What one sample leaves behind, published as a whole; {@code microwatts < 0}: not sampled yet. */
  private record Snapshot(long integratedNanojoules, long sampleNanos, long microwatts) {}

  private final EnergyDomain domain;
  private final PowerSource source;
  private final Duration period;
  private final long maxTailNanos;

  private volatile Snapshot last = new Snapshot(0, 0, -1);

  private SampledPowerMeter(Builder b) {
    super(b.name, b.ticker, Availability.AVAILABLE);
    this.domain = b.domain;
    this.source = b.source;
    this.period = b.period;
    this.maxTailNanos = 2 * b.period.toNanos();
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
    Snapshot s = last;
    long integrated = s.integratedNanojoules();
    if (s.microwatts() >= 0 && now > s.sampleNanos()) {
      long dt = now - s.sampleNanos();
      // (p0 + p1) / 2 × dt; the odd µW's half is added separately to stay exact
      long sum = s.microwatts() + microwatts;
      integrated += nanojoules(sum / 2, dt) + ((sum & 1) * dt) / 2_000_000;
    }
    last = new Snapshot(integrated, now, microwatts);
  }

  @Override
  public long readNanojoules() {
    Snapshot s = last;
    long value = s.integratedNanojoules();
    if (s.microwatts() > 0 && counting()) {
      long held = Math.min(ticker().read() - s.sampleNanos(), maxTailNanos);
      if (held > 0) {
        value += nanojoules(s.microwatts(), held);
      }
    }
    return raiseFloor(value);   // the floor of SamplingMeter: see the class comment
  }

  /** µW × ns = 1e-15 J, / 1e6 = nJ; split so that long periods at high power cannot overflow. */
  private static long nanojoules(long microwatts, long nanos) {
    return microwatts * (nanos / 1_000_000) + microwatts * (nanos % 1_000_000) / 1_000_000;
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
