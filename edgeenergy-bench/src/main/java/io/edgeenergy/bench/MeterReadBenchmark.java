package io.edgeenergy.bench;

import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.runtime.meter.EnergyMeters;
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

/** What one meter read costs: the reason the pipeline offers sampled metering. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MeterReadBenchmark {
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private EnergyMeter detected;

  @Setup(Level.Trial)
  public void setUp() {
    detected = EnergyMeters.detect().meter();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    detected.close();
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
