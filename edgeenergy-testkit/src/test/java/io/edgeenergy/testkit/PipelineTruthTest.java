package io.edgeenergy.testkit;

import static io.edgeenergy.testkit.EnergyAssertions.assertConserved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.Availability;
import io.edgeenergy.ConcurrentUseException;
import io.edgeenergy.Energy;
import io.edgeenergy.EnergyQuality;
import io.edgeenergy.Ticker;
import io.edgeenergy.energy.EnergyBudget;
import io.edgeenergy.energy.EnergyDomain;
import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.model.InferenceException;
import io.edgeenergy.model.Model;
import io.edgeenergy.pipeline.InferenceResult;
import io.edgeenergy.pipeline.InputBinder;
import io.edgeenergy.pipeline.ScoreReader;
import io.edgeenergy.pipeline.StopReason;
import io.edgeenergy.pipeline.Tier;
import io.edgeenergy.pipeline.TieredInferencePipeline;
import io.edgeenergy.policy.GatePolicy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** #9 item 2: the pipeline never aborts or lies because of a meter, a budget, a binder or a NaN. */
class PipelineTruthTest {
  private static final float[] SURE = {0.95f, 0.05f};
  private static final float[] UNSURE = {0.55f, 0.45f};
  private static final float[] INPUT = new float[64];

  private final FakeTicker ticker = FakeTicker.create();
  private final SimulatedMeter meter = SimulatedMeter.builder(ticker).quality(EnergyQuality.MEASURED).build();

  private ScriptedModel model(String name, long microjoules, EnergyMeter charged, float[]... script) {
    var b = ScriptedModel.builder(name).classes(2).script(script);
    return (charged == meter ? b.cost(Duration.ofMillis(1), Energy.ofMicrojoules(microjoules), ticker, meter) : b).build();
  }

  private static Tier<float[]> tier(String name, Model m, InputBinder<float[]> binder) {
    return Tier.<float[]>builder(name).model(m).input(binder).scores(ScoreReader.probabilities("probs")).build();
  }

  private TieredInferencePipeline.Builder<float[]> cascade(Model tiny, Model big, EnergyMeter m) {
    return TieredInferencePipeline.<float[]>builder().tier(tier("tiny", tiny, InputBinder.floats()))
        .gate(GatePolicy.maxProbability(0.9)).tier(tier("big", big, InputBinder.floats()))
        .meter(m).ticker(ticker).subtractMeterOverhead(false);
  }

  /** A measuring meter whose readings are scripted: falling values model a counter that goes backwards. */
  private static final class ScriptedReadings implements EnergyMeter {
    private final long[] readings;
    private int next;

    ScriptedReadings(long... readings) {
      this.readings = readings;
    }

    @Override
    public long readNanojoules() {
      return readings[Math.min(next++, readings.length - 1)];
    }

    @Override public String name() { return "scripted"; }
    @Override public EnergyDomain domain() { return EnergyDomain.BOARD; }
    @Override public EnergyQuality quality() { return EnergyQuality.MEASURED; }
    @Override public Availability availability() { return Availability.AVAILABLE; }
    @Override public String description() { return "scripted readings"; }
    @Override public Ticker ticker() { return Ticker.system(); }
  }

  @Test
  void aCounterThatGoesBackwardsIsClampedCountedAndLabelledEstimated() {
    // windows: 0->100 (100 nJ), 100->40 (backwards), 40->90 (50 nJ)
    var readings = new ScriptedReadings(0, 100, 100, 40, 40, 90);
    ScriptedModel m = model("m", 0, null, SURE);
    try (var p = TieredInferencePipeline.<float[]>builder().tier(tier("m", m, InputBinder.floats()))
        .meter(readings).ticker(ticker).subtractMeterOverhead(false).build()) {
      InferenceResult first = p.run(INPUT);
      assertThat(first.nanojoules()).isEqualTo(100);
      assertThat(first.quality()).isEqualTo(EnergyQuality.MEASURED);
      assertThat(first.qualityReason()).isNull();

      InferenceResult glitch = p.run(INPUT);
      assertThat(glitch.stopReason()).isEqualTo(StopReason.FINAL_TIER);
      assertThat(glitch.nanojoules()).as("charged from the stage's measured power so far").isEqualTo(100);
      assertThat(glitch.quality()).isEqualTo(EnergyQuality.ESTIMATED);
      assertThat(glitch.qualityReason()).contains("impossible reading").contains("backwards");
      assertThat(p.meterAnomalies()).isEqualTo(1);

      InferenceResult after = p.run(INPUT);
      assertThat(after.nanojoules()).isEqualTo(50);
      assertThat(after.quality()).as("a healthy window is measured again").isEqualTo(EnergyQuality.MEASURED);
      assertThat(p.ledger().snapshot().total()).isEqualTo(Energy.ofNanojoules(250));
      assertThat(p.ledger().snapshot().quality()).isEqualTo(EnergyQuality.ESTIMATED);
      assertConserved(p);
    }
  }

  @Test
  void aModelsOwnExceptionIsNeverMaskedByAMeterGlitch() {
    var readings = new ScriptedReadings(500, 10);   // backwards during the failing call
    ScriptedModel m = model("m", 0, null, SURE);
    m.failWith(new InferenceException("native failure in m", new RuntimeException("boom")));
    try (var p = TieredInferencePipeline.<float[]>builder().tier(tier("m", m, InputBinder.floats()))
        .meter(readings).ticker(ticker).subtractMeterOverhead(false).build()) {
      assertThatThrownBy(() -> p.run(INPUT)).isInstanceOf(InferenceException.class).hasMessageContaining("native failure");
      assertThat(p.meterAnomalies()).isEqualTo(1);
      assertThat(p.ledger().snapshot().inferences()).isEqualTo(1);
    }
  }

  @Test
  void aMeterThatStopsCountingMakesEveryLaterFigureSaySo() {
    ScriptedModel m = model("m", 40, meter, SURE);
    try (var p = TieredInferencePipeline.<float[]>builder().tier(tier("m", m, InputBinder.floats()))
        .meter(meter).ticker(ticker).subtractMeterOverhead(false).build()) {
      assertThat(p.run(INPUT).quality()).isEqualTo(EnergyQuality.MEASURED);
      meter.stopCounting("/sys/class/hwmon/hwmon3/power1_input vanished");
      for (int i = 0; i < 3; i++) {
        InferenceResult r = p.run(INPUT);
        assertThat(r.quality()).isEqualTo(EnergyQuality.ESTIMATED);
        assertThat(r.qualityReason()).contains("stopped counting").contains("power1_input vanished");
        assertThat(r.nanojoules()).as("not a frozen-counter zero: the stage's measured power").isEqualTo(40_000);
      }
      assertThat(p.ledger().snapshot().quality()).isEqualTo(EnergyQuality.ESTIMATED);
    }
  }

  @Test
  void perInferenceCapHoldsForTheWholeInferenceAcrossTiers() {
    ScriptedModel tiny = model("tiny", 10, meter, UNSURE);
    ScriptedModel big = model("big", 100, meter, SURE);
    EnergyBudget budget = EnergyBudget.builder().ticker(ticker).perInferenceCap(Energy.ofMicrojoules(105)).build();
    try (var p = cascade(tiny, big, meter).budget(budget).build()) {
      p.run(INPUT);   // big has no mean cost yet: it runs once
      assertThat(big.runs()).isEqualTo(1);
      InferenceResult r = p.run(INPUT);
      assertThat(r.stopReason()).as("10 µJ spent + 100 µJ expected > 105 µJ cap").isEqualTo(StopReason.BUDGET_DENIED);
      assertThat(big.runs()).isEqualTo(1);
      assertThat(r.nanojoules()).isEqualTo(10_000);
    }
  }

  @Test
  void aBudgetKeepsWhatWasSpentPastEmptyAsOverdraft() {
    ScriptedModel tiny = model("tiny", 10, meter, UNSURE);
    ScriptedModel big = model("big", 100, meter, SURE);
    EnergyBudget budget = EnergyBudget.builder().ticker(ticker).battery(Energy.ofMicrojoules(50)).build();
    try (var p = cascade(tiny, big, meter).budget(budget).build()) {
      p.run(INPUT);   // big never ran, so it is affordable on paper: 110 µJ really spent
      assertThat(budget.used()).isEqualTo(Energy.ofMicrojoules(110));
      assertThat(budget.overdraft()).isEqualTo(Energy.ofMicrojoules(60));
      assertThat(budget.batteryRemaining()).contains(Energy.ZERO);
      assertThat(budget.used()).isEqualTo(p.ledger().snapshot().total());
      assertThat(budget.toString()).contains("overdraft 60");
    }
  }

  @Test
  void anInputThatFailsToBindAtTierOneIsChargedToTheTierThatRan() {
    ScriptedModel tiny = model("tiny", 10, meter, UNSURE);
    ScriptedModel big = model("big", 100, meter, SURE);
    InputBinder<float[]> broken = (in, tensors) -> {
      throw new IllegalArgumentException("big's pre-processing rejects this input");
    };
    try (var p = TieredInferencePipeline.<float[]>builder().tier(tier("tiny", tiny, InputBinder.floats()))
        .gate(GatePolicy.maxProbability(0.9)).tier(tier("big", big, broken))
        .meter(meter).ticker(ticker).subtractMeterOverhead(false).build()) {
      assertThatThrownBy(() -> p.run(INPUT)).hasMessageContaining("rejects");
      var s = p.ledger().snapshot();
      assertThat(s.inferences()).isEqualTo(1);
      assertThat(s.tiers().get(0).stages().get(0).stops()).as("stopped where it last ran").isEqualTo(1);
      assertThat(s.tiers().get(1).stages().get(0).stops()).isZero();
      assertThat(s.reachedRate(1)).isZero();
      assertThat(s.total()).isEqualTo(Energy.ofMicrojoules(10));
      assertConserved(s);
    }
  }

  @Test
  void nonFiniteScoresStopTheInferenceWithNoAnswer() {
    ScriptedModel tiny = model("tiny", 10, meter, new float[] {Float.NaN, 0.2f});
    ScriptedModel big = model("big", 100, meter, SURE);
    try (var p = cascade(tiny, big, meter).build()) {
      InferenceResult r = p.run(INPUT);
      assertThat(r.stopReason()).isEqualTo(StopReason.NON_FINITE_SCORES);
      assertThat(r.hasAnswer()).isFalse();
      assertThat(big.runs()).as("no energy spent escalating garbage").isZero();
      assertThat(r.nanojoules()).isEqualTo(10_000);
      assertThatThrownBy(r::top1).isInstanceOf(IllegalStateException.class).hasMessageContaining("non-finite")
          .hasMessageContaining("tiny");
      assertThat(r.toString()).contains("NON_FINITE_SCORES");
      assertThat(p.ledger().snapshot().inferences()).isEqualTo(1);
    }
  }

  @Test
  void aSecondThreadRunningThePipelineFailsFastAndLosesNothing() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ScriptedModel slow = ScriptedModel.builder("slow").classes(2).function(x -> {
      inside.countDown();
      await(release);
      return SURE;
    }).build();
    try (var p = TieredInferencePipeline.<float[]>builder().tier(tier("slow", slow, InputBinder.floats()))
        .meter(meter).ticker(ticker).subtractMeterOverhead(false).build()) {
      CompletableFuture<InferenceResult> first = CompletableFuture.supplyAsync(() -> p.run(INPUT));
      assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
      assertThatThrownBy(() -> p.run(INPUT)).isInstanceOf(ConcurrentUseException.class)
          .hasMessageContaining("single-threaded").hasMessageContaining(Thread.currentThread().getName());
      release.countDown();
      assertThat(first.get(10, TimeUnit.SECONDS).stopReason()).isEqualTo(StopReason.FINAL_TIER);
      p.run(INPUT);   // handed over between runs: fine
      assertThat(p.ledger().snapshot().inferences()).isEqualTo(2);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
