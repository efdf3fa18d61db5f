package io.edgeenergy.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.Energy;
import io.edgeenergy.energy.EnergyBudget;
import io.edgeenergy.hints.HintLevel;
import io.edgeenergy.hints.HintOutcome;
import io.edgeenergy.hints.PerformanceHints;
import io.edgeenergy.model.InferenceException;
import io.edgeenergy.pipeline.InferenceResult;
import io.edgeenergy.pipeline.InputBinder;
import io.edgeenergy.pipeline.ScoreReader;
import io.edgeenergy.pipeline.StopReason;
import io.edgeenergy.pipeline.Tier;
import io.edgeenergy.pipeline.TieredInferencePipeline;
import io.edgeenergy.policy.Confidence;
import io.edgeenergy.policy.GatePolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Per-tier performance hints and thermal pressure in the pipeline, recorded by {@link RecordingHints}. */
class PipelineHintsTest {
  private static final float[] SURE = {0.95f, 0.05f};
  private static final float[] UNSURE = {0.55f, 0.45f};
  private static final float[] INPUT = new float[64];

  private final FakeTicker ticker = FakeTicker.create();
  private final SimulatedMeter meter = SimulatedMeter.workOnly(ticker);
  private final RecordingHints hints = RecordingHints.create();

  private ScriptedModel model(String name, float[]... script) {
    return ScriptedModel.builder(name).classes(2).script(script)
        .cost(Duration.ofMillis(1), Energy.ofMicrojoules(10), ticker, meter).build();
  }

  private static Tier<float[]> tier(String name, ScriptedModel m, HintLevel level) {
    return Tier.<float[]>builder(name).model(m).input(InputBinder.floats())
        .scores(ScoreReader.probabilities("probs")).hint(level).build();
  }

  private TieredInferencePipeline.Builder<float[]> cascade(ScriptedModel tiny, ScriptedModel big) {
    return TieredInferencePipeline.<float[]>builder().tier(tier("tiny", tiny, HintLevel.LOW))
        .gate(GatePolicy.maxProbability(0.9)).tier(tier("big", big, HintLevel.BURST))
        .meter(meter).ticker(ticker).subtractMeterOverhead(false).hints(hints);
  }

  @Test
  void tinyTierRunsAtLowAndTheBigTierAtBurst() {
    try (var p = cascade(model("tiny", SURE, UNSURE, SURE, SURE), model("big", SURE)).build()) {
      InferenceResult sure = p.run(INPUT);
      assertThat(sure.hintLevel(0)).isEqualTo(HintLevel.LOW);
      assertThat(sure.hintApplied(0)).isTrue();
      assertThat(sure.hintReused(0)).isFalse();
      assertThat(sure.hintLevel(1)).isNull();
      assertThat(sure.hintOutcomes(1)).isEmpty();
      assertThat(hints.events()).containsExactly("apply LOW");
      assertThat(hints.current()).isEqualTo(HintLevel.LOW);   // held open for the next inference

      InferenceResult escalated = p.run(INPUT);
      assertThat(escalated.stopReason()).isEqualTo(StopReason.FINAL_TIER);
      assertThat(escalated.hintLevel(0)).isEqualTo(HintLevel.LOW);
      assertThat(escalated.hintReused(0)).isTrue();             // no sysfs write for the tiny tier
      assertThat(escalated.hintLevel(1)).isEqualTo(HintLevel.BURST);
      assertThat(escalated.hintReused(1)).isFalse();
      assertThat(escalated.hintOutcomes(1)).containsExactly(HintOutcome.applied("recording", "level BURST"));

      p.run(INPUT);
      InferenceResult again = p.run(INPUT);
      assertThat(again.hintReused(0)).isTrue();
      assertThat(hints.events()).containsExactly("apply LOW", "close LOW", "apply BURST", "close BURST", "apply LOW");
    }
    assertThat(hints.openScopes()).as("close() restores the platform state").isZero();
  }

  @Test
  void aModelThatThrowsInsideATierRestoresTheHint() {
    ScriptedModel big = model("big", SURE);
    try (var p = cascade(model("tiny", UNSURE), big).build()) {
      big.failWith(new InferenceException("GPU lost", null));
      assertThatThrownBy(() -> p.run(INPUT)).isInstanceOf(InferenceException.class).hasMessage("GPU lost");
      assertThat(hints.openScopes()).isZero();
      assertThat(hints.events()).containsExactly("apply LOW", "close LOW", "apply BURST", "close BURST");

      big.failWith(null);
      p.run(INPUT);
      assertThat(hints.events()).endsWith("apply LOW", "close LOW", "apply BURST");
    }
  }

  @Test
  void aBudgetDenialAppliesNoHintForTheSkippedTier() {
    EnergyBudget budget = EnergyBudget.builder().ticker(ticker)
        .window(Energy.ofMicrojoules(15), Duration.ofSeconds(10)).build();
    try (var p = cascade(model("tiny", UNSURE), model("big", SURE)).budget(budget).build()) {
      assertThat(p.run(INPUT).tier()).isEqualTo(1);   // 20 µJ of 15: the window is spent
      hints.clearEvents();
      InferenceResult r = p.run(INPUT);
      assertThat(r.stopReason()).isEqualTo(StopReason.BUDGET_DENIED);
      assertThat(r.hintLevel(0)).isEqualTo(HintLevel.LOW);
      assertThat(r.hintLevel(1)).isNull();
      assertThat(r.hintApplied(1)).isFalse();
      assertThat(hints.events()).containsExactly("close BURST", "apply LOW");
    }
  }

  @Test
  void aRefusedHintIsReportedNotThrown() {
    hints.refuse(HintLevel.BURST, "EPERM: scaling_max_freq is root-only");
    try (var p = cascade(model("tiny", UNSURE), model("big", SURE)).build()) {
      InferenceResult r = p.run(INPUT);
      assertThat(r.hintLevel(1)).isEqualTo(HintLevel.BURST);
      assertThat(r.hintApplied(1)).isFalse();
      assertThat(r.hintOutcomes(1)).extracting(HintOutcome::detail).containsExactly("EPERM: scaling_max_freq is root-only");
      InferenceResult kept = r.copy();
      p.run(INPUT);
      assertThat(kept.hintLevel(1)).isEqualTo(HintLevel.BURST);
    }
  }

  @Test
  void scopesCanEndWithEveryInference() {
    try (var p = TieredInferencePipeline.<float[]>builder().tier(tier("tiny", model("tiny", SURE), HintLevel.LOW))
        .meter(meter).ticker(ticker).hints(hints, false).build()) {
      p.run(INPUT);
      p.run(INPUT);
      assertThat(hints.events()).containsExactly("apply LOW", "close LOW", "apply LOW", "close LOW");
    }
  }

  @Test
  void aTierWithoutAHintRunsOutsideAnyScope() {
    Tier<float[]> plain = Tier.<float[]>builder("big").model(model("big", SURE)).input(InputBinder.floats())
        .scores(ScoreReader.probabilities("probs")).build();
    try (var p = TieredInferencePipeline.<float[]>builder().tier(tier("tiny", model("tiny", UNSURE), HintLevel.LOW))
        .gate(GatePolicy.alwaysEscalate()).tier(plain).meter(meter).ticker(ticker).hints(hints).build()) {
      InferenceResult r = p.run(INPUT);
      assertThat(r.hintLevel(1)).isNull();
      assertThat(hints.events()).containsExactly("apply LOW", "close LOW");
    }
  }

  @Test
  void hintsWithoutAnImplementationAreABuildError() {
    var builder = TieredInferencePipeline.<float[]>builder().tier(tier("tiny", model("tiny", SURE), HintLevel.LOW))
        .meter(meter).ticker(ticker);
    assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("tier 'tiny' asks for performance hints").hasMessageContaining("hints(...)");
    try (var p = builder.hints(PerformanceHints.none()).build()) {
      InferenceResult r = p.run(INPUT);
      assertThat(r.hintLevel(0)).isEqualTo(HintLevel.LOW);
      assertThat(r.hintApplied(0)).isFalse();
      assertThat(r.hintOutcomes(0)).extracting(HintOutcome::detail).containsExactly("no hint mechanism configured");
    }
    assertThat(PerformanceHints.none().apply(HintLevel.BURST)).as("no garbage per apply")
        .isSameAs(PerformanceHints.none().apply(HintLevel.BURST));
  }

  @Test
  void lowThermalHeadroomPressesABudgetAwareGateLikeATightBudget() {
    FakeThermalHeadroom thermal = FakeThermalHeadroom.create();
    float[] middling = {0.7f, 0.3f};
    ScriptedModel big = model("big", SURE);
    try (var p = TieredInferencePipeline.<float[]>builder().tier(model("tiny", middling).tier())
        .gate(GatePolicy.confident(Confidence.MAX_PROBABILITY, 0.9, 0.5)).tier(big.tier())
        .meter(meter).ticker(ticker).thermal(thermal).build()) {
      assertThat(p.run(INPUT).tier()).as("unknown headroom: no pressure").isEqualTo(1);
      thermal.set(0.5);
      assertThat(p.run(INPUT).tier()).as("cool: below the onset").isEqualTo(1);
      thermal.set(0.9);   // pressure 0.5: threshold 0.7
      assertThat(p.run(INPUT).stopReason()).isEqualTo(StopReason.ACCEPTED);
      thermal.set(1.3);   // throttling: full pressure
      assertThat(p.run(INPUT).stopReason()).isEqualTo(StopReason.ACCEPTED);
      assertThat(big.runs()).isEqualTo(2);
    }
  }
}
