package io.edgeenergy.bench;

import io.edgeenergy.energy.EnergyBudget;
import io.edgeenergy.Energy;
import io.edgeenergy.hints.HintLevel;
import io.edgeenergy.hints.PerformanceHints;
import io.edgeenergy.model.DType;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.Signature;
import io.edgeenergy.model.Tensor;
import io.edgeenergy.model.TensorSpec;
import io.edgeenergy.pipeline.InputBinder;
import io.edgeenergy.pipeline.ScoreReader;
import io.edgeenergy.pipeline.Tier;
import io.edgeenergy.pipeline.TieredInferencePipeline;
import io.edgeenergy.policy.GatePolicy;
import java.time.Duration;
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
 * The pipeline's own cost with models that do nothing, so the runtime's cost and noise drop out:
 * input binding, two ticker reads per call, score reading and prediction figures, gate, ledger and
 * (in the budget variant) a synchronized budget charge. Compare with {@code rawOrtPinned} on the big
 * model in {@link PipelineOverheadBenchmark}. The hint variants price the pipeline's hint bookkeeping
 * with {@link PerformanceHints#none()}, whose scopes cost nothing themselves ({@code HintApplyBenchmark}
 * and the runtime's {@code HintScopeBenchmark} price real ones).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PipelineOwnCostBenchmark {
  private final float[] input = BenchModels.input();
  private final Model first = new NoopModel("noop-tiny");
  private final Model second = new NoopModel("noop-big");
  private TieredInferencePipeline<float[]> oneTier;
  private TieredInferencePipeline<float[]> cascade;
  private TieredInferencePipeline<float[]> cascadeWithBudget;
  private TieredInferencePipeline<float[]> oneTierHintHeld;
  private TieredInferencePipeline<float[]> cascadeHintsSwitching;

  @Setup(Level.Trial)
  public void setUp() {
    oneTier = TieredInferencePipeline.<float[]>builder().tier(tier("one", first))
        .meter(BenchModels.freeMeter()).build();
    cascade = TieredInferencePipeline.<float[]>builder().tier(tier("tiny", first))
        .gate(GatePolicy.maxProbability(0.99)).tier(tier("big", second)).meter(BenchModels.freeMeter()).build();
    cascadeWithBudget = TieredInferencePipeline.<float[]>builder().tier(tier("tiny", first))
        .gate(GatePolicy.maxProbability(0.99)).tier(tier("big", second)).meter(BenchModels.freeMeter())
        .budget(EnergyBudget.builder().battery(Energy.ofJoules(10_000), Duration.ofDays(30)).build()).build();
    oneTierHintHeld = TieredInferencePipeline.<float[]>builder().tier(tier("one", first, HintLevel.LOW))
        .meter(BenchModels.freeMeter()).hints(PerformanceHints.none()).build();
    cascadeHintsSwitching = TieredInferencePipeline.<float[]>builder().tier(tier("tiny", first, HintLevel.LOW))
        .gate(GatePolicy.maxProbability(0.99)).tier(tier("big", second, HintLevel.BURST))
        .meter(BenchModels.freeMeter()).hints(PerformanceHints.none()).build();
  }

  private static Tier<float[]> tier(String name, Model model, HintLevel level) {
    return Tier.<float[]>builder(name).model(model).input(InputBinder.floats())
        .scores(ScoreReader.probabilities("probs")).hint(level).build();
  }

  private static Tier<float[]> tier(String name, Model model) {
    return Tier.<float[]>builder(name).model(model).input(InputBinder.floats())
        .scores(ScoreReader.probabilities("probs")).build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    oneTier.close();
    cascade.close();
    cascadeWithBudget.close();
    oneTierHintHeld.close();
    cascadeHintsSwitching.close();
  }

  /** One tier, one no-op model call. */
  @Benchmark
  public int oneTier() {
    return oneTier.run(input).top1();
  }

  /** Two tiers, always escalating (uniform scores never reach 0.99): two calls and a gate. */
  @Benchmark
  public int cascadeEscalating() {
    return cascade.run(input).top1();
  }

  @Benchmark
  public int cascadeEscalatingWithBudget() {
    return cascadeWithBudget.run(input).top1();
  }

  /** One tier at LOW: the scope stays open across runs, so every run reuses it (no apply). */
  @Benchmark
  public int oneTierHintHeld() {
    return oneTierHintHeld.run(input).top1();
  }

  /** Tiny at LOW, big at BURST, always escalating: two applies and two closes per inference. */
  @Benchmark
  public int cascadeEscalatingHintsSwitching() {
    return cascadeHintsSwitching.run(input).top1();
  }

  /** A model that computes nothing and outputs uniform probabilities. */
  static final class NoopModel implements Model {
    private final String name;
    private final Signature signature = new Signature(List.of(TensorSpec.of("x", DType.FLOAT32, 1, 64)),
        List.of(TensorSpec.of("probs", DType.FLOAT32, 1, 10)));

    NoopModel(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Signature signature() {
      return signature;
    }

    @Override
    public String backend() {
      return "noop";
    }

    @Override
    public String executionProvider() {
      return "none";
    }

    @Override
    public Tensor[] newInputs() {
      return new Tensor[] {Tensor.allocate(signature.inputs().get(0))};
    }

    @Override
    public Tensor[] newOutputs() {
      Tensor t = Tensor.allocate(signature.outputs().get(0));
      for (int i = 0; i < 10; i++) {
        t.floats().put(i, 0.1f);
      }
      return new Tensor[] {t};
    }

    @Override
    public void run(Tensor[] inputs, Tensor[] outputs) {
      // nothing: this benchmark prices the pipeline around the call
    }

    @Override
    public void close() {}
  }
}
