package io.edgeenergy.bench;

import io.edgeenergy.hints.HintLevel;
import io.edgeenergy.hints.HintScope;
import io.edgeenergy.runtime.hints.LinuxPerformanceHints;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * What re-applying a hint costs with the real {@link LinuxPerformanceHints} of the machine it runs on
 * (its mechanisms are printed at setup): the price a pipeline saves by keeping a scope open across
 * runs at the same level instead of applying and closing one around every tier run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HintApplyBenchmark {
  private LinuxPerformanceHints hints;

  @Setup(Level.Trial)
  public void setUp() {
    hints = LinuxPerformanceHints.detect();
    System.out.println("mechanisms here: " + hints.mechanisms());
  }

  /** Apply LOW and restore: what a pipeline would pay around every tier run without held scopes. */
  @Benchmark
  public boolean applyAndCloseLow() {
    try (HintScope scope = hints.apply(HintLevel.LOW)) {
      return scope.anyApplied();
    }
  }

  @Benchmark
  public boolean applyAndCloseBurst() {
    try (HintScope scope = hints.apply(HintLevel.BURST)) {
      return scope.anyApplied();
    }
  }
}
