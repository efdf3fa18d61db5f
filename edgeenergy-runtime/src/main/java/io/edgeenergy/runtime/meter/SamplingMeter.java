package io.edgeenergy.runtime.meter;

import io.edgeenergy.Availability;
import io.edgeenergy.EnergyQuality;
import io.edgeenergy.Ticker;
import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.runtime.internal.Samplers;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the MEASURED meters with a background sampler share: name, ticker, an availability that
 * turns unavailable for good when the hardware fails (the counter freezes, it never jumps; logged
 * once), the daemon sampler thread's start and stop, and the floor that keeps reads from going down
 * ({@link #raiseFloor}). Subclasses read the hardware in {@link #sampleNow()}.
 */
abstract class SamplingMeter implements EnergyMeter {
  private static final Logger LOG = LoggerFactory.getLogger(SamplingMeter.class);

  private final String name;
  private final Ticker ticker;
  private volatile Availability availability;
  private ScheduledExecutorService sampler;
  /** The highest value {@link #raiseFloor} returned: no read may go below it. */
  private final AtomicLong floor = new AtomicLong();

  SamplingMeter(String name, Ticker ticker, Availability availability) {
    this.name = name;
    this.ticker = ticker;
    this.availability = availability;
  }

  /**
   * {@code max(value, highest value returned so far)}, recording it: what every read returns, so the
   * counter never goes down even when a read's extrapolation (a tail since the last sample, a delta
   * of a counter that reset between samples) overshoots what the next sample integrates; the counter
   * then holds still until the samples pass it. Lock-free: one CAS when the counter rises.
   */
  final long raiseFloor(long value) {
    long f = floor.get();
    while (value > f) {
      if (floor.compareAndSet(f, value)) {
        return value;
      }
      f = floor.get();
    }
    return f;
  }

  /** Reads the hardware once (the sampler thread calls this; tests call it with a fake ticker). */
  public abstract void sampleNow();

  /** Runs {@link #sampleNow()} every {@code periodNanos} on a daemon thread, unless already running. */
  final synchronized void startSampling(String threadName, long periodNanos) {
    if (sampler == null) {
      sampler = Samplers.every(threadName, periodNanos, this::sampleNow);
    }
  }

  final synchronized void stopSampling() {
    if (sampler != null) {
      sampler.shutdownNow();
      sampler = null;
    }
  }

  final synchronized boolean sampling() {
    return sampler != null;
  }

  final boolean counting() {
    return availability.available();
  }

  /** The hardware failed: the meter is unavailable from now on, its counter frozen; logged at WARN. */
  final void stopCounting(String why) {
    availability = Availability.unavailable(why);
    LOG.warn("meter '{}' stops counting: {}", name, why);
  }

  /** Unavailable without a warning: closed, or found unusable while opening. */
  final void markUnavailable(String why) {
    availability = Availability.unavailable(why);
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final EnergyQuality quality() {
    return EnergyQuality.MEASURED;
  }

  @Override
  public final Availability availability() {
    return availability;
  }

  @Override
  public final Ticker ticker() {
    return ticker;
  }
}
