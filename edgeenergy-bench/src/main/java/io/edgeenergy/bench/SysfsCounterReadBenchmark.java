package io.edgeenergy.bench;

import io.edgeenergy.Ticker;
import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.runtime.meter.HwmonEnergyMeter;
import io.edgeenergy.runtime.meter.HwmonMeters;
import io.edgeenergy.runtime.meter.RaplMeter;
import io.edgeenergy.testkit.SysfsTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one metering window (open + close = two {@link EnergyMeter#readNanojoules()} calls) on a
 * {@link RaplMeter} over a fake powercap tree, and on a {@link HwmonEnergyMeter} over a fake hwmon
 * energy counter, in a temp dir (goal ≤ 5 µs per window).
 *
 * <p>Honesty note: the fake {@code energy_uj} is a page-cache file; each read here is one
 * {@code pread} on an fd kept open (the vanished-zone {@code stat} is on the sampler thread only). On real hardware the
 * {@code pread} goes through the kernel's powercap/RAPL driver (an MSR read, on some kernels an IPI to
 * the package's CPU), which costs more — typically a few µs — so treat this as a lower bound.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SysfsCounterReadBenchmark {
  private Path root;
  private EnergyMeter meter;
  private EnergyMeter hwmonEnergy;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    root = Files.createTempDirectory("edgeenergy-rapl-bench");
    Path zone = root.resolve("sys/class/powercap/intel-rapl:0");
    Files.createDirectories(zone);
    Files.writeString(zone.resolve("name"), "package-0\n");
    Files.writeString(zone.resolve("energy_uj"), "240422366267\n");
    Files.writeString(zone.resolve("max_energy_range_uj"), "262143328850\n");
    List<EnergyMeter> meters = RaplMeter.openPackages(root.resolve("sys")); // the root stands for /sys
    meter = meters.get(0);
    SysfsTree.at(root).load("hwmon-amd-energy-epyc-1socket-8core-from-driver.txt");
    hwmonEnergy = HwmonEnergyMeter.open(HwmonMeters.energyCounters(root.resolve("sys")).stream()
        .filter(HwmonMeters.EnergyCounter::wholeCpu).findFirst().orElseThrow(), Ticker.system());
    if (!hwmonEnergy.availability().available()) {
      throw new IllegalStateException(hwmonEnergy.availability().toString());
    }
    if (!meter.availability().available()) {
      throw new IllegalStateException(meter.availability().toString());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    meter.close();
    hwmonEnergy.close();
    TempTrees.delete(root);
  }

  @Benchmark
  public long raplWindowOpenClose() {
    long start = meter.readNanojoules();
    long end = meter.readNanojoules();
    return end - start;
  }

  @Benchmark
  public long raplSingleRead() {
    return meter.readNanojoules();
  }

  /** The same window on an hwmon energyN_input counter (amd_energy Esocket0 layout). */
  @Benchmark
  public long hwmonEnergyWindowOpenClose() {
    long start = hwmonEnergy.readNanojoules();
    long end = hwmonEnergy.readNanojoules();
    return end - start;
  }
}
