package io.edgeenergy.runtime;

import io.edgeenergy.Availability;
import io.edgeenergy.EnergyQuality;
import io.edgeenergy.Ticker;
import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.runtime.RaplMeter.CounterFile;
import io.edgeenergy.runtime.internal.Samplers;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MEASURED meter over a hardware energy counter file in µJ (powercap {@code energy_uj}, hwmon
 * {@code energyN_input}): the file stays open, a daemon sampler folds each sample's delta into an
 * accumulator so a window spanning many wraps or resets is still counted, and a read is the
 * accumulator plus the delta since the last sample. What a decrease means (a wrap at a known range,
 * or a reset) is the subclass's {@link #delta(long, long)}. A failing file makes the meter unavailable
 * (logged once) and freezes its counter; it never jumps. Thread-safe; reads are serialized.
 */
abstract class CounterMeter implements EnergyMeter {
  private static final Logger LOG = LoggerFactory.getLogger(CounterMeter.class);

  private final String name;
  private final Ticker ticker;
  private final long periodNanos;
  private final CounterFile file;
  private ScheduledExecutorService sampler;
  private long accumulatedUj;
  private long lastRawUj;
  private volatile Availability availability = Availability.AVAILABLE;

  CounterMeter(String name, CounterFile file, long firstRaw, Ticker ticker, long periodNanos) {
    this.name = name;
    this.file = file;
    this.lastRawUj = firstRaw;
    this.ticker = ticker;
    this.periodNanos = periodNanos;
  }

  /** µJ counted from {@code last} to {@code raw}; throws on a value the counter cannot hold. */
  abstract long delta(long last, long raw) throws IOException;

  /** Why the meter stopped, with the fix where there is one. */
  abstract String failure(Exception e, long accumulatedUj);

  final void startSampler(String threadName) {
    synchronized (this) {
      if (sampler == null && availability.available()) {
        sampler = Samplers.every(threadName, periodNanos, this::sampleNow);
      }
    }
  }

  /** Reads the counter once and folds the delta into the accumulator (the sampler thread calls this). */
  public synchronized void sampleNow() {
    if (!availability.available()) {
      return;
    }
    try {
      file.checkStillThere();
      long raw = file.readMicrojoules();
      accumulatedUj += delta(lastRawUj, raw);
      lastRawUj = raw;
    } catch (IOException | RuntimeException e) {
      fail(e);
    }
  }

  @Override
  public synchronized long readNanojoules() {
    if (!availability.available()) {
      return accumulatedUj * 1000;
    }
    try {
      long raw = file.readMicrojoules();
      return (accumulatedUj + delta(lastRawUj, raw)) * 1000;
    } catch (IOException | RuntimeException e) {
      fail(e);
      return accumulatedUj * 1000;
    }
  }

  private void fail(Exception e) {
    String why = failure(e, accumulatedUj);
    availability = Availability.unavailable(why);
    LOG.warn("{} — meter {} is now unavailable", why, name);
    file.close();
    stopSampler();
  }

  private void stopSampler() {
    if (sampler != null) {
      sampler.shutdownNow();
      sampler = null;
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public EnergyQuality quality() {
    return EnergyQuality.MEASURED;
  }

  @Override
  public Availability availability() {
    return availability;
  }

  @Override
  public Ticker ticker() {
    return ticker;
  }

  /** How often the sampler reads the counter. */
  public Duration period() {
    return Duration.ofNanos(periodNanos);
  }

  @Override
  public synchronized void close() {
    stopSampler();
    file.close();
    if (availability.available()) {
      availability = Availability.unavailable("meter " + name + " closed");
    }
  }
}
