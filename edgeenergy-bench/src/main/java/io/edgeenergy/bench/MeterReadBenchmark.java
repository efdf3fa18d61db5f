package io.edgeenergy.bench;

import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.runtime.meter.EnergyMeters;
import io.edgeenergy.runtime.meter.PowerSource;
import io.edgeenergy.runtime.meter.SampledPowerMeter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
 * What one meter read costs: why the default metering times a CPU-time estimator's windows with the
 * wall clock, and why it still reads a measuring meter around every run. {@code sampledPowerMeterRead}
 * is the read of a power sensor integrated by a sampler thread (hwmon power, battery, INA3221, the
 * Pi 5 PMIC: a snapshot, a ticker read and a floor CAS, no system call), over a constant 2 W source.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MeterReadBenchmark {
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private EnergyMeter detected;
  private SampledPowerMeter sampled;

  @Setup(Level.Trial)
  public void setUp() {
    detected = EnergyMeters.detect().meter();
    sampled = SampledPowerMeter.builder("bench", new PowerSource() {
      @Override
      public long readMicrowatts() {
        return 2_000_000;
      }

      @Override
      public String describe() {
        return "constant 2 W";
      }
    }).build().start();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    detected.close();
    sampled.close();
  }

  @Benchmark
  public long sampledPowerMeterRead() {
    return sampled.readNanojoules();
  }

  @Benchmark
  public long nanoTime() {
    return System.nanoTime();
  }

  @Benchmark
  public long threadCpuTime() {
    return threads.getCurrentThreadCpuTime();
  }

  @Benchmark
  public long detectedMeterRead() {
    return detected.readNanojoules();
  }
}
