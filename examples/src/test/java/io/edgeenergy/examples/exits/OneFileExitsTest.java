package io.edgeenergy.examples.exits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.EdgeEnergyException;
import io.edgeenergy.energy.BudgetView;
import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.Model;
import io.edgeenergy.pipeline.InferenceResult;
import io.edgeenergy.pipeline.InputBinder;
import io.edgeenergy.pipeline.ScoreReader;
import io.edgeenergy.pipeline.StopReason;
import io.edgeenergy.pipeline.Tier;
import io.edgeenergy.pipeline.TieredInferencePipeline;
import io.edgeenergy.policy.EarlyExitPolicy;
import io.edgeenergy.policy.Prediction;
import io.edgeenergy.testkit.FakeTicker;
import io.edgeenergy.testkit.SimulatedMeter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue #15 item 4: a single model file whose exits are only extra outputs (keyword_exits_one_file.onnx:
 * the multi-exit network with probs_exit1..3 beside probs) computes every exit on every call, so the
 * SDK must not run it as an early-exit tier nor report an early exit for it.
 */
class OneFileExitsTest {
  @Test
  void aOneFileModelIsNoEarlyExitTierAndNeverReportsAnEarlyExit() {
    ExitData data = ExitData.load(ExitModelTest.DIR);
    int[] asked = {0};
    // a policy that would stop at the first exit every time, if it were ever asked
    EarlyExitPolicy exitAtOnce = (Prediction p, BudgetView b) -> {
      asked[0]++;
      return EarlyExitPolicy.Decision.EXIT;
    };
    try (Model one = InferenceBackends.load(ExitModelTest.DIR.resolve("keyword_exits_one_file.onnx"))) {
      // reading the first exit's output: the answer is exit 1's, the cost is the whole network's
      Tier<float[]> tier = Tier.<float[]>builder("one-file").segments(List.of(one)).input(InputBinder.floats())
          .scores(ScoreReader.probabilities("probs_exit1")).earlyExit(exitAtOnce).build();
      assertThat(tier.isSegmented()).isFalse();
      try (TieredInferencePipeline<float[]> pipeline = TieredInferencePipeline.<float[]>builder().tier(tier)
          .meter(SimulatedMeter.workOnly(FakeTicker.create())).build()) {
        for (int i = 0; i < 40; i++) {
          InferenceResult r = pipeline.run(data.test().features()[i]);
          assertThat(r.stopReason()).isEqualTo(StopReason.FINAL_TIER).isNotEqualTo(StopReason.EARLY_EXIT);
          assertThat(r.stagesRun()).isEqualTo(1);
          assertThat(r.stage()).isZero();
        }
        assertThat(pipeline.ledger().snapshot().tiers().get(0).stages()).hasSize(1);
      }
    }
    assertThat(asked[0]).as("exit policy consulted for a one-file model").isZero();
  }

  @Test
  void listingTheOneFileAsSegmentsIsRefusedAtBuildNamingTheMissingHiddenState() {
    try (Model one = InferenceBackends.load(ExitModelTest.DIR.resolve("keyword_exits_one_file.onnx"))) {
      Tier<float[]> tier = Tier.<float[]>builder("one-file-twice").segments(List.of(one, one))
          .input(InputBinder.floats()).scores(ScoreReader.probabilities("probs"))
          .earlyExit(EarlyExitPolicy.maxProbability(0.5)).build();
      assertThatThrownBy(() -> TieredInferencePipeline.<float[]>builder().tier(tier)
          .meter(SimulatedMeter.workOnly(FakeTicker.create())).build().close())
          .isInstanceOf(EdgeEnergyException.class).hasMessageContaining("hidden");
    }
  }
}
