package io.edgeenergy.testkit;

import static io.edgeenergy.testkit.EnergyAssertions.assertConserved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.model.DType;
import io.edgeenergy.model.TensorMismatchException;
import io.edgeenergy.model.TensorSpec;
import io.edgeenergy.pipeline.InferenceResult;
import io.edgeenergy.pipeline.InputBinder;
import io.edgeenergy.pipeline.ScoreReader;
import io.edgeenergy.pipeline.SkipPolicy;
import io.edgeenergy.pipeline.Stage;
import io.edgeenergy.pipeline.StopReason;
import io.edgeenergy.pipeline.Tier;
import io.edgeenergy.pipeline.TieredInferencePipeline;
import io.edgeenergy.policy.GatePolicy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Stages beyond models (#10 item 1) on plain-Java stages, so every rule is checked without a native
 * runtime: function stages, state carried by swapping tensors, skip policies, outputs by name.
 */
class StageTest {
  private final FakeTicker ticker = FakeTicker.create();
  private final SimulatedMeter meter = SimulatedMeter.workOnly(ticker);

  /** A gate on x[0]: p(event) = 1 when x[0] > 0, else 0. */
  private static Stage gate() {
    return Stage.floats("gate", 4, "p", 1, (x, out) -> out[0] = x[0] > 0 ? 1f : 0f);
  }

  /**
   * A recurrent "model" in Java: state' = state + sum(x), out = state' (one value). The answer depends
   * on every frame it saw since its state was zero, so a state bug changes it.
   */
  private static Stage.Builder accumulator() {
    return Stage.function("acc",
        List.of(TensorSpec.of("x", DType.FLOAT32, 1, 4), TensorSpec.of("state", DType.FLOAT32, 1, 1)),
        List.of(TensorSpec.of("out", DType.FLOAT32, 1, 1), TensorSpec.of("stateN", DType.FLOAT32, 1, 1)),
        (in, out) -> {
          float sum = 0;
          for (int i = 0; i < 4; i++) {
            sum += in[0].floats().get(i);
          }
          float next = in[1].floats().get(0) + sum;
          out[0].floats().put(0, next);
          out[1].floats().put(0, next);
        }).state("stateN", "state");
  }

  private TieredInferencePipeline<float[]> gated(Stage stateful) {
    return TieredInferencePipeline.<float[]>builder()
        .tier(Tier.<float[]>builder("gate").stage(gate()).input(InputBinder.floats()).scores(ScoreReader.binary("p")).build())
        .gate(GatePolicy.classTrigger(1, 0.5, 0.5, 0))
        .tier(Tier.<float[]>builder("acc").stage(stateful).input(InputBinder.floats())
            .scores(ScoreReader.probabilities("out")).build())
        .meter(meter).ticker(ticker).build();
  }

  /** Frame i: [flag, i, 0, 0]; the gate wakes the accumulator when flag > 0. */
  private static float[] frame(boolean wake, int i) {
    return new float[] {wake ? 1 : 0, i, 0, 0};
  }

  /** What the accumulator answers on each woken frame, given the wake pattern. */
  private static List<Float> answers(TieredInferencePipeline<float[]> p, boolean... wake) {
    List<Float> out = new ArrayList<>();
    for (int i = 0; i < wake.length; i++) {
      InferenceResult r = p.run(frame(wake[i], i));
      if (r.tier() == 1) {
        out.add(r.outputs().floats("out").get(0));
        assertThat(r.stageName()).isEqualTo("acc");
      }
    }
    return out;
  }

  @Test
  void stateIsCarriedBetweenRunsAndZeroedByReset() {
    try (var p = TieredInferencePipeline.<float[]>builder().tier(Tier.<float[]>builder("acc").stage(accumulator().build())
        .input(InputBinder.floats()).scores(ScoreReader.probabilities("out")).build()).meter(meter).build()) {
      float[] sums = new float[4];
      for (int i = 0; i < 4; i++) {
        sums[i] = p.run(new float[] {1, 1, 0, 0}).outputs().floats("out").get(0);
      }
      assertThat(sums).containsExactly(2, 4, 6, 8);
      p.reset();
      assertThat(p.run(new float[] {1, 1, 0, 0}).outputs().copyFloats("out")).containsExactly(2);
    }
  }

  @Test
  void keepRunsOnWithTheStaleState() {
    try (var p = gated(accumulator().onSkip(SkipPolicy.keep()).build())) {
      // frames 0..5, woken at 1, 2 and 5: the state keeps 1+1 + 2+1, then adds 5+1
      assertThat(answers(p, false, true, true, false, false, true)).containsExactly(2f, 5f, 11f);
    }
  }

  @Test
  void resetStartsFromZeroAfterAMissedFrame() {
    try (var p = gated(accumulator().onSkip(SkipPolicy.reset()).build())) {
      // woken at 1, 2 (consecutive: state kept) and 5 (after misses: zero first)
      assertThat(answers(p, false, true, true, false, false, true)).containsExactly(2f, 5f, 6f);
    }
  }

  @Test
  void reprimeReplaysTheLastMissedFramesAndChargesThem() {
    try (var p = gated(accumulator().onSkip(SkipPolicy.reprime(2)).build())) {
      // woken at 0 (1 + 0); misses 1, 2, 3; at 4 it replays 2 and 3 from zero: 2 + 3 + (1 + 4) = 10
      assertThat(answers(p, true, false, false, false, true)).containsExactly(1f, 10f);
      var ledger = p.ledger().snapshot();
      assertThat(ledger.tiers().get(1).stages().get(0).runs()).as("2 woken runs + 2 replays").isEqualTo(4);
      assertThat(ledger.tiers().get(0).stages().get(0).runs()).isEqualTo(5);
      assertConserved(ledger);
    }
  }

  @Test
  void aFunctionStageIsChargedToTheLedgerLikeAModel() {
    try (var p = gated(accumulator().build())) {
      InferenceResult r = p.run(frame(false, 0));
      assertThat(r.stopReason()).isEqualTo(StopReason.ACCEPTED);
      assertThat(r.stageName()).isEqualTo("gate");
      assertThat(p.tiers().get(0).segments().get(0).backend()).isEqualTo("java");
      assertThat(p.ledger().snapshot().tiers().get(0).stages().get(0).model()).isEqualTo("gate");
      assertThat(p.ledger().snapshot().tiers().get(0).stages().get(0).runs()).isEqualTo(1);
      assertThat(p.describe()).contains("gate [java/JVM]");
    }
  }

  @Test
  void aDynamicDimensionMustBeDeclaredAndIsCheckedAtBuild() {
    ScriptedModel dynamic = ScriptedModel.builder("silero-like")
        .inputs(TensorSpec.of("input", DType.FLOAT32, -1, -1)).classes(2).script(new float[] {1, 0}).build();
    var undeclared = Tier.<float[]>builder("t").model(dynamic).input(InputBinder.floats())
        .scores(ScoreReader.probabilities("probs")).build();
    assertThatThrownBy(() -> TieredInferencePipeline.<float[]>builder().tier(undeclared).meter(meter).build())
        .isInstanceOf(TensorMismatchException.class).hasMessageContaining("model 'silero-like'")
        .hasMessageContaining("input 'input' dimension 1 is dynamic").hasMessageContaining(".shape(\"input\"");

    var declared = Tier.<float[]>builder("t").stage(Stage.model(dynamic).shape("input", 1, 576).build())
        .input(InputBinder.floats()).scores(ScoreReader.probabilities("probs")).build();
    try (var p = TieredInferencePipeline.<float[]>builder().tier(declared).meter(meter).build()) {
      assertThat(p.run(new float[576]).top1()).isZero();
      assertThatThrownBy(() -> p.run(new float[512])).hasMessageContaining("576");
    }
  }

  @Test
  void badStageDeclarationsFailAtBuildNamingWhatIsWrong() {
    ScriptedModel fixed = ScriptedModel.builder("fixed").inputs(TensorSpec.of("x", DType.FLOAT32, 2, 64))
        .classes(2).script(new float[] {1, 0}).build();
    assertThatThrownBy(() -> build(Stage.model(fixed).shape("x", 3, 64).build()))
        .hasMessageContaining("model 'fixed'").hasMessageContaining("dimension 0 is fixed at 2");
    assertThatThrownBy(() -> build(Stage.model(fixed).shape("nope", 1).build()))
        .hasMessageContaining("'nope', which is neither an input nor an output");
    assertThatThrownBy(() -> build(Stage.model(fixed).state("probs", "missing").build()))
        .hasMessageContaining("model 'fixed', state pair 'probs' -> 'missing': no input named 'missing'")
        .hasMessageContaining("inputs are [x");
    assertThatThrownBy(() -> build(Stage.model(fixed).state("probs", "x").build()))
        .hasMessageContaining("cannot feed input").hasMessageContaining("same dtype and shape");
    assertThatThrownBy(() -> build(Stage.model(fixed).constant("x", 16_000).build()))
        .hasMessageContaining("must be one INT64 or INT32 value");
    assertThatThrownBy(() -> Stage.model(fixed).onSkip(SkipPolicy.reset()).build()).hasMessageContaining("needs state");
    assertThatThrownBy(() -> SkipPolicy.reprime(0)).hasMessageContaining(">= 1 frame");
  }

  private TieredInferencePipeline<float[]> build(Stage stage) {
    return TieredInferencePipeline.<float[]>builder().tier(Tier.<float[]>builder("t").stage(stage)
        .input(InputBinder.floats()).scores(ScoreReader.probabilities("probs")).build()).meter(meter).build();
  }
}
