package io.edgeenergy.android;

import io.edgeenergy.Availability;
import io.edgeenergy.EnergyQuality;
import io.edgeenergy.Ticker;
import io.edgeenergy.energy.EnergyDomain;
import io.edgeenergy.energy.EnergyMeter;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What {@link PowerMonitorMeter} and {@link BatteryManagerMeter} share: a counter that only a sampler
 * thread advances, by non-negative steps, so the inference thread reads one volatile long; the
 * stop-counting-once rule; and the sampler's life cycle.
 */
abstract class AndroidMeter implements EnergyMeter {
  static final Logger LOG = Logger.getLogger("io.edgeenergy.android");

  private final String name;
  private final EnergyDomain domain;
  private final Ticker ticker;
  private final AtomicLong nanojoules = new AtomicLong();
  private volatile EnergyQuality quality;
  private volatile Availability availability = Availability.AVAILABLE;
  private volatile String description;
  private ScheduledExecutorService sampler;
  private ScheduledFuture<?> task;

  AndroidMeter(String name, EnergyDomain domain, EnergyQuality quality, Ticker ticker) {
    this.name = name;
    this.domain = domain;
    this.quality = quality;
    this.ticker = ticker;
    this.description = name;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final EnergyDomain domain() {
    return domain;
  }

  @Override
  public final EnergyQuality quality() {
    return quality;
  }

  @Override
  public final Availability availability() {
    return availability;
  }

  @Override
  public final String description() {
    return description;
  }

  @Override
  public final Ticker ticker() {
    return ticker;
  }

  @Override
  public final long readNanojoules() {
    return nanojoules.get();
  }

  @Override
  public final boolean isCounting() {
    return availability.available();
  }

  final void describe(EnergyQuality q, String text) {
    this.quality = q;
    this.description = text;
  }

  /** Adds a step; a negative one is a caller bug (the counter must never go back), so it is refused. */
  final void add(long stepNanojoules) {
    if (stepNanojoules < 0) {
      throw new IllegalArgumentException("a counter step must be >= 0, was " + stepNanojoules + " nJ");
    }
    if (isCounting()) {
      nanojoules.addAndGet(stepNanojoules);
    }
  }

  /** Freezes the counter for good and says why; the first reason wins. */
  final void stopCounting(String reason) {
    stop(reason, Level.WARNING);
  }

  /** For a meter whose capability is missing from the start: unavailable, logged at FINE only. */
  final void neverCounted(String reason) {
    stop(reason, Level.FINE);
  }

  private void stop(String reason, Level level) {
    synchronized (this) {
      if (!availability.available()) {
        return;
      }
      availability = Availability.unavailable(reason);
    }
    LOG.log(level, "{0} stopped counting: {1}", new Object[] {name, reason});
    cancelSampler();
  }

  /** Runs {@code poll} every {@code period} on a daemon thread of its own, never on the caller's. */
  final synchronized void startSampler(Duration period, Runnable poll) {
    if (!isCounting() || sampler != null) {
      return;
    }
    sampler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "edgeenergy-" + name);
      t.setDaemon(true);
      return t;
    });
    long nanos = period.toNanos();
    task = sampler.scheduleWithFixedDelay(() -> {
      try {
        poll.run();
      } catch (RuntimeException e) {   // a sampler that dies silently would freeze the counter unannounced
        stopCounting("sampler failed: " + e);
      }
    }, nanos, nanos, TimeUnit.NANOSECONDS);
  }

  private synchronized void cancelSampler() {
    if (task != null) {
      task.cancel(false);
    }
    if (sampler != null) {
      sampler.shutdownNow();
    }
  }

  /** Stops the sampler; the counter keeps its last value and the meter says it was closed. Idempotent. */
  @Override
  public void close() {
    stop("closed", Level.FINE);
  }

  @Override
  public String toString() {
    return name + " (" + quality + ", " + domain + ", " + availability + "): " + description;
  }
}
