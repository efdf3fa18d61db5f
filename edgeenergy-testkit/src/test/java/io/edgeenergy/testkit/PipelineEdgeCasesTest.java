package io.edgeenergy.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.Energy;
import io.edgeenergy.energy.BudgetView;
import io.edgeenergy.energy.EnergyBudget;
import io.edgeenergy.model.Model;
import io.edgeenergy.pipeline.InputBinder;
import io.edgeenergy.pipeline.Metering;
import io.edgeenergy.pipeline.ScoreReader;
import io.edgeenergy.pipeline.StopReason;
import io.edgeenergy.pipeline.Tier;
import io.edgeenergy.pipeline.TieredInferencePipeline;
import io.edgeenergy.policy.GatePolicy;
import io.edgeenergy.policy.Prediction;
import io.edgeenergy.policy.ThresholdCalibration;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Boundary cases found in review: float thresholds, an empty budget, failed binding, zero-time samples. */
class PipelineEdgeCasesTest {
  private static final float[] INPUT = new float[64];
  private final FakeTicker ticker = FakeTicker.create();
  private final SimulatedMeter meter = SimulatedMeter.workOnly(ticker);

  private static Tier<float[]> tier(String name, Model m) {
    return Tier.<float[]>builder(name).model(m).input(InputBinder.floats()).scores(ScoreReader.probabilities("probs")).build();
  }

  @Test
  void aThresholdAcceptsTheFloatScoreWrittenTheSameWay() {
    assertThat(GatePolicy.maxProbability(0.9).decide(Prediction.of(0.9f, 0.1f), BudgetView.UNLIMITED))
        .isEqualTo(GatePolicy.Decision.ACCEPT);
    assertThat(GatePolicy.classTrigger(1, 0.7, 0.3, 0).decide(Prediction.of(0.3f, 0.7f), BudgetView.UNLIMITED))
        .isEqualTo(GatePolicy.Decision.ESCALATE);
    // calibration agrees with the runtime: a 0.9f confidence stops at stage 0 under threshold 0.9
    var r = ThresholdCalibration.calibrate(new double[][] {{0.9f, 1}}, new boolean[][] {{true, true}},
        new double[] {1, 10}, 1.0, new double[] {0.9});
    assertThat(r.stopFractions()).containsExactly(1.0, 0.0);
  }

  @Test
  void anExhaustedBudgetRefusesEvenATierThatNeverRan() {
    ScriptedModel tiny = ScriptedModel.builder("tiny").classes(2).script(new float[] {0.5f, 0.5f})
        .cost(Duration.ofMillis(1), Energy.ofMicrojoules(10), ticker, meter).build();
    ScriptedModel big = ScriptedModel.builder("big").classes(2).script(new float[] {0.1f, 0.9f}).build();
    EnergyBudget budget = EnergyBudget.builder().ticker(ticker).battery(Energy.ofMicrojoules(10)).build();
    try (var p = TieredInferencePipeline.<float[]>builder().tier(tier("tiny", tiny)).gate(GatePolicy.maxProbability(0.9))
        .tier(tier("big", big)).meter(meter).ticker(ticker).budget(budget).subtractMeterOverhead(false).build()) {
      budget.charge(Energy.ofMicrojoules(10));
      assertThat(p.run(INPUT).stopReason()).isEqualTo(StopReason.BUDGET_DENIED);
      assertThat(big.runs()).isZero();
    }
  }

  @Test
  void anInputThatFailsToBindIsNotCountedAsAnInference() {
    ScriptedModel m = ScriptedModel.builder("m").classes(2).script(new float[] {1, 0}).build();
    try (var p = TieredInferencePipeline.<float[]>builder().tier(tier("m", m)).meter(meter).build()) {
      assertThatThrownBy(() -> p.run(new float[3])).hasMessageContaining("64");
      p.run(INPUT);
      assertThat(p.ledger().snapshot().inferences()).isEqualTo(1);
    }
  }

  @Test
  void sampledMeteringWithZeroTimeSamplesChargesTheSampledMean() {
    ScriptedModel m = ScriptedModel.builder("m").classes(2).script(new float[] {1, 0})
        .cost(Duration.ZERO, Energy.ofMicrojoules(7), ticker, meter).build();
    try (var p = TieredInferencePipeline.<float[]>builder().tier(tier("m", m)).meter(meter).ticker(ticker)
        .metering(Metering.sampled(3)).subtractMeterOverhead(false).build()) {
      for (int i = 0; i < 6; i++) {
        assertThat(p.run(INPUT).nanojoules()).isEqualTo(7_000);
      }
    }
  }
}
