package io.edgeenergy.testkit;

import static io.edgeenergy.testkit.EnergyAssertions.assertConserved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.Energy;
import io.edgeenergy.EnergyQuality;
import io.edgeenergy.pipeline.StopReason;
import io.edgeenergy.pipeline.TieredInferencePipeline;
import io.edgeenergy.policy.EarlyExitPolicy;
import io.edgeenergy.policy.GatePolicy;
import io.edgeenergy.testkit.ScriptedModel.Cost;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed traces. Inputs encode their own truth: {@code x[0]} is the label and {@code x[1]} the
 * kind of input, which decides which model gets it right and how sure it is.
 */
class TraceReplayTest {
  private static final int EASY = 0;          // tiny: sure and right
  private static final int HARD = 1;          // tiny: unsure and wrong; big right
  private static final int OVERCONFIDENT = 2; // tiny: sure and wrong; big right
  private static final int LUCKY = 3;         // tiny: unsure and right; big wrong
  private static final int IMPOSSIBLE = 4;    // both wrong

  private final FakeTicker ticker = FakeTicker.create();
  private final SimulatedMeter meter = SimulatedMeter.workOnly(ticker);

  private static float[] input(int label, int kind) {
    float[] x = new float[64];
    x[0] = label;
    x[1] = kind;
    return x;
  }

  /** Two classes; {@code right} says whether the answer is the label, {@code p} how sure. */
  private static float[] answer(float[] x, boolean right, float p) {
    int cls = right ? (int) x[0] : 1 - (int) x[0];
    float[] probs = new float[2];
    probs[cls] = p;
    probs[1 - cls] = 1 - p;
    return probs;
  }

  private TieredInferencePipeline<float[]> cascade() {
    ScriptedModel tiny = ScriptedModel.builder("tiny").classes(2).function(x -> switch ((int) x[1]) {
      case EASY -> answer(x, true, 0.95f);
      case OVERCONFIDENT -> answer(x, false, 0.95f);
      case LUCKY -> answer(x, true, 0.6f);
      default -> answer(x, false, 0.6f);
    }).cost(Duration.ofMillis(1), Energy.ofMicrojoules(10), ticker, meter).build();
    ScriptedModel big = ScriptedModel.builder("big").classes(2)
        .function(x -> answer(x, x[1] != LUCKY && x[1] != IMPOSSIBLE, 0.99f))
        .cost(Duration.ofMillis(5), Energy.ofMicrojoules(100), ticker, meter).build();
    return TieredInferencePipeline.<float[]>builder().tier(tiny.tier()).gate(GatePolicy.maxProbability(0.9))
        .tier(big.tier()).meter(meter).ticker(ticker).subtractMeterOverhead(false).build();
  }

  private static Trace<float[]> cascadeTrace() {
    Trace.Builder<float[]> b = Trace.builder();
    for (int i = 0; i < 5; i++) {
      b.add(input(i % 2, EASY), i % 2);
    }
    return b.add(input(0, HARD), 0).add(input(1, HARD), 1).add(input(1, OVERCONFIDENT), 1)
        .add(input(0, LUCKY), 0).add(input(1, IMPOSSIBLE), 1).build();
  }

  @Test
  void aCascadeReportAgainstItsOracle() {
    try (var pipeline = cascade()) {
      ReplayReport r = TraceReplay.replayWithOracle(pipeline, cascadeTrace());

      // policy: 5 easy accepted (10 µJ, 1 ms) and right; overconfident accepted and wrong;
      // 2 hard, lucky and impossible escalated (110 µJ, 6 ms), the hard ones right
      assertThat(r.count()).isEqualTo(10);
      assertThat(r.accuracy()).isEqualTo(0.7);
      assertThat(r.escalationRate()).isEqualTo(0.4);
      assertThat(r.earlyExitRate()).isZero();
      assertThat(r.stopReasons()).containsEntry(StopReason.ACCEPTED, 6).containsEntry(StopReason.FINAL_TIER, 4)
          .containsEntry(StopReason.BUDGET_DENIED, 0);
      assertThat(r.stopRate(StopReason.ACCEPTED)).isEqualTo(0.6);
      assertThat(r.total()).isEqualTo(Energy.ofMicrojoules(6 * 10 + 4 * 110));
      assertThat(r.meanEnergy()).isEqualTo(Energy.ofMicrojoules(50));
      assertThat(r.meanLatency()).isEqualTo(Duration.ofMillis(3));
      assertThat(r.quality()).isEqualTo(EnergyQuality.ESTIMATED);

      // oracle: easy and lucky stop at tiny (10 µJ), hard and overconfident need big (110 µJ),
      // impossible stops at tiny, wrong either way
      ReplayReport.Oracle o = r.oracle().orElseThrow();
      assertThat(o.count()).isEqualTo(10);
      assertThat(o.accuracy()).isEqualTo(0.9);
      assertThat(o.escalationRate()).isEqualTo(0.3);
      assertThat(o.earlyExitRate()).isZero();
      assertThat(o.total()).isEqualTo(Energy.ofMicrojoules(7 * 10 + 3 * 110));
      assertThat(o.meanEnergy()).isEqualTo(Energy.ofMicrojoules(40));
      assertThat(o.meanLatency()).isEqualTo(Duration.ofMillis(7 * 1 + 3 * 6).dividedBy(10));
      assertThat(o.quality()).isEqualTo(EnergyQuality.ESTIMATED);

      assertThat(r.toString()).contains("policy", "oracle", "70.00%", "90.00%", "50.0 µJ", "40.0 µJ",
          "ACCEPTED=6", "FINAL_TIER=4", "policy energy = 1.25 x oracle, accuracy -20.00 points");
    }
  }

  @Test
  void theReplayStartsFromAResetPipelineAndTheOracleLeavesItsLedgerAlone() {
    try (var pipeline = cascade()) {
      for (int i = 0; i < 3; i++) {
        pipeline.run(input(0, HARD));
      }
      TraceReplay.replayWithOracle(pipeline, cascadeTrace());
      var snapshot = pipeline.ledger().snapshot();
      assertThat(snapshot.inferences()).isEqualTo(10);
      assertThat(snapshot.total()).isEqualTo(Energy.ofMicrojoules(500));
      assertConserved(snapshot);
    }
  }

  @Test
  void earlyExitsAgainstTheOracle() {
    // three exits costing 20, 30 and 50 µJ (1, 1 and 2 ms); x[1] = k: exits before k are unsure and
    // wrong, exits from k on sure and right; x[2] = 1: exit 0 is sure but wrong
    List<ScriptedModel> segs = ScriptedModel.segments("mlp").classes(2).simulatedOn(ticker, meter)
        .segment(Cost.of(Duration.ofMillis(1), Energy.ofMicrojoules(20)), x -> x[2] > 0 ? answer(x, false, 0.95f)
            : x[1] <= 0 ? answer(x, true, 0.95f) : answer(x, false, 0.6f))
        .segment(Cost.of(Duration.ofMillis(1), Energy.ofMicrojoules(30)),
            x -> x[1] <= 1 ? answer(x, true, 0.95f) : answer(x, false, 0.6f))
        .segment(Cost.of(Duration.ofMillis(2), Energy.ofMicrojoules(50)), x -> answer(x, true, 0.95f))
        .build();
    float[] overconfident = input(1, 1);
    overconfident[2] = 1;
    Trace<float[]> trace = Trace.of(List.of(input(0, 0), input(1, 0), input(0, 1), input(1, 2), overconfident),
        new int[] {0, 1, 0, 1, 1});
    try (var pipeline = TieredInferencePipeline.<float[]>builder()
        .tier(ScriptedModel.tier("mlp", segs, EarlyExitPolicy.maxProbability(0.9)))
        .meter(meter).ticker(ticker).subtractMeterOverhead(false).build()) {
      ReplayReport r = TraceReplay.replayWithOracle(pipeline, trace);
      // exits at 0, 0, 1, final, 0 (wrong): 20 + 20 + 50 + 100 + 20 µJ; 1 + 1 + 2 + 4 + 1 ms
      assertThat(r.accuracy()).isEqualTo(0.8);
      assertThat(r.escalationRate()).isZero();
      assertThat(r.earlyExitRate()).isEqualTo(0.8);
      assertThat(r.stopReasons()).containsEntry(StopReason.EARLY_EXIT, 4).containsEntry(StopReason.FINAL_TIER, 1);
      assertThat(r.total()).isEqualTo(Energy.ofMicrojoules(210));
      assertThat(r.meanLatency()).isEqualTo(Duration.ofMillis(9).dividedBy(5));
      // oracle: the overconfident input needs exit 1 (50 µJ, 2 ms) and is then right
      ReplayReport.Oracle o = r.oracle().orElseThrow();
      assertThat(o.accuracy()).isEqualTo(1.0);
      assertThat(o.earlyExitRate()).isEqualTo(0.8);
      assertThat(o.total()).isEqualTo(Energy.ofMicrojoules(240));
      assertThat(o.meanLatency()).isEqualTo(Duration.ofMillis(2));
    }
  }

  @Test
  void aWakeStreamEscalatesOnlyDuringTheEventAndItsHangover() {
    float[] quiet = new float[64];
    float[] speech = new float[64];
    speech[0] = 1;
    ScriptedModel vad = ScriptedModel.builder("vad").classes(2)
        .function(x -> x[0] > 0 ? new float[] {0.2f, 0.8f} : new float[] {0.9f, 0.1f})
        .cost(Duration.ofMillis(1), Energy.ofMicrojoules(1), ticker, meter).build();
    ScriptedModel asr = ScriptedModel.builder("asr").classes(2)
        .function(x -> x[0] > 0 ? new float[] {0.01f, 0.99f} : new float[] {0.99f, 0.01f})
        .cost(Duration.ofMillis(20), Energy.ofMicrojoules(500), ticker, meter).build();
    Trace<float[]> stream = Trace.<float[]>builder().repeat(quiet, 0, 5).repeat(speech, 1, 3).repeat(quiet, 0, 4).build();
    try (var pipeline = TieredInferencePipeline.<float[]>builder().tier(vad.tier())
        .gate(GatePolicy.classTrigger(1, 0.5, 0.3, 1)).tier(asr.tier())
        .meter(meter).ticker(ticker).subtractMeterOverhead(false).build()) {
      ReplayReport r = TraceReplay.replay(pipeline, stream);
      assertThat(r.oracle()).isEmpty();
      assertThat(r.escalationRate()).as("3 event frames + 1 hang-over of 12").isEqualTo(4 / 12.0);
      assertThat(r.accuracy()).isEqualTo(1.0);
      assertThat(r.total()).isEqualTo(Energy.ofMicrojoules(12 + 4 * 500));
      assertThat(asr.runs()).isEqualTo(4);
      assertThat(r.toString()).doesNotContain("oracle");
    }
  }

  @Test
  void anEmptyTraceIsAnError() {
    try (var pipeline = cascade()) {
      assertThatThrownBy(() -> TraceReplay.replay(pipeline, Trace.of(List.of()))).hasMessageContaining("at least one input");
    }
    assertThatThrownBy(() -> Trace.of(List.of(new float[1]), new int[] {0, 1})).hasMessageContaining("1 inputs but 2 labels");
    assertThatThrownBy(() -> new Labelled<>(new float[1], -1)).hasMessageContaining("class index");
  }
}
