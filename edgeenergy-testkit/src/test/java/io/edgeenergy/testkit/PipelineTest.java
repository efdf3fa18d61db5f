package io.edgeenergy.testkit;

import static io.edgeenergy.testkit.EnergyAssertions.assertConserved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.Energy;
import io.edgeenergy.EnergyQuality;
import io.edgeenergy.Power;
import io.edgeenergy.energy.EnergyBudget;
import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.model.DType;
import io.edgeenergy.model.InferenceException;
import io.edgeenergy.model.Model;
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
import io.edgeenergy.testkit.ScriptedModel.Cost;
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

  private static Tier<float[]> tier(String name, Model m) {
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
      assertThat(big.runs()).isZero();

      InferenceResult unsure = p.run(INPUT);
      assertThat(unsure.tierName()).isEqualTo("big");
      assertThat(unsure.top1()).isEqualTo(1);
      assertThat(unsure.confidence()).isEqualTo(0.9f);
      assertThat(unsure.stopReason()).isEqualTo(StopReason.FINAL_TIER);
      assertThat(unsure.nanojoules()).isEqualTo(110_000);
      assertThat(unsure.stagesRun()).isEqualTo(2);
      assertThat(unsure.latency()).isEqualTo(Duration.ofMillis(2));
      assertThat(big.runs()).isEqualTo(1);

      var ledger = p.ledger().snapshot();
      assertThat(ledger.inferences()).isEqualTo(2);
      assertThat(ledger.total()).isEqualTo(Energy.ofMicrojoules(120));
      assertThat(ledger.reachedRate(1)).isEqualTo(0.5);
      assertThat(ledger.tiers().get(1).stages().get(0).wallNanos()).isEqualTo(1_000_000);
      assertConserved(ledger);
    }
  }

  @Test
  void aGateThatAbstainsAccepts() {
    ScriptedModel tiny = model("tiny", 10, UNSURE);
    ScriptedModel big = model("big", 100, SURE);
    try (var p = cascade(tiny, big, (prediction, budget) -> GatePolicy.Decision.ABSTAIN).build()) {
      assertThat(p.run(INPUT).stopReason()).isEqualTo(StopReason.ACCEPTED);
      assertThat(big.runs()).isZero();
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
      long joules = 0;
      for (int i = 0; i < 8; i++) {
        InferenceResult r = p.run(INPUT);
        tiers.append(r.tier());
        joules += r.nanojoules();
      }
      assertThat(tiers).as("two speech frames, then one frame of hang-over").hasToString("00111000");
      assertThat(asr.runs()).isEqualTo(3);
      assertThat(joules).isEqualTo(8 * 1_000 + 3 * 100_000);
      p.reset();                                      // a new stream: the trigger forgets the hang-over
      assertThat(p.ledger().snapshot().inferences()).isZero();
    }
  }

  @Test
  void earlyExitReallySkipsLaterSegments() {
    List<ScriptedModel> segs = ScriptedModel.segments("mlp").classes(2).hiddenSize(8).simulatedOn(ticker, meter)
        .segment(Cost.of(Duration.ofMillis(1), Energy.ofMicrojoules(20)), SURE, UNSURE)
        .segment(Cost.of(Duration.ofMillis(1), Energy.ofMicrojoules(30)), UNSURE)
        .segment(Cost.of(Duration.ofMillis(2), Energy.ofMicrojoules(50)), new float[] {0.3f, 0.7f})
        .build();
    try (var p = TieredInferencePipeline.<float[]>builder()
        .tier(ScriptedModel.tier("mlp", segs, EarlyExitPolicy.maxProbability(0.9)))
        .meter(meter).ticker(ticker).subtractMeterOverhead(false).build()) {
      InferenceResult first = p.run(INPUT);
      assertThat(first.stopReason()).isEqualTo(StopReason.EARLY_EXIT);
      assertThat(first.stage()).isZero();
      assertThat(first.nanojoules()).isEqualTo(20_000);
      assertThat(segs.get(1).runs()).isZero();
      assertThat(segs.get(2).runs()).isZero();

      InferenceResult second = p.run(INPUT);
      assertThat(second.stopReason()).isEqualTo(StopReason.FINAL_TIER);
      assertThat(second.stage()).isEqualTo(2);
      assertThat(second.top1()).isEqualTo(1);
      assertThat(second.nanojoules()).isEqualTo(100_000);
      assertThat(second.latency()).isEqualTo(Duration.ofMillis(4));
      var snapshot = p.ledger().snapshot();
      assertThat(snapshot.tiers().get(0).stages()).extracting(s -> s.runs()).containsExactly(2L, 1L, 1L);
      assertThat(snapshot.tiers().get(0).stages()).extracting(s -> s.model()).containsExactly("mlp/0", "mlp/1", "mlp/2");
      assertThat(snapshot.stopRate(0, 0)).isEqualTo(0.5);
      assertConserved(snapshot);
    }
  }

  @Test
  void aSegmentedBigTierCanExitEarlyAfterAnEscalation() {
    ScriptedModel tiny = model("tiny", 10, UNSURE);
    List<ScriptedModel> big = ScriptedModel.segments("big").classes(2).simulatedOn(ticker, meter)
        .segment(Cost.of(Duration.ofMillis(2), Energy.ofMicrojoules(60)), SURE)
        .segment(Cost.of(Duration.ofMillis(3), Energy.ofMicrojoules(90)), SURE)
        .build();
    try (var p = TieredInferencePipeline.<float[]>builder().tier(tiny.tier()).gate(GatePolicy.maxProbability(0.9))
        .tier(ScriptedModel.tier("big", big, EarlyExitPolicy.maxProbability(0.9)))
        .meter(meter).ticker(ticker).subtractMeterOverhead(false).build()) {
      InferenceResult r = p.run(INPUT);
      assertThat(r.tier()).isEqualTo(1);
      assertThat(r.stage()).isZero();
      assertThat(r.stopReason()).isEqualTo(StopReason.EARLY_EXIT);
      assertThat(r.nanojoules()).isEqualTo(70_000);
      assertThat(big.get(1).runs()).isZero();
    }
  }

  @Test
  void basePowerIsChargedExactlyForTheTimeInsideModelCalls() {
    SimulatedMeter powered = SimulatedMeter.constantPower(ticker, Power.ofWatts(2));
    ScriptedModel m = ScriptedModel.builder("m").classes(2).script(SURE)
        .cost(Duration.ofMillis(1), Energy.ofMicrojoules(10), ticker, powered).build();
    // overhead calibration left on: back-to-back reads of a simulated meter on a still fake ticker cost 0
    try (var p = TieredInferencePipeline.<float[]>builder().tier(m.tier()).meter(powered).ticker(ticker).build()) {
      assertThat(p.meterOverheadNanojoules()).isZero();
      for (int i = 0; i < 3; i++) {
        assertThat(p.run(INPUT).energy()).isEqualTo(Energy.ofMicrojoules(2_000 + 10));   // 2 W × 1 ms + work
        ticker.advance(Duration.ofSeconds(1));         // idle time is not an inference's
      }
      assertThat(p.ledger().snapshot().total()).isEqualTo(Energy.ofMicrojoules(3 * 2_010));
      assertThat(powered.total()).isEqualTo(Energy.ofMicrojoules(3 * 2_010 + 3 * 2_000_000));
      assertConserved(p);
    }
  }

  @Test
  void budgetRefusesAnEscalationOverThePerInferenceCap() {
    ScriptedModel tiny = model("tiny", 10, UNSURE);
    ScriptedModel big = model("big", 100, SURE);
    EnergyBudget budget = EnergyBudget.builder().ticker(ticker).perInferenceCap(Energy.ofMicrojoules(50)).build();
    try (var p = cascade(tiny, big, GatePolicy.maxProbability(0.9)).budget(budget).build()) {
      assertThat(p.run(INPUT).tier()).as("the big tier's cost is unknown until it has run once").isEqualTo(1);
      InferenceResult denied = p.run(INPUT);
      assertThat(denied.stopReason()).isEqualTo(StopReason.BUDGET_DENIED);
      assertThat(denied.tier()).isZero();
      assertThat(denied.nanojoules()).isEqualTo(10_000);
      assertThat(big.runs()).isEqualTo(1);
      assertThat(p.ledger().snapshot().budgetDenials()).isEqualTo(1);
      assertThat(budget.used()).isEqualTo(Energy.ofMicrojoules(120));
    }
  }

  @Test
  void anExhaustedWindowRefusesEscalationUntilItRefills() {
    ScriptedModel tiny = model("tiny", 10, UNSURE);
    ScriptedModel big = model("big", 100, SURE);
    EnergyBudget budget = EnergyBudget.builder().ticker(ticker)
        .window(Energy.ofMicrojoules(150), Duration.ofSeconds(1)).build();
    try (var p = cascade(tiny, big, GatePolicy.maxProbability(0.9)).budget(budget).build()) {
      assertThat(p.run(INPUT).tier()).isEqualTo(1);            // 110 µJ of 150 used
      assertThat(p.run(INPUT).stopReason()).isEqualTo(StopReason.BUDGET_DENIED);
      assertThat(big.runs()).isEqualTo(1);
      ticker.advance(Duration.ofSeconds(1));                   // full refill
      assertThat(p.run(INPUT).tier()).isEqualTo(1);
      assertThat(p.ledger().snapshot().budgetDenials()).isEqualTo(1);
    }
  }

  @Test
  void anEmptyBatteryRefusesEscalation() {
    ScriptedModel tiny = model("tiny", 10, UNSURE);
    ScriptedModel big = model("big", 100, SURE);
    EnergyBudget budget = EnergyBudget.builder().ticker(ticker).battery(Energy.ofMicrojoules(300)).build();
    try (var p = cascade(tiny, big, GatePolicy.maxProbability(0.9)).budget(budget).build()) {
      StringBuilder reasons = new StringBuilder();
      for (int i = 0; i < 4; i++) {
        reasons.append(p.run(INPUT).stopReason().name().charAt(0));
      }
      // 110 + 110 µJ used, 80 µJ left < the big tier's 100 µJ: denied from then on
      assertThat(reasons).hasToString("FFBB");
      assertThat(budget.batteryRemaining()).contains(Energy.ofMicrojoules(60));
    }
  }

  @Test
  void sampledMeteringExtrapolatesAndSaysItEstimated() {
    SimulatedMeter measured = SimulatedMeter.builder(ticker).quality(EnergyQuality.MEASURED).build();
    ScriptedModel m = ScriptedModel.builder("m").classes(2).script(SURE)
        .cost(Duration.ofMillis(1), Energy.ofMicrojoules(40), ticker, measured).build();
    try (var p = TieredInferencePipeline.<float[]>builder().tier(m.tier()).meter(measured).ticker(ticker)
        .metering(Metering.sampled(4)).subtractMeterOverhead(false).build()) {
      InferenceResult first = p.run(INPUT);
      assertThat(first.quality()).isEqualTo(EnergyQuality.MEASURED);
      assertThat(first.nanojoules()).isEqualTo(40_000);
      InferenceResult second = p.run(INPUT);
      assertThat(second.quality()).isEqualTo(EnergyQuality.ESTIMATED);
      assertThat(second.nanojoules()).as("constant latency: extrapolation is exact").isEqualTo(40_000);
      for (int i = 0; i < 10; i++) {
        p.run(INPUT);
      }
      assertThat(p.ledger().snapshot().total()).isEqualTo(Energy.ofMicrojoules(12 * 40));
      assertThat(p.ledger().snapshot().quality()).isEqualTo(EnergyQuality.ESTIMATED);
    }
  }

  @Test
  void everyRunWithAMeasuredMeterIsMeasured() {
    SimulatedMeter measured = SimulatedMeter.builder(ticker).quality(EnergyQuality.MEASURED).build();
    ScriptedModel m = ScriptedModel.builder("m").classes(2).script(SURE)
        .cost(Duration.ofMillis(1), Energy.ofMicrojoules(40), ticker, measured).build();
    try (var p = TieredInferencePipeline.<float[]>builder().tier(m.tier()).meter(measured).ticker(ticker).build()) {
      assertThat(p.run(INPUT).quality()).isEqualTo(EnergyQuality.MEASURED);
      assertThat(p.ledger().snapshot().quality()).isEqualTo(EnergyQuality.MEASURED);
    }
  }

  @Test
  void aWrappingCounterIsHandled() {
    SimulatedMeter wrapping = SimulatedMeter.builder(ticker).wrapAt(50_000).build();
    ScriptedModel m = ScriptedModel.builder("m").classes(2).script(SURE)
        .cost(Duration.ofMillis(1), Energy.ofMicrojoules(30), ticker, wrapping).build();
    try (var p = TieredInferencePipeline.<float[]>builder().tier(m.tier()).meter(wrapping).ticker(ticker)
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
      var snapshot = p.ledger().snapshot();
      assertThat(snapshot.total()).isEqualTo(Energy.ofMicrojoules(110));
      assertThat(snapshot.tiers().get(1).stages().get(0).energy()).isEqualTo(Energy.ofMicrojoules(100));
      assertConserved(snapshot);
      assertThat(budget.used()).isEqualTo(Energy.ofMicrojoules(110));

      big.failWith(null);                                  // the runtime recovers; so does the pipeline
      assertThat(p.run(INPUT).nanojoules()).isEqualTo(110_000);
      assertConserved(p);
    }
  }

  @Test
  void theLedgerStaysConservedOverManyMixedRuns() {
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
      assertThat(snapshot.meanPerInference()).isEqualTo(Energy.ofNanojoules(sum / 1000));
      assertThat(snapshot.reachedRate(1)).isEqualTo(0.6);
    }
  }

  @Test
  void scoreReadersTurnLogitsAndSingleProbabilitiesIntoClasses() {
    ScriptedModel logits = ScriptedModel.builder("logits").classes(2).script(new float[] {0f, (float) Math.log(3)}).build();
    ScriptedModel binary = ScriptedModel.builder("vad").outputs(TensorSpec.of("p", DType.FLOAT32, 1, 1))
        .scoresOutput("p").script(new float[] {0.25f}).build();
    try (var soft = TieredInferencePipeline.<float[]>builder().tier(Tier.<float[]>builder("l").model(logits)
            .input(InputBinder.floats()).scores(ScoreReader.softmax("probs")).build()).meter(meter).build();
         var bin = TieredInferencePipeline.<float[]>builder().tier(Tier.<float[]>builder("b").model(binary)
            .input(InputBinder.floats()).scores(ScoreReader.binary("p")).build()).meter(meter).build()) {
      InferenceResult s = soft.run(INPUT);
      assertThat(s.top1()).isEqualTo(1);
      assertThat(s.confidence()).isCloseTo(0.75f, org.assertj.core.data.Offset.offset(1e-6f));
      InferenceResult b = bin.run(INPUT);
      assertThat(b.top1()).as("[1 - p, p] = [0.75, 0.25]").isZero();
      assertThat(b.prediction().probability(1)).isEqualTo(0.25f);
    }
  }

  @Test
  void builderErrorsNameTheProblem() {
    ScriptedModel m = model("m", 1, SURE);
    assertThatThrownBy(() -> TieredInferencePipeline.<float[]>builder().meter(meter).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("at least one tier");
    assertThatThrownBy(() -> TieredInferencePipeline.<float[]>builder().gate(GatePolicy.alwaysAccept()))
        .hasMessageContaining("must follow a tier");
    assertThatThrownBy(() -> TieredInferencePipeline.<float[]>builder().tier(tier("a", m)).tier(tier("b", m)))
        .as("missing gate").isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("tier 'b' follows tier 'a' without a gate");
    assertThatThrownBy(() -> TieredInferencePipeline.<float[]>builder().tier(tier("a", m))
        .gate(GatePolicy.alwaysAccept()).gate(GatePolicy.alwaysAccept())).hasMessageContaining("two gates in a row after tier 'a'");
    assertThatThrownBy(() -> TieredInferencePipeline.<float[]>builder().tier(tier("a", m))
        .gate(GatePolicy.alwaysAccept()).meter(meter).build()).hasMessageContaining("gate after the last tier 'a'");
    assertThatThrownBy(() -> TieredInferencePipeline.<float[]>builder().tier(tier("a", m)).build())
        .hasMessageContaining("needs a meter");
    assertThatThrownBy(() -> TieredInferencePipeline.<float[]>builder().tier(tier("a", m))
        .meter(EnergyMeter.unavailable("no sensor")).build()).hasMessageContaining("unavailable: no sensor");
    assertThatThrownBy(() -> TieredInferencePipeline.<float[]>builder().tier(tier("a", m))
        .meter(SimulatedMeter.unavailable(ticker, "INA3221 not found")).build())
        .hasMessageContaining("'simulated' is unavailable: INA3221 not found");
    assertThatThrownBy(() -> Tier.<float[]>builder("t").model(m).build()).hasMessageContaining("input binder");
    assertThatThrownBy(() -> Tier.<float[]>builder("t").model(m).input(InputBinder.floats()).build())
        .hasMessageContaining("score reader");
    assertThatThrownBy(() -> Tier.<float[]>builder("t").input(InputBinder.floats()).build())
        .hasMessageContaining("needs a model or segments");
    assertThatThrownBy(() -> Tier.<float[]>builder("t").segments(List.of())).hasMessageContaining("must not be empty");
  }

  @Test
  void scoreOutputsAreCheckedWhenThePipelineIsBuilt() {
    ScriptedModel m = model("m", 1, SURE);
    assertThatThrownBy(() -> TieredInferencePipeline.<float[]>builder().tier(Tier.<float[]>builder("t").model(m)
        .input(InputBinder.floats()).scores(ScoreReader.probabilities("logits")).build()).meter(meter).build())
        .isInstanceOf(TensorMismatchException.class).hasMessageContaining("'logits'").hasMessageContaining("probs");
    assertThatThrownBy(() -> TieredInferencePipeline.<float[]>builder().tier(Tier.<float[]>builder("t").model(m)
        .input(InputBinder.floats()).scores(ScoreReader.binary("probs")).build()).meter(meter).build())
        .hasMessageContaining("exactly one probability");
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
        .isInstanceOf(TensorMismatchException.class).hasMessageContaining("seg2").hasMessageContaining("[1, 8]")
        .hasMessageContaining("[1, 16]");
    Tier<float[]> noHidden = Tier.<float[]>builder("bad").segments(List.of(seg1, seg2)).hiddenOutput("state")
        .input(InputBinder.floats()).scores(ScoreReader.probabilities("probs")).build();
    assertThatThrownBy(() -> TieredInferencePipeline.<float[]>builder().tier(noHidden).meter(meter).build())
        .hasMessageContaining("no output named 'state'");
  }

  @Test
  void wrongInputLengthAndAClosedPipelineAreClearErrors() {
    ScriptedModel m = model("m", 1, SURE);
    var p = TieredInferencePipeline.<float[]>builder().tier(tier("m", m)).meter(meter).build();
    assertThatThrownBy(() -> p.run(new float[3])).isInstanceOf(TensorMismatchException.class)
        .hasMessageContaining("64");
    p.close();
    p.close();
    assertThatThrownBy(() -> p.run(INPUT)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    assertThat(m.runs()).isZero();
  }

  @Test
  void aClosedModelFailsTheRunAndTheModelsBelongToTheCaller() {
    ScriptedModel m = model("m", 1, SURE);
    var first = TieredInferencePipeline.<float[]>builder().tier(m.tier()).meter(meter).build();
    first.close();
    assertThat(m.newInputs()).as("the pipeline did not close its model").hasSize(1);
    try (var p = TieredInferencePipeline.<float[]>builder().tier(m.tier()).meter(meter).build()) {
      m.close();
      assertThatThrownBy(() -> p.run(INPUT)).isInstanceOf(io.edgeenergy.model.ModelClosedException.class)
          .hasMessageContaining("'m' was closed");
    }
  }

  @Test
  void resultCopySurvivesTheNextRunAndDescribeNamesTheParts() {
    ScriptedModel m = model("m", 1, SURE, new float[] {0.2f, 0.8f});
    try (var p = TieredInferencePipeline.<float[]>builder().tier(tier("m", m)).meter(meter).build()) {
      InferenceResult kept = p.run(INPUT).copy();
      InferenceResult reused = p.run(INPUT);
      assertThat(kept.top1()).isZero();
      assertThat(reused.top1()).isEqualTo(1);
      assertThat(kept.toString()).contains("FINAL_TIER").contains("class 0").doesNotContain("class 1");
      assertThat(p.describe()).contains("m [scripted/script]").contains("simulated (ESTIMATED")
          .contains("every run");
    }
  }
}
