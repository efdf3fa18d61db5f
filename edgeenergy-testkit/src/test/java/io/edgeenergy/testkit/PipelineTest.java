package io.edgeenergy.testkit;

import static io.edgeenergy.testkit.EnergyAssertions.assertConserved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.Energy;
import io.edgeenergy.EnergyQuality;
import io.edgeenergy.energy.EnergyBudget;
import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.model.DType;
import io.edgeenergy.model.InferenceException;
import io.edgeenergy.model.TensorMismatchException;
import io.edgeenergy.model.TensorSpec;
import io.edgeenergy.pipeline.InferenceResult;
import io.edgeenergy.pipeline.InputBinder;
import io.edgeenergy.pipeline.Metering;
import io.edgeenergy.pipeline.ScoreReader;
import io.edgeenergy.pipeline.StopReason;
import io.edgeenergy.pipeline.Tier;
import io.edgeenergy.pipeline.TieredInferencePipeline;
import io.edgeenergy.policy.EarlyExitPolicy;
import io.edgeenergy.policy.GatePolicy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pipeline end to end on scripted models with exact, known costs. */
class PipelineTest {
  private static final float[] SURE = {0.95f, 0.05f};
  private static final float[] UNSURE = {0.55f, 0.45f};
  private static final float[] INPUT = new float[64];

  private final FakeTicker ticker = FakeTicker.create();
  private final SimulatedMeter meter = SimulatedMeter.workOnly(ticker);

  private ScriptedModel model(String name, long microjoules, float[]... script) {
    return ScriptedModel.builder(name).classes(2).script(script)
        .cost(Duration.ofMillis(1), Energy.ofMicrojoules(microjoules), ticker, meter).build();
  }

  private static Tier<float[]> tier(String name, io.edgeenergy.model.Model m) {
    return Tier.<float[]>builder(name).model(m).input(InputBinder.floats())
        .scores(ScoreReader.probabilities("probs")).build();
  }

  private TieredInferencePipeline.Builder<float[]> cascade(ScriptedModel tiny, ScriptedModel big, GatePolicy gate) {
    return TieredInferencePipeline.<float[]>builder().tier(tier("tiny", tiny)).gate(gate).tier(tier("big", big))
        .meter(meter).ticker(ticker).subtractMeterOverhead(false);
  }

  @Test
  void confidenceCascadeAcceptsSureAnswersAndEscalatesUnsureOnes() {
    ScriptedModel tiny = model("tiny", 10, SURE, UNSURE);
    ScriptedModel big = model("big", 100, new float[] {0.1f, 0.9f});
    try (var p = cascade(tiny, big, GatePolicy.maxProbability(0.9)).build()) {
      InferenceResult sure = p.run(INPUT);
      assertThat(sure.tier()).isZero();
      assertThat(sure.stopReason()).isEqualTo(StopReason.ACCEPTED);
      assertThat(sure.nanojoules()).isEqualTo(10_000);
      assertThat(sure.latency()).isEqualTo(Duration.ofMillis(1));
      assertThat(sure.quality()).isEqualTo(EnergyQuality.ESTIMATED);

      InferenceResult unsure = p.run(INPUT);
      assertThat(unsure.tierName()).isEqualTo("big");
      assertThat(unsure.top1()).isEqualTo(1);
      assertThat(unsure.stopReason()).isEqualTo(StopReason.FINAL_TIER);
      assertThat(unsure.nanojoules()).isEqualTo(110_000);
      assertThat(unsure.stagesRun()).isEqualTo(2);
      assertThat(unsure.latency()).isEqualTo(Duration.ofMillis(2));
      assertThat(big.runs()).isEqualTo(1);

      var ledger = p.ledger().snapshot();
      assertThat(ledger.inferences()).isEqualTo(2);
      assertThat(ledger.total()).isEqualTo(Energy.ofMicrojoules(120));
      assertThat(ledger.reachedRate(1)).isEqualTo(0.5);
      assertConserved(ledger);
    }
  }

  @Test
  void wakeCascadeRunsTheBigTierOnlyDuringEvents() {
    float[] quiet = {0.9f, 0.1f};
    float[] speech = {0.1f, 0.9f};
    ScriptedModel vad = model("vad", 1, quiet, quiet, speech, speech, quiet, quiet, quiet, quiet);
    ScriptedModel asr = model("asr", 100, new float[] {0.2f, 0.8f});
    try (var p = cascade(vad, asr, GatePolicy.classTrigger(1, 0.5, 0.3, 1)).build()) {
      StringBuilder tiers = new StringBuilder();
      for (int i = 0; i < 8; i++) {
        tiers.append(p.run(INPUT).tier());
      }
      // two speech frames, then one frame of hang-over
      assertThat(tiers).hasToString("00111000");
      assertThat(asr.runs()).isEqualTo(3);
    }
  }

  @Test
  void earlyExitReallySkipsLaterSegments() {
    TensorSpec hidden = TensorSpec.of("hidden", DType.FLOAT32, 1, 8);
    TensorSpec probs = TensorSpec.of("probs", DType.FLOAT32, 1, 2);
    ScriptedModel seg1 = ScriptedModel.builder("seg1").outputs(hidden, probs).script(SURE, UNSURE)
        .cost(Duration.ofMillis(1), Energy.ofMicrojoules(20), ticker, meter).build();
    ScriptedModel seg2 = ScriptedModel.builder("seg2").inputs(hidden).outputs(hidden, probs).script(UNSURE)
        .cost(Duration.ofMillis(1), Energy.ofMicrojoules(30), ticker, meter).build();
    ScriptedModel seg3 = ScriptedModel.builder("seg3").inputs(hidden).outputs(probs).script(new float[] {0.3f, 0.7f})
        .cost(Duration.ofMillis(1), Energy.ofMicrojoules(50), ticker, meter).build();
    Tier<float[]> multiExit = Tier.<float[]>builder("mlp").segments(List.of(seg1, seg2, seg3))
        .input(InputBinder.floats()).scores(ScoreReader.probabilities("probs"))
        .earlyExit(EarlyExitPolicy.confidence(0.9)).build();
    try (var p = TieredInferencePipeline.<float[]>builder().tier(multiExit).meter(meter).ticker(ticker)
        .subtractMeterOverhead(false).build()) {
      InferenceResult first = p.run(INPUT);
      assertThat(first.stopReason()).isEqualTo(StopReason.EARLY_EXIT);
      assertThat(first.stage()).isZero();
      assertThat(first.nanojoules()).isEqualTo(20_000);
      assertThat(seg2.runs()).isZero();
      assertThat(seg3.runs()).isZero();

      InferenceResult second = p.run(INPUT);
      assertThat(second.stopReason()).isEqualTo(StopReason.FINAL_TIER);
      assertThat(second.stage()).isEqualTo(2);
      assertThat(second.top1()).isEqualTo(1);
      assertThat(second.nanojoules()).isEqualTo(100_000);
      var stages = p.ledger().snapshot().tiers().get(0).stages();
      assertThat(stages).extracting(s -> s.runs()).containsExactly(2L, 1L, 1L);
      assertThat(p.ledger().snapshot().stopRate(0, 0)).isEqualTo(0.5);
    }
  }

  @Test
  void patienceExitsWhenConsecutiveExitsAgree() {
    TensorSpec hidden = TensorSpec.of("hidden", DType.FLOAT32, 1, 4);
    TensorSpec probs = TensorSpec.of("probs", DType.FLOAT32, 1, 2);
    ScriptedModel[] segs = new ScriptedModel[4];
    for (int i = 0; i < 4; i++) {
      var b = ScriptedModel.builder("s" + i).outputs(i < 3 ? new TensorSpec[] {hidden, probs} : new TensorSpec[] {probs})
          .script(UNSURE).cost(Duration.ofMillis(1), Energy.ofMicrojoules(1), ticker, meter);
      segs[i] = (i == 0 ? b : b.inputs(hidden)).build();
    }
    Tier<float[]> t = Tier.<float[]>builder("pabee").segments(List.of(segs)).input(InputBinder.floats())
        .scores(ScoreReader.probabilities("probs")).earlyExit(EarlyExitPolicy.patience(2)).build();
    try (var p = TieredInferencePipeline.<float[]>builder().tier(t).meter(meter).build()) {
      InferenceResult r = p.run(INPUT);
      assertThat(r.stage()).isEqualTo(1);
      assertThat(r.stopReason()).isEqualTo(StopReason.EARLY_EXIT);
      assertThat(segs[2].runs()).isZero();
    }
  }

  @Test
  void budgetRefusesAnEscalationItCannotAfford() {
    ScriptedModel tiny = model("tiny", 10, UNSURE);
    ScriptedModel big = model("big", 100, SURE);
    EnergyBudget budget = EnergyBudget.builder().ticker(ticker).perInferenceCap(Energy.ofMicrojoules(50)).build();
    try (var p = cascade(tiny, big, GatePolicy.maxProbability(0.9)).budget(budget).build()) {
      assertThat(p.run(INPUT).tier()).isEqualTo(1);           // the big tier's cost is unknown until it has run once
      InferenceResult denied = p.run(INPUT);
      assertThat(denied.stopReason()).isEqualTo(StopReason.BUDGET_DENIED);
      assertThat(denied.tier()).isZero();
      assertThat(big.runs()).isEqualTo(1);
      assertThat(p.ledger().snapshot().budgetDenials()).isEqualTo(1);
      assertThat(budget.used()).isEqualTo(Energy.ofMicrojoules(120));
    }
  }

  @Test
  void exhaustedWindowStopsEscalationUntilItRefills() {
    ScriptedModel tiny = model("tiny", 10, UNSURE);
    ScriptedModel big = model("big", 100, SURE);
    EnergyBudget budget = EnergyBudget.builder().ticker(ticker)
        .window(Energy.ofMicrojoules(150), Duration.ofSeconds(1)).build();
    try (var p = cascade(tiny, big, GatePolicy.maxProbability(0.9)).budget(budget).build()) {
      assertThat(p.run(INPUT).tier()).isEqualTo(1);            // 110 µJ of 150 used
      assertThat(p.run(INPUT).stopReason()).isEqualTo(StopReason.BUDGET_DENIED);
      ticker.advance(Duration.ofSeconds(1));                   // full refill
      assertThat(p.run(INPUT).tier()).isEqualTo(1);
    }
  }

  @Test
  void sampledMeteringExtrapolatesAndSaysItEstimated() {
    ScriptedModel only = model("m", 40, SURE);
    SimulatedMeter measured = SimulatedMeter.builder(ticker).quality(EnergyQuality.MEASURED).build();
    ScriptedModel m2 = ScriptedModel.builder("m2").classes(2).script(SURE)
        .cost(Duration.ofMillis(1), Energy.ofMicrojoules(40), ticker, measured).build();
    try (var p = TieredInferencePipeline.<float[]>builder().tier(tier("m2", m2)).meter(measured).ticker(ticker)
        .metering(Metering.sampled(4)).subtractMeterOverhead(false).build()) {
      InferenceResult first = p.run(INPUT);
      assertThat(first.quality()).isEqualTo(EnergyQuality.MEASURED);
      assertThat(first.nanojoules()).isEqualTo(40_000);
      InferenceResult second = p.run(INPUT);
      assertThat(second.quality()).isEqualTo(EnergyQuality.ESTIMATED);
      assertThat(second.nanojoules()).isEqualTo(40_000);      // constant latency: extrapolation is exact
      for (int i = 0; i < 10; i++) {
        p.run(INPUT);
      }
      assertThat(p.ledger().snapshot().total()).isEqualTo(Energy.ofMicrojoules(12 * 40));
      assertThat(p.ledger().snapshot().quality()).isEqualTo(EnergyQuality.ESTIMATED);
    }
    assertThat(only.runs()).isZero();
  }

  @Test
  void everyRunWithAMeasuredMeterIsMeasured() {
    SimulatedMeter measured = SimulatedMeter.builder(ticker).quality(EnergyQuality.MEASURED).build();
    ScriptedModel m = ScriptedModel.builder("m").classes(2).script(SURE)
        .cost(Duration.ofMillis(1), Energy.ofMicrojoules(40), ticker, measured).build();
    try (var p = TieredInferencePipeline.<float[]>builder().tier(tier("m", m)).meter(measured).ticker(ticker).build()) {
      assertThat(p.run(INPUT).quality()).isEqualTo(EnergyQuality.MEASURED);
      assertThat(p.ledger().snapshot().quality()).isEqualTo(EnergyQuality.MEASURED);
    }
  }

  @Test
  void wrappingCounterIsHandled() {
    SimulatedMeter wrapping = SimulatedMeter.builder(ticker).wrapAt(50_000).build();
    ScriptedModel m = ScriptedModel.builder("m").classes(2).script(SURE)
        .cost(Duration.ofMillis(1), Energy.ofMicrojoules(30), ticker, wrapping).build();
    try (var p = TieredInferencePipeline.<float[]>builder().tier(tier("m", m)).meter(wrapping).ticker(ticker)
        .subtractMeterOverhead(false).build()) {
      for (int i = 0; i < 5; i++) {
        assertThat(p.run(INPUT).nanojoules()).isEqualTo(30_000);
      }
    }
  }

  @Test
  void aFailingModelStillChargesWhatItSpentAndPropagates() {
    ScriptedModel tiny = model("tiny", 10, UNSURE);
    ScriptedModel big = model("big", 100, SURE);
    big.failWith(new InferenceException("native failure", new RuntimeException("boom")));
    EnergyBudget budget = EnergyBudget.builder().ticker(ticker).battery(Energy.ofJoules(1)).build();
    try (var p = cascade(tiny, big, GatePolicy.maxProbability(0.9)).budget(budget).build()) {
      assertThatThrownBy(() -> p.run(INPUT)).isInstanceOf(InferenceException.class).hasMessageContaining("native");
      assertThat(p.ledger().snapshot().total()).isEqualTo(Energy.ofMicrojoules(110));
      assertConserved(p.ledger().snapshot());
      assertThat(budget.used()).isEqualTo(Energy.ofMicrojoules(110));
    }
  }

  @Test
  void ledgerStaysConservedOverManyMixedRuns() {
    ScriptedModel tiny = model("tiny", 7, SURE, UNSURE, UNSURE, SURE, UNSURE);
    ScriptedModel big = model("big", 93, SURE);
    try (var p = cascade(tiny, big, GatePolicy.margin(0.5)).build()) {
      long sum = 0;
      for (int i = 0; i < 1000; i++) {
        sum += p.run(INPUT).nanojoules();
      }
      var snapshot = p.ledger().snapshot();
      assertConserved(snapshot);
      assertThat(snapshot.total().nanojoules()).isEqualTo(sum).isEqualTo(1000 * 7_000L + 600 * 93_000L);
    }
  }

  @Test
  void builderErrorsNameTheProblem() {
    ScriptedModel m = model("m", 1, SURE);
    assertThatThrownBy(() -> TieredInferencePipeline.<float[]>builder().meter(meter).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("at least one tier");
    assertThatThrownBy(() -> TieredInferencePipeline.<float[]>builder().tier(tier("a", m)).tier(tier("b", m)))
        .hasMessageContaining("without a gate");
    assertThatThrownBy(() -> TieredInferencePipeline.<float[]>builder().tier(tier("a", m))
        .gate(GatePolicy.alwaysAccept()).gate(GatePolicy.alwaysAccept())).hasMessageContaining("two gates");
    assertThatThrownBy(() -> TieredInferencePipeline.<float[]>builder().tier(tier("a", m))
        .gate(GatePolicy.alwaysAccept()).meter(meter).build()).hasMessageContaining("after the last tier");
    assertThatThrownBy(() -> TieredInferencePipeline.<float[]>builder().tier(tier("a", m)).build())
        .hasMessageContaining("needs a meter");
    assertThatThrownBy(() -> TieredInferencePipeline.<float[]>builder().tier(tier("a", m))
        .meter(EnergyMeter.unavailable("no sensor")).build()).hasMessageContaining("no sensor");
    assertThatThrownBy(() -> Tier.<float[]>builder("t").model(m).build()).hasMessageContaining("input binder");
  }

  @Test
  void segmentsMustChainByShape() {
    ScriptedModel seg1 = ScriptedModel.builder("seg1")
        .outputs(TensorSpec.of("hidden", DType.FLOAT32, 1, 8), TensorSpec.of("probs", DType.FLOAT32, 1, 2))
        .script(SURE).build();
    ScriptedModel seg2 = ScriptedModel.builder("seg2").inputs(TensorSpec.of("hidden", DType.FLOAT32, 1, 16))
        .classes(2).script(SURE).build();
    Tier<float[]> t = Tier.<float[]>builder("bad").segments(List.of(seg1, seg2)).input(InputBinder.floats())
        .scores(ScoreReader.probabilities("probs")).build();
    assertThatThrownBy(() -> TieredInferencePipeline.<float[]>builder().tier(t).meter(meter).build())
        .isInstanceOf(TensorMismatchException.class).hasMessageContaining("seg2").hasMessageContaining("[1, 8]");
  }

  @Test
  void wrongInputLengthAndClosedPipelineAreClearErrors() {
    ScriptedModel m = model("m", 1, SURE);
    var p = TieredInferencePipeline.<float[]>builder().tier(tier("m", m)).meter(meter).build();
    assertThatThrownBy(() -> p.run(new float[3])).isInstanceOf(TensorMismatchException.class)
        .hasMessageContaining("64");
    p.close();
    assertThatThrownBy(() -> p.run(INPUT)).hasMessageContaining("closed");
  }

  @Test
  void resultCopySurvivesTheNextRun() {
    ScriptedModel m = model("m", 1, SURE, new float[] {0.2f, 0.8f});
    try (var p = TieredInferencePipeline.<float[]>builder().tier(tier("m", m)).meter(meter).build()) {
      InferenceResult kept = p.run(INPUT).copy();
      InferenceResult reused = p.run(INPUT);
      assertThat(kept.top1()).isZero();
      assertThat(reused.top1()).isEqualTo(1);
      assertThat(kept.toString()).contains("FINAL_TIER").contains("class 0").doesNotContain("class 1");
    }
  }
}
