package io.edgeenergy.runtime.meter;

import io.edgeenergy.Availability;
import io.edgeenergy.EnergyQuality;
import io.edgeenergy.Ticker;
import io.edgeenergy.energy.EnergyDomain;
import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.energy.EnergyReading;
import io.edgeenergy.runtime.internal.sysfs.SysfsReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Attributes a whole-device meter's energy to this process when other work runs too: every read
 * charges the device energy spent since the previous read times this process's share of the CPU
 * time the whole system spent busy in between ({@code /proc/self/stat} utime+stime over the busy
 * jiffies of {@code /proc/stat}'s {@code cpu} line). The share is a model, so the figure is
 * ESTIMATED even when the device meter is measured, and the description says how it was made.
 *
 * <p>Reads parse two procfs files (tens of µs): use it with sampled metering. Not allocation-free.
 */
public final class ProcessShareMeter implements EnergyMeter {
  private final EnergyMeter device;
  private final Path procRoot;
  private long attributed;
  private long lastDevice;
  private long lastProcessTicks;
  private long lastBusyTicks;
  private Availability availability = Availability.AVAILABLE;

  private ProcessShareMeter(EnergyMeter device, Path procRoot) {
    this.device = device;
    this.procRoot = procRoot;
    try {
      lastDevice = device.readNanojoules();
      lastProcessTicks = processTicks();
      lastBusyTicks = busyTicks();
    } catch (IOException | RuntimeException e) {
      availability = Availability.unavailable("cannot read CPU times under " + procRoot + ": " + e.getMessage());
    }
  }

  /** Attributes {@code device}'s energy to this process using {@code /proc}. */
  public static ProcessShareMeter of(EnergyMeter device) {
    return of(device, Path.of("/proc"));
  }

  /** {@link #of(EnergyMeter)} with another procfs root, e.g. a fake tree in a test. */
  public static ProcessShareMeter of(EnergyMeter device, Path procRoot) {
    return new ProcessShareMeter(Objects.requireNonNull(device, "device"), Objects.requireNonNull(procRoot, "procRoot"));
  }

  @Override
  public synchronized long readNanojoules() {
    if (!availability.available()) {
      return attributed;
    }
    try {
      long deviceNow = device.readNanojoules();
      long processNow = processTicks();
      long busyNow = busyTicks();
      long energy = EnergyReading.delta(lastDevice, deviceNow, device.wrapRangeNanojoules());
      long busy = busyNow - lastBusyTicks;
      long mine = Math.max(0, processNow - lastProcessTicks);
      if (busy > 0) {
        attributed += Math.round(energy * Math.min(1.0, (double) mine / busy));
      }
      lastDevice = deviceNow;
      lastProcessTicks = processNow;
      lastBusyTicks = busyNow;
    } catch (IOException | RuntimeException e) {
      availability = Availability.unavailable("CPU share unreadable under " + procRoot + ": " + e.getMessage());
    }
    return attributed;
  }

  /** utime + stime of this process, in clock ticks (fields 14 and 15 of /proc/self/stat). */
  private long processTicks() throws IOException {
    String stat = SysfsReader.system().text(procRoot.resolve("self/stat")).orThrow();
    // the command name (field 2) may contain spaces and parentheses: fields are counted after the last ')'
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /** Busy ticks of all CPUs: the {@code cpu} line of /proc/stat minus idle and iowait. */
  private long busyTicks() throws IOException {
    for (String line : SysfsReader.system().text(procRoot.resolve("stat")).orThrow().lines().toList()) {
      if (line.startsWith("cpu ")) {
        String[] f = line.trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < Math.min(f.length, 9); i++) {   // user..steal; guest is already in user
          total += Long.parseLong(f[i]);
        }
        return total - Long.parseLong(f[4]) - Long.parseLong(f[5]);
      }
    }
    throw new IOException(procRoot.resolve("stat") + " has no aggregate 'cpu' line");
  }

  @Override
  public String name() {
    return device.name() + "×process-share";
  }

  @Override
  public EnergyDomain domain() {
    return device.domain();
  }

  @Override
  public EnergyQuality quality() {
    return EnergyQuality.ESTIMATED;
  }

  @Override
  public Availability availability() {
    return availability.available() ? device.availability() : availability;
  }

  @Override
  public String description() {
    return device.description() + ", attributed to this process by its share of busy CPU time (/proc/self/stat over "
        + "/proc/stat): measured device energy x modelled share = ESTIMATED";
  }

  @Override
  public Ticker ticker() {
    return device.ticker();
  }

  @Override
  public void close() {
    device.close();
  }
}
