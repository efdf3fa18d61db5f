package io.edgeenergy.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeenergy.Energy;
import io.edgeenergy.model.Model;
import io.edgeenergy.pipeline.InputBinder;
import io.edgeenergy.pipeline.ScoreReader;
import io.edgeenergy.pipeline.StopReason;
import io.edgeenergy.pipeline.Tier;
import io.edgeenergy.pipeline.TieredInferencePipeline;
import io.edgeenergy.policy.GatePolicy;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A hand-computed trace: the tiny model reads the answer off input[0] and is sure only when input[1] > 0. */
class TraceReplayTest {
  private final FakeTicker ticker = FakeTicker.create();
  private final SimulatedMeter meter = SimulatedMeter.workOnly(ticker);

  private ScriptedModel model(String name, long microjoules, boolean tiny) {
    return ScriptedModel.builder(name).classes(2).respond((in, out) -> {
      int cls = (int) in[0].floats().get(0);
      float confidence = tiny && in[0].floats().get(1) <= 0 ? 0.6f : 0.99f;
      // the tiny model is wrong on every unsure input; the big one is always right
      int answer = tiny && confidence < 0.9f ? 1 - cls : cls;
      out[0].floats().put(answer, confidence).put(1 - answer, 1 - confidence);
    }).cost(Duration.ofMillis(1), Energy.ofMicrojoules(microjoules), ticker, meter).build();
  }

  private static Tier<float[]> tier(String name, Model m) {
    return Tier.<float[]>builder(name).model(m).input(InputBinder.floats()).scores(ScoreReader.probabilities("probs")).build();
  }

  @Test
  void reportsAccuracyEscalationJoulesAndTheOracle() {
    // 10 inputs: labels alternate; the first 7 are "easy" (tiny sure and right), the last 3 hard
    List<Labelled<float[]>> trace = IntStream.range(0, 10).mapToObj(i -> {
      float[] x = new float[64];
      x[0] = i % 2;
      x[1] = i < 7 ? 1 : 0;
      return new Labelled<>(x, i % 2);
    }).toList();
    ScriptedModel tiny = model("tiny", 10, true);
    ScriptedModel big = model("big", 100, false);
    StageRecorder recorder = new StageRecorder();
    try (var pipeline = TieredInferencePipeline.<float[]>builder().tier(tier("tiny", tiny))
            .gate(GatePolicy.maxProbability(0.9)).tier(tier("big", big)).meter(meter).ticker(ticker)
            .subtractMeterOverhead(false).build();
         var probe = TieredInferencePipeline.<float[]>builder().tier(tier("tiny", tiny)).gate(recorder.gate())
            .tier(tier("big", big)).meter(meter).ticker(ticker).subtractMeterOverhead(false).build()) {
      ReplayReport r = TraceReplay.replay(pipeline, trace, probe, recorder);

      assertThat(r.count()).isEqualTo(10);
      assertThat(r.accuracy()).isEqualTo(1.0);
      assertThat(r.escalationRate()).isEqualTo(0.3);
      assertThat(r.stopReasons()).containsEntry(StopReason.ACCEPTED, 7).containsEntry(StopReason.FINAL_TIER, 3);
      assertThat(r.total()).isEqualTo(Energy.ofMicrojoules(10 * 10 + 3 * 100));
      assertThat(r.meanEnergy()).isEqualTo(Energy.ofMicrojoules(40));
      assertThat(r.meanLatency()).isEqualTo(Duration.ofMillis(13).dividedBy(10));
      // the oracle: 7 inputs right at the tiny tier (10 µJ), 3 need the big one (110 µJ)
      assertThat(r.oracle()).hasValueSatisfying(o -> {
        assertThat(o.accuracy()).isEqualTo(1.0);
        assertThat(o.meanEnergy()).isEqualTo(Energy.ofMicrojoules(40));
      });
      assertThat(r.toString()).contains("oracle").contains("100.00%");
    }
  }
}
