package io.edgeenergy.bench;

import io.edgeenergy.hints.HintLevel;
import io.edgeenergy.hints.HintScope;
import io.edgeenergy.hints.PerformanceHints;
import io.edgeenergy.runtime.hints.LinuxPerformanceHints;
import io.edgeenergy.runtime.hints.internal.LinuxSched;
import io.edgeenergy.testkit.SysfsTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * What one hint scope ({@code apply(LOW)} then {@code close()}) costs per mechanism, since the pipeline
 * applies hints around tier runs.
 *
 * <ul>
 *   <li>{@code affinity}: real {@code gettid} + {@code sched_getaffinity} + two {@code sched_setaffinity}
 *       (JNA) on this machine's CPUs 0 and 1 described as a two-cluster topology, so the thread really
 *       migrates to CPU 0 and back every operation.
 *   <li>{@code cpufreq}: one intel_pstate policy (the testkit fixture) in a temp dir on tmpfs, where the
 *       journal lives by default: reads, the journal written and renamed twice (first claim, last
 *       release) and three limit writes and restores. On
 *       real sysfs the writes go through the cpufreq driver (a frequency-QoS update), which costs more.
 *   <li>{@code uclamp}: on a kernel without {@code CONFIG_UCLAMP_TASK} (this machine) only the
 *       refusal path; {@code schedGetattr} is the raw system call a real apply makes three of.
 *   <li>{@code none}: {@link PerformanceHints#none()}, the floor.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HintScopeBenchmark {
  private Path root;
  private PerformanceHints none;
  private PerformanceHints affinity;
  private PerformanceHints cpufreq;
  private PerformanceHints uclamp;
  private LinuxSched sched;
  private int tid;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    // the journal's default home is tmpfs (/dev/shm or $XDG_RUNTIME_DIR): measure it there
    Path shm = Path.of("/dev/shm");
    root = Files.isDirectory(shm) ? Files.createTempDirectory(shm, "edgeenergy-hints-bench")
        : Files.createTempDirectory("edgeenergy-hints-bench");
    Path pair = root.resolve("pair");
    BitSet allowed = LinuxSched.load().affinity(0);
    int little = allowed.nextSetBit(0);
    int big = allowed.nextSetBit(little + 1);
    if (big < 0) {
      throw new IllegalStateException("the affinity benchmark needs two CPUs");
    }
    SysfsTree.at(pair).write("devices/system/cpu/cpu" + little + "/cpu_capacity", 446)
        .write("devices/system/cpu/cpu" + big + "/cpu_capacity", 1024);
    affinity = LinuxPerformanceHints.builder().sysfsRoot(pair).journalDirectory(root.resolve("j1"))
        .uclamp(false).cpufreq(false).devfreq(false).build();
    Path intel = root.resolve("intel");
    SysfsTree.at(intel).load("cpufreq-intel-pstate-epp.txt");
    cpufreq = LinuxPerformanceHints.builder().sysfsRoot(intel).journalDirectory(root.resolve("j2"))
        .uclamp(false).affinity(false).devfreq(false).build();
    uclamp = LinuxPerformanceHints.builder().sysfsRoot(pair).journalDirectory(root.resolve("j3"))
        .affinity(false).cpufreq(false).devfreq(false).build();
    none = PerformanceHints.none();
    sched = LinuxSched.load();
    tid = sched.currentTid();
    for (PerformanceHints h : new PerformanceHints[] {affinity, cpufreq}) {
      try (HintScope s = h.apply(HintLevel.LOW)) {
        if (!s.anyApplied()) {
          throw new IllegalStateException("did not apply: " + s.outcomes());
        }
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static int scope(PerformanceHints hints) {
    try (HintScope s = hints.apply(HintLevel.LOW)) {
      return s.outcomes().size();
    }
  }

  @Benchmark
  public int none() {
    return scope(none);
  }

  @Benchmark
  public int affinity() {
    return scope(affinity);
  }

  @Benchmark
  public int cpufreq() {
    return scope(cpufreq);
  }

  @Benchmark
  public int uclamp() {
    return scope(uclamp);
  }

  @Benchmark
  public int schedGetattr() {
    return sched.utilClamp(tid)[1];
  }
}
