package io.edgeenergy.bench;

import io.edgeenergy.Power;
import io.edgeenergy.runtime.meter.CpuTimeEstimatorMeter;
import io.edgeenergy.runtime.meter.EnergyMeters;
import io.edgeenergy.runtime.profile.PowerProfile;
import io.edgeenergy.testkit.SysfsTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * What cpufreq residency adds to the estimator: the read path (a window is two reads) with the
 * fixed typical point vs residency-weighted power, and the off-path refresh that re-reads
 * {@code time_in_state} (the sampler thread pays it once a second, never the inference).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EstimatorResidencyBenchmark {
  private Path root;
  private CpuTimeEstimatorMeter fixed;
  private CpuTimeEstimatorMeter residency;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    root = Files.createTempDirectory("edgeenergy-residency-bench");
    // the real cpufreq tree from prometheus/procfs (one time_in_state file of five frequencies)
    SysfsTree tree = SysfsTree.at(root).load("cpufreq-intel-pstate-cpu1-time-in-state-procfs.txt");
    PowerProfile profile = PowerProfile.builtIn(PowerProfile.GENERIC_X86_64);
    fixed = EnergyMeters.estimator(profile);
    residency = EnergyMeters.estimator(profile, tree.path("sys"));
    if (!residency.usesResidency()) {
      throw new IllegalStateException("no residency: " + residency.description());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    residency.close();
    TempTrees.delete(root);
  }

  @Benchmark
  public long fixedPointWindow() {
    return fixed.readNanojoules() - fixed.readNanojoules();
  }

  @Benchmark
  public long residencyWindow() {
    return residency.readNanojoules() - residency.readNanojoules();
  }

  @Benchmark
  public Power residencyRefresh() {
    return residency.refreshResidency();
  }
}
