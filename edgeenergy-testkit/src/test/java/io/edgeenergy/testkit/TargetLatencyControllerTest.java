package io.edgeenergy.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.Energy;
import io.edgeenergy.hints.HintLevel;
import io.edgeenergy.hints.TargetLatencyController;
import io.edgeenergy.hints.TargetLatencyController.LevelStats;
import io.edgeenergy.model.Tensor;
import io.edgeenergy.pipeline.InputBinder;
import io.edgeenergy.pipeline.ScoreReader;
import io.edgeenergy.pipeline.Tier;
import io.edgeenergy.pipeline.TieredInferencePipeline;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ADPF-like target-latency loop, alone and driving a tier's hint level on the fake ticker. */
class TargetLatencyControllerTest {
  private static final float[] INPUT = new float[64];

  private final FakeTicker ticker = FakeTicker.create();
  private final SimulatedMeter meter = SimulatedMeter.workOnly(ticker);
  private final RecordingHints hints = RecordingHints.create();

  /** Latency and energy of one run at each level: faster and hungrier as the level rises. */
  private static final Map<HintLevel, Duration> LATENCY = new EnumMap<>(Map.of(HintLevel.LOW, Duration.ofMillis(12),
      HintLevel.EFFICIENT, Duration.ofMillis(7), HintLevel.BALANCED, Duration.ofMillis(3),
      HintLevel.BURST, Duration.ofMillis(2)));
  private static final Map<HintLevel, Energy> ENERGY = new EnumMap<>(Map.of(HintLevel.LOW, Energy.ofMillijoules(3),
      HintLevel.EFFICIENT, Energy.ofMillijoules(4), HintLevel.BALANCED, Energy.ofMillijoules(6),
      HintLevel.BURST, Energy.ofMillijoules(10)));

  /** A model whose cost depends on the hint level it runs under, as a real one's does on the clock. */
  private ScriptedModel levelDependentModel() {
    return ScriptedModel.builder("big").classes(2).respond((Tensor[] in, Tensor[] out) -> {
      HintLevel level = hints.current();
      ticker.advance(LATENCY.get(level));
      meter.addWork(ENERGY.get(level));
      out[0].floats().put(0, 0.9f).put(1, 0.1f);
    }).build();
  }

  @Test
  void aTierWithATargetSettlesOnTheLowestLevelThatMeetsIt() {
    Tier<float[]> big = Tier.<float[]>builder("big").model(levelDependentModel()).input(InputBinder.floats())
        .scores(ScoreReader.probabilities("probs")).targetLatency(Duration.ofMillis(5)).build();
    try (var p = TieredInferencePipeline.<float[]>builder().tier(big).meter(meter).ticker(ticker)
        .subtractMeterOverhead(false).hints(hints).build()) {
      assertThat(p.run(INPUT).hintLevel(0)).as("starts at BURST: meet the target first").isEqualTo(HintLevel.BURST);
      for (int i = 0; i < 200; i++) {
        p.run(INPUT);
      }
      TargetLatencyController c = p.latencyController(0);
      assertThat(c.level()).isEqualTo(HintLevel.BALANCED);   // 3 ms; EFFICIENT's 7 ms misses 5 ms
      assertThat(p.run(INPUT).hintLevel(0)).isEqualTo(HintLevel.BALANCED);
      // the ledger of the loop: joules per inference at each level it tried
      assertThat(c.stats(HintLevel.BURST).meanEnergy()).isEqualTo(Energy.ofMillijoules(10));
      assertThat(c.stats(HintLevel.BALANCED).meanEnergy()).isEqualTo(Energy.ofMillijoules(6));
      assertThat(c.stats(HintLevel.BALANCED).meanLatency()).isEqualTo(Duration.ofMillis(3));
      assertThat(c.stats(HintLevel.EFFICIENT).misses()).isEqualTo(c.stats(HintLevel.EFFICIENT).runs()).isPositive();
      assertThat(c.stats(HintLevel.LOW).runs()).isZero();
      assertThat(c.stats()).extracting(LevelStats::level)
          .containsExactly(HintLevel.EFFICIENT, HintLevel.BALANCED, HintLevel.BURST);
      // EFFICIENT was probed at most a handful of times in 200 runs (exponential back-off)
      assertThat(c.stats(HintLevel.EFFICIENT).runs()).isLessThanOrEqualTo(3);
    }
  }

  @Test
  void stepsDownOnlyAfterKComfortableRunsAndUpAtOnceOnAMiss() {
    var c = TargetLatencyController.builder(Duration.ofMillis(10)).stepDownAfter(3).build();
    assertThat(c.level()).isEqualTo(HintLevel.BURST);
    c.record(7_000_000, 1);   // comfortable: under 10 ms × 0.8
    c.record(7_000_000, 1);
    assertThat(c.level()).isEqualTo(HintLevel.BURST);
    c.record(7_000_000, 1);
    assertThat(c.level()).isEqualTo(HintLevel.BALANCED);
    c.record(9_000_000, 1);   // meets the target but not comfortably: no step, streak broken
    c.record(7_000_000, 1);
    c.record(7_000_000, 1);
    assertThat(c.level()).isEqualTo(HintLevel.BALANCED);
    c.record(11_000_000, 1);  // a miss: up at once
    assertThat(c.level()).isEqualTo(HintLevel.BURST);
    assertThat(c.levelChanges()).isEqualTo(2);
  }

  @Test
  void toleratesSingleMissesWhenAskedTo() {
    var c = TargetLatencyController.builder(Duration.ofMillis(10)).start(HintLevel.LOW).stepUpAfterMisses(2).build();
    c.record(11_000_000, 1);
    assertThat(c.level()).isEqualTo(HintLevel.LOW);
    c.record(5_000_000, 1);
    c.record(11_000_000, 1);
    assertThat(c.level()).as("misses must be consecutive").isEqualTo(HintLevel.LOW);
    c.record(11_000_000, 1);
    assertThat(c.level()).isEqualTo(HintLevel.EFFICIENT);
  }

  @Test
  void staysInsideItsRange() {
    var c = TargetLatencyController.builder(Duration.ofMillis(10)).range(HintLevel.EFFICIENT, HintLevel.BALANCED)
        .stepDownAfter(1).build();
    for (int i = 0; i < 10; i++) {
      c.record(1_000, 1);
    }
    assertThat(c.level()).isEqualTo(HintLevel.EFFICIENT);
    for (int i = 0; i < 10; i++) {
      c.record(20_000_000, 1);
    }
    assertThat(c.level()).isEqualTo(HintLevel.BALANCED);
  }

  @Test
  void measuresWithItsTicker() {
    var c = TargetLatencyController.builder(Duration.ofMillis(10)).ticker(ticker).stepDownAfter(1).build();
    long start = ticker.read();
    ticker.advance(Duration.ofMillis(2));
    c.recordSince(start, 5);
    assertThat(c.stats(HintLevel.BURST).meanLatency()).isEqualTo(Duration.ofMillis(2));
    assertThat(c.level()).isEqualTo(HintLevel.BALANCED);
  }

  @Test
  void badSettingsAreRefused() {
    assertThatThrownBy(() -> TargetLatencyController.builder(Duration.ZERO)).hasMessageContaining("must be > 0");
    assertThatThrownBy(() -> TargetLatencyController.builder(Duration.ofMillis(1)).margin(1.5))
        .hasMessageContaining("margin must be in (0, 1]");
    assertThatThrownBy(() -> TargetLatencyController.builder(Duration.ofMillis(1)).stepDownAfter(0))
        .hasMessageContaining("stepDownAfter must be >= 1");
    assertThatThrownBy(() -> TargetLatencyController.builder(Duration.ofMillis(1)).range(HintLevel.BURST, HintLevel.LOW))
        .hasMessageContaining("is empty");
    assertThatThrownBy(() -> TargetLatencyController.builder(Duration.ofMillis(1)).range(HintLevel.LOW, HintLevel.EFFICIENT)
        .start(HintLevel.BURST).build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("outside the range");
    var c = TargetLatencyController.builder(Duration.ofMillis(1)).build();
    assertThatThrownBy(() -> c.record(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Tier.<float[]>builder("t").targetLatency(Duration.ofMillis(-1)))
        .hasMessageContaining("tier 't': target latency must be > 0");
  }
}
