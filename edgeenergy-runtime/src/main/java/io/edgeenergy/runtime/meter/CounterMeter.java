package io.edgeenergy.runtime.meter;

import io.edgeenergy.Availability;
import io.edgeenergy.Ticker;
import io.edgeenergy.energy.EnergyMeter;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MEASURED meter over a hardware energy counter file in µJ (powercap {@code energy_uj}, hwmon
 * {@code energyN_input}): the file stays open, a daemon sampler folds each sample's delta into an
 * accumulator so a window spanning many wraps or resets is still counted, and a read is the
 * accumulator plus the delta since the last sample. What a decrease means (a wrap at a known range,
 * or a reset) is the subclass's {@link #delta(long, long)}. A failing file makes the meter unavailable
 * (logged once) and freezes its counter; it never jumps.
 *
 * <p>Reads never decrease: a read also counts the delta since the last sample, and a counter that
 * resets between samples (hwmon) would otherwise read lower than before; every read is raised to the
 * highest value returned so far, so the counter holds still until the accumulator passes it.
 * Thread-safe; reads are serialized, so a read is one consistent view of accumulator and file.
 */
abstract class CounterMeter extends SamplingMeter {
  private static final Logger LOG = LoggerFactory.getLogger(CounterMeter.class);
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

  /** Builds a meter on an opened counter file whose first value was read. */
  @FunctionalInterface
  interface Factory {
    CounterMeter make(CounterFile file, long firstRawUj) throws IOException;
  }

  /**
   * Opens {@code path} with {@code opener}, reads it once and builds the meter; a counter that cannot be
   * read gives an unavailable meter instead, its file closed: permission denied says
   * {@code permissionMessage} (the file and the fix, also logged at WARN), anything else names
   * {@code what} and the reason.
   */
  static EnergyMeter openCounter(Path path, CounterOpener opener, Function<Path, String> permissionMessage,
      String what, Factory factory) {
    CounterFile f = null;
    try {
      f = opener.open(path);
      return factory.make(f, f.readMicrojoules());
    } catch (AccessDeniedException e) {
      closeQuietly(f);
      String msg = permissionMessage.apply(path);
      LOG.warn("{} (quality of the fallback is ESTIMATED)", msg);
      return EnergyMeter.unavailable(msg);
    } catch (IOException | RuntimeException e) {
      closeQuietly(f);
      return EnergyMeter.unavailable(what + " unusable: " + e.getMessage());
    }
  }

  private static void closeQuietly(CounterFile f) {
    if (f != null) {
      f.close();
    }
  }

  /** µJ counted from {@code last} to {@code raw}; throws on a value the counter cannot hold. */
  abstract long delta(long last, long raw) throws IOException;

  /** The sampler saw the raw counter fall from {@code last} to {@code raw} (a wrap or a reset); off the hot path. */
  void noteDecrease(long last, long raw) {}

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
      if (raw < lastRawUj) {
        noteDecrease(lastRawUj, raw);
      }
      accumulatedUj += delta(lastRawUj, raw);
      lastRawUj = raw;
    } catch (IOException | RuntimeException e) {
      fail(e);
    }
  }

  @Override
  public synchronized long readNanojoules() {
    long value = accumulatedUj * 1000;
    if (counting()) {
      try {
        long raw = file.readMicrojoules();
        value = (accumulatedUj + delta(lastRawUj, raw)) * 1000;
      } catch (IOException | RuntimeException e) {
        fail(e);
      }
    }
    return raiseFloor(value);
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
