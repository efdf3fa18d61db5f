package io.edgeenergy.runtime.meter;

import io.edgeenergy.Ticker;
import io.edgeenergy.energy.EnergyDomain;
import io.edgeenergy.energy.EnergyMeter;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MEASURED meter over one hwmon energy counter, {@code <sysfsRoot>/class/hwmon/hwmonN/energyK_input}
 * in µJ (the amd_energy and zenergy drivers' {@code Ecore000}.. per-core and {@code Esocket0}.. per-socket
 * counters, i915's GPU energy, and any other driver's). Found by {@link HwmonMeters#energyCounters(Path)}.
 *
 * <p>The hwmon ABI makes the value a cumulative 64-bit count with no stated range (drivers such as
 * amd_energy extend 32-bit hardware registers themselves), so a value lower than the previous one is
 * a <em>reset</em> (driver reloaded, module re-probed), not a wrap: the counter is taken to have
 * restarted from 0 and the new value is added — an under-count of whatever was consumed between the
 * last sample and the reset, never a negative or a huge jump. The file stays open and a daemon sampler
 * reads it every {@link #DEFAULT_PERIOD_SECONDS} s, so at most that much is lost to a reset.
 * Permission denied (amd_energy makes its files 0440, owner and group only, for CVE-2020-12912),
 * garbage, empty and vanishing files make the meter unavailable with the path and the fix; its counter
 * freezes and never jumps. Thread-safe.
 */
public final class HwmonEnergyMeter extends CounterMeter {
  /** Seconds between samples: only resets and vanishing files need catching, not wraps. */
  public static final int DEFAULT_PERIOD_SECONDS = 1;

  private static final Logger LOG = LoggerFactory.getLogger(HwmonEnergyMeter.class);

  private final HwmonMeters.EnergyCounter counter;

  private HwmonEnergyMeter(HwmonMeters.EnergyCounter counter, CounterFile file, long first, Ticker ticker) {
    super("hwmon:" + counter.chip() + ":" + counter.label(), file, first, ticker,
        TimeUnit.SECONDS.toNanos(DEFAULT_PERIOD_SECONDS));
    this.counter = counter;
  }

  /** Opens and starts a meter on {@code counter}, or an unavailable meter saying why, with the fix. */
  public static EnergyMeter open(HwmonMeters.EnergyCounter counter, Ticker ticker) {
    return open(counter, ticker, CounterFile::open);
  }

  static EnergyMeter open(HwmonMeters.EnergyCounter counter, Ticker ticker, CounterOpener opener) {
    return openCounter(counter.file(), opener, HwmonEnergyMeter::permissionMessage,
        "hwmon energy counter " + counter.file(), (file, first) -> {
          HwmonEnergyMeter m = new HwmonEnergyMeter(counter, file, first, ticker);
          m.startSampler("edgeenergy-hwmon-" + counter.chip() + "-" + counter.label());
          return m;
        });
  }

  static String permissionMessage(Path file) {
    return "permission denied reading " + file + " (energy counters are restricted to owner and group since "
        + "CVE-2020-12912); fix: sudo chmod o+r " + file + ", or add the user to the file's group, or a udev rule: "
        + "SUBSYSTEM==\"hwmon\", ACTION==\"add\", RUN+=\"/bin/chmod o+r /sys%p/" + file.getFileName() + "\"";
  }

  @Override
  long delta(long last, long raw) throws IOException {
    if (raw < 0) {
      throw new IOException(counter.file() + " = " + raw + ", a negative energy");
    }
    return raw < last ? raw : raw - last;
  }

  @Override
  void noteDecrease(long last, long raw) {
    LOG.info("{} went from {} to {} µJ: counter reset (driver reloaded?); counting from 0 again",
        counter.file(), last, raw);
  }

  @Override
  String failure(Exception e, long accumulatedUj) {
    return e instanceof AccessDeniedException ? permissionMessage(counter.file())
        : "hwmon energy counter " + counter.file() + " stopped: " + e.getMessage() + "; counter frozen at "
            + accumulatedUj + " µJ";
  }

  @Override
  public EnergyDomain domain() {
    return counter.domain();
  }

  @Override
  public String description() {
    return "hwmon energy counter " + counter.chip() + " " + counter.label() + " (" + counter.file()
        + ", µJ; a decrease is a reset, counted from 0; sampled every " + period().toMillis() + " ms)";
  }

  /** The counter this meter reads. */
  public HwmonMeters.EnergyCounter counter() {
    return counter;
  }

  /** Domain of a counter from its label: sockets/packages are whole-CPU counters, like RAPL package. */
  static EnergyDomain domainOf(String chip, String label) {
    String l = label.toLowerCase(Locale.ROOT);
    if (l.contains("socket") || l.contains("package") || l.startsWith("pkg")) {
      return EnergyDomain.PACKAGE;
    } else if (l.startsWith("ecore") || l.contains("core")) {
      return EnergyDomain.CORE;
    } else if (chip.equals("i915") || chip.equals("xe") || chip.equals("amdgpu") || l.contains("gpu")) {
      return EnergyDomain.GPU;
    }
    return EnergyDomain.SOC;
  }
}
