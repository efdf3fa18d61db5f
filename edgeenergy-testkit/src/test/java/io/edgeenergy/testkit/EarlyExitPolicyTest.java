package io.edgeenergy.testkit;

import static io.edgeenergy.policy.EarlyExitPolicy.Decision.ABSTAIN;
import static io.edgeenergy.policy.EarlyExitPolicy.Decision.CONTINUE;
import static io.edgeenergy.policy.EarlyExitPolicy.Decision.EXIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.Energy;
import io.edgeenergy.energy.BudgetView;
import io.edgeenergy.energy.EnergyBudget;
import io.edgeenergy.pipeline.InferenceResult;
import io.edgeenergy.pipeline.StopReason;
import io.edgeenergy.pipeline.TieredInferencePipeline;
import io.edgeenergy.policy.Confidence;
import io.edgeenergy.policy.EarlyExitPolicy;
import io.edgeenergy.policy.EarlyExitPolicy.Decision;
import io.edgeenergy.policy.Prediction;
import io.edgeenergy.testkit.ScriptedModel.Cost;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The built-in exit policies: unit-level on predictions, and in real segmented pipelines. */
class EarlyExitPolicyTest {
  private static final BudgetView NONE = BudgetView.UNLIMITED;
  private static final float[] CLASS_0 = {0.6f, 0.4f};
  private static final float[] CLASS_1 = {0.4f, 0.6f};

  private final FakeTicker ticker = FakeTicker.create();
  private final SimulatedMeter meter = SimulatedMeter.workOnly(ticker);

  private static EarlyExitPolicy constant(Decision d) {
    return d == CONTINUE ? EarlyExitPolicy.never() : (p, b) -> d;
  }

  /** One segment per answer, 1 ms and 10 µJ each. */
  private List<ScriptedModel> segments(float[]... answers) {
    ScriptedSegments s = ScriptedModel.segments("net").classes(2).hiddenSize(4).simulatedOn(ticker, meter);
    for (float[] a : answers) {
      s.segment(Cost.of(Duration.ofMillis(1), Energy.ofMicrojoules(10)), a);
    }
    return s.build();
  }

  private TieredInferencePipeline<float[]> pipeline(List<ScriptedModel> segs, EarlyExitPolicy exit) {
    return TieredInferencePipeline.<float[]>builder().tier(ScriptedModel.tier("net", segs, exit))
        .meter(meter).ticker(ticker).subtractMeterOverhead(false).build();
  }

  @Test
  void confidenceExitsAtOrAboveTheThreshold() {
    EarlyExitPolicy p = EarlyExitPolicy.maxProbability(0.875);
    assertThat(p.decide(Prediction.of(0.95f, 0.05f), NONE)).isEqualTo(EXIT);
    assertThat(p.decide(Prediction.of(0.875f, 0.125f), NONE)).isEqualTo(EXIT);
    assertThat(p.decide(Prediction.of(0.6f, 0.4f), NONE)).isEqualTo(CONTINUE);
  }

  @Test
  void entropyExitsWhenTheExitIsCertainEnough() {
    assertThat(EarlyExitPolicy.entropy(0.3).decide(Prediction.of(0.99f, 0.01f), NONE)).isEqualTo(EXIT);
    assertThat(EarlyExitPolicy.entropy(0.3).decide(Prediction.of(0.5f, 0.5f), NONE)).isEqualTo(CONTINUE);
    assertThat(EarlyExitPolicy.entropy(1.0).decide(Prediction.of(0.5f, 0.5f), NONE)).isEqualTo(EXIT);
  }

  @Test
  void patienceCountsAgreeingExitsAndAbstainsBefore() {
    EarlyExitPolicy p = EarlyExitPolicy.patience(3);
    assertThat(p.decide(Prediction.of(1, 4, 2, CLASS_0), NONE)).isEqualTo(ABSTAIN);
    assertThat(p.decide(Prediction.of(2, 4, 3, CLASS_0), NONE)).isEqualTo(EXIT);
    assertThat(p.decide(Prediction.of(2, 4, 1, CLASS_0), NONE)).isEqualTo(ABSTAIN);
    assertThat(p.orElse(EarlyExitPolicy.maxProbability(0.9)).decide(Prediction.of(0, 4, 1, 0.95f, 0.05f), NONE))
        .isEqualTo(EXIT);
    assertThat(p.orElse(EarlyExitPolicy.never()).decide(Prediction.of(0, 4, 1, 0.95f, 0.05f), NONE))
        .isEqualTo(CONTINUE);
    assertThatThrownBy(() -> EarlyExitPolicy.patience(0)).hasMessageContaining(">= 1");
    assertThatThrownBy(() -> Prediction.of(1, 4, 3, CLASS_0)).hasMessageContaining("agreeingStages");
  }

  @Test
  void patienceInAPipelineReadsAgreeingStagesAndSkipsTheRest() {
    // exits answer 0, 1, 1, 1, 0: the second agreeing exit is stage 2, the third stage 3
    List<ScriptedModel> two = segments(CLASS_0, CLASS_1, CLASS_1, CLASS_1, CLASS_0);
    try (var p = pipeline(two, EarlyExitPolicy.patience(2))) {
      InferenceResult r = p.run(new float[64]);
      assertThat(r.stopReason()).isEqualTo(StopReason.EARLY_EXIT);
      assertThat(r.stage()).isEqualTo(2);
      assertThat(r.prediction().agreeingStages()).isEqualTo(2);
      assertThat(r.nanojoules()).isEqualTo(30_000);
      assertThat(two).extracting(ScriptedModel::runs).containsExactly(1L, 1L, 1L, 0L, 0L);
    }
    List<ScriptedModel> three = segments(CLASS_0, CLASS_1, CLASS_1, CLASS_1, CLASS_0);
    try (var p = pipeline(three, EarlyExitPolicy.patience(3))) {
      assertThat(p.run(new float[64]).stage()).isEqualTo(3);
      assertThat(three.get(4).runs()).isZero();
    }
  }

  @Test
  void aFinalAbstainMeansContinue() {
    List<ScriptedModel> segs = segments(CLASS_0, CLASS_1, CLASS_0);
    try (var p = pipeline(segs, EarlyExitPolicy.patience(2))) {
      InferenceResult r = p.run(new float[64]);
      assertThat(r.stopReason()).isEqualTo(StopReason.FINAL_TIER);
      assertThat(r.stagesRun()).isEqualTo(3);
    }
  }

  @Test
  void neverRunsEverySegment() {
    assertThat(EarlyExitPolicy.never().decide(Prediction.of(1f, 0f), NONE)).isEqualTo(CONTINUE);
    List<ScriptedModel> segs = segments(new float[] {1f, 0f}, new float[] {1f, 0f}, new float[] {1f, 0f});
    try (var p = pipeline(segs, EarlyExitPolicy.never())) {
      assertThat(p.run(new float[64]).stopReason()).isEqualTo(StopReason.FINAL_TIER);
      assertThat(segs).extracting(ScriptedModel::runs).containsOnly(1L);
    }
  }

  @ParameterizedTest(name = "{0} then {1}: {2}")
  @CsvSource({
      "EXIT, EXIT, EXIT", "EXIT, CONTINUE, EXIT", "EXIT, ABSTAIN, EXIT",
      "CONTINUE, EXIT, CONTINUE", "CONTINUE, CONTINUE, CONTINUE", "CONTINUE, ABSTAIN, CONTINUE",
      "ABSTAIN, EXIT, EXIT", "ABSTAIN, CONTINUE, CONTINUE", "ABSTAIN, ABSTAIN, ABSTAIN"})
  void firstDecisiveAndOrElseTruthTable(Decision a, Decision b, Decision expected) {
    assertThat(EarlyExitPolicy.firstDecisive(constant(a), constant(b)).decide(Prediction.of(1f), NONE)).isEqualTo(expected);
    assertThat(constant(a).orElse(constant(b)).decide(Prediction.of(1f), NONE)).isEqualTo(expected);
  }

  @Test
  void budgetAwareExitLeavesEarlierUnderPressure() {
    EnergyBudget budget = EnergyBudget.builder().ticker(ticker).battery(Energy.ofJoules(100)).build();
    EarlyExitPolicy p = EarlyExitPolicy.confident(Confidence.MARGIN, 0.8, 0.2);
    Prediction modest = Prediction.of(0.7f, 0.3f);             // margin 0.4

    assertThat(p.decide(modest, budget)).isEqualTo(CONTINUE);
    budget.charge(Energy.ofJoules(90));                        // battery pressure 0.9: threshold 0.26
    assertThat(p.decide(modest, budget)).isEqualTo(EXIT);
  }

  @Test
  void aPipelinesOwnSpendingMakesItsExitsEarlier() {
    // exit 0 has margin 0.4; threshold 0.8 - 0.6 × pressure; a full pass costs 500 µJ of a 5 mJ battery
    List<ScriptedModel> segs = ScriptedModel.segments("net").classes(2).simulatedOn(ticker, meter)
        .segment(Cost.of(Duration.ofMillis(1), Energy.ofMicrojoules(100)), new float[] {0.7f, 0.3f})
        .segment(Cost.of(Duration.ofMillis(4), Energy.ofMicrojoules(400)), new float[] {0.95f, 0.05f})
        .build();
    EnergyBudget budget = EnergyBudget.builder().ticker(ticker).battery(Energy.ofMillijoules(5)).build();
    try (var p = TieredInferencePipeline.<float[]>builder()
        .tier(ScriptedModel.tier("net", segs, EarlyExitPolicy.confident(Confidence.MARGIN, 0.8, 0.2)))
        .meter(meter).ticker(ticker).budget(budget).subtractMeterOverhead(false).build()) {
      StringBuilder stops = new StringBuilder();
      for (int i = 0; i < 10; i++) {
        stops.append(p.run(new float[64]).stopReason() == StopReason.EARLY_EXIT ? 'x' : 'F');
      }
      // pressure before run 8 is 3.5 mJ / 5 mJ = 0.7: threshold 0.38 <= 0.4
      assertThat(stops).hasToString("FFFFFFFxxx");
      assertThat(budget.used()).isEqualTo(Energy.ofMicrojoules(7 * 500 + 3 * 100));
    }
  }

  @Test
  void firstDecisiveNeedsPolicies() {
    assertThatThrownBy(EarlyExitPolicy::firstDecisive).hasMessageContaining("at least one");
    assertThatThrownBy(() -> EarlyExitPolicy.firstDecisive(EarlyExitPolicy.never(), null))
        .isInstanceOf(NullPointerException.class);
    assertThat(EarlyExitPolicy.patience(2).orElse(EarlyExitPolicy.never()).toString())
        .isEqualTo("firstDecisive(exit after 2 agreeing exits, never exit early)");
  }

  @ParameterizedTest
  @ValueSource(doubles = {-0.01, 1.01, Double.NaN})
  void thresholdsOutsideZeroToOneAreRejected(double bad) {
    assertThatThrownBy(() -> EarlyExitPolicy.maxProbability(bad)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[0, 1]");
    assertThatThrownBy(() -> EarlyExitPolicy.entropy(bad)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxNormalizedEntropy");
    assertThatThrownBy(() -> EarlyExitPolicy.confident(Confidence.INVERSE_ENTROPY, bad, 0.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no pressure");
  }
}
