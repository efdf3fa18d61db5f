package io.edgeenergy.runtime;

import io.edgeenergy.Availability;
import io.edgeenergy.Ticker;
import io.edgeenergy.runtime.RaplMeter.CounterFile;
import java.io.IOException;
import java.time.Duration;

/**
 * A MEASURED meter over a hardware energy counter file in µJ (powercap {@code energy_uj}, hwmon
 * {@code energyN_input}): the file stays open, a daemon sampler folds each sample's delta into an
 * accumulator so a window spanning many wraps or resets is still counted, and a read is the
 * accumulator plus the delta since the last sample. What a decrease means (a wrap at a known range,
 * or a reset) is the subclass's {@link #delta(long, long)}. A failing file makes the meter unavailable
 * (logged once) and freezes its counter; it never jumps. Thread-safe; reads are serialized.
 */
abstract class CounterMeter extends SamplingMeter {
  private final long periodNanos;
  private final CounterFile file;
  private long accumulatedUj;
  private long lastRawUj;

  CounterMeter(String name, CounterFile file, long firstRaw, Ticker ticker, long periodNanos) {
    super(name, ticker, Availability.AVAILABLE);
    this.file = file;
    this.lastRawUj = firstRaw;
    this.periodNanos = periodNanos;
  }

  /** µJ counted from {@code last} to {@code raw}; throws on a value the counter cannot hold. */
  abstract long delta(long last, long raw) throws IOException;

  /** Why the meter stopped, with the fix where there is one. */
  abstract String failure(Exception e, long accumulatedUj);

  final synchronized void startSampler(String threadName) {
    if (counting()) {
      startSampling(threadName, periodNanos);
    }
  }

  /** Reads the counter once and folds the delta into the accumulator (the sampler thread calls this). */
  @Override
  public synchronized void sampleNow() {
    if (!counting()) {
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
    if (!counting()) {
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
    stopCounting(failure(e, accumulatedUj));
    file.close();
    stopSampling();
  }

  /** How often the sampler reads the counter. */
  public Duration period() {
    return Duration.ofNanos(periodNanos);
  }

  @Override
  public synchronized void close() {
    stopSampling();
    file.close();
    if (counting()) {
      markUnavailable("meter " + name() + " closed");
    }
  }
}
