package io.edgeenergy.testkit;

import static io.edgeenergy.policy.GatePolicy.Decision.ACCEPT;
import static io.edgeenergy.policy.GatePolicy.Decision.ESCALATE;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeenergy.Energy;
import io.edgeenergy.energy.BudgetState;
import io.edgeenergy.energy.BudgetView;
import io.edgeenergy.energy.EnergyBudget;
import io.edgeenergy.pipeline.StopReason;
import io.edgeenergy.pipeline.TieredInferencePipeline;
import io.edgeenergy.policy.GatePolicy;
import io.edgeenergy.policy.Prediction;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The example of the package documentation, run: a user testing their own gate plugin. */
@EdgeEnergyTest
class UserPluginExampleTest {
  /** The plugin: escalate an unsure answer, but only while the budget is healthy. */
  static final class ThriftyGate implements GatePolicy {
    @Override
    public Decision decide(Prediction p, BudgetView budget) {
      if (p.top1Probability() >= 0.875) {
        return Decision.ACCEPT;
      }
      return budget.state() == BudgetState.HEALTHY ? Decision.ESCALATE : Decision.ACCEPT;
    }
  }

  private static float[] onehot(int cls, float p) {
    float[] v = new float[2];
    v[cls] = p;
    v[1 - cls] = 1 - p;
    return v;
  }

  private static float[] input(int label, boolean easy) {
    float[] x = new float[64];
    x[0] = label;
    x[1] = easy ? 1 : 0;
    return x;
  }

  private static ScriptedModel tiny(FakeTicker ticker, SimulatedMeter meter) {
    // input[0] is the true class; input[1] > 0 marks an easy input the tiny model is sure of
    return ScriptedModel.builder("tiny").classes(2)
        .function(x -> x[1] > 0 ? onehot((int) x[0], 0.95f) : onehot(1 - (int) x[0], 0.6f))
        .cost(Duration.ofMillis(1), Energy.ofMicrojoules(10), ticker, meter).build();
  }

  private static ScriptedModel big(FakeTicker ticker, SimulatedMeter meter) {
    return ScriptedModel.builder("big").classes(2).function(x -> onehot((int) x[0], 0.99f))
        .cost(Duration.ofMillis(5), Energy.ofMicrojoules(100), ticker, meter).build();
  }

  @Test
  void decidesOnPredictions() {
    assertThat(new ThriftyGate().decide(Prediction.of(0.9f, 0.1f), BudgetView.UNLIMITED)).isEqualTo(ACCEPT);
    assertThat(new ThriftyGate().decide(Prediction.of(0.6f, 0.4f), BudgetView.UNLIMITED)).isEqualTo(ESCALATE);
  }

  @Test
  void escalatesLessAndCostsKnownJoules(FakeTicker ticker, SimulatedMeter meter) {
    var trace = Trace.<float[]>builder().add(input(0, true), 0).add(input(1, false), 1).build();
    try (var pipeline = TieredInferencePipeline.<float[]>builder()
        .tier(tiny(ticker, meter).tier()).gate(new ThriftyGate()).tier(big(ticker, meter).tier())
        .meter(meter).ticker(ticker).subtractMeterOverhead(false).build()) {
      ReplayReport r = TraceReplay.replayWithOracle(pipeline, trace);
      assertThat(r.accuracy()).isEqualTo(1.0);
      assertThat(r.escalationRate()).isEqualTo(0.5);
      assertThat(r.total()).isEqualTo(Energy.ofMicrojoules(10 + 10 + 100));   // exact, from the script
      assertThat(r.oracle().orElseThrow().meanEnergy()).isEqualTo(r.meanEnergy());
      EnergyAssertions.assertConserved(pipeline);
    }
  }

  @Test
  void stopsEscalatingWhenTheBudgetIsUnderPressure(FakeTicker ticker, SimulatedMeter meter,
      RecordingBudgetListener events) {
    EnergyBudget budget = EnergyBudget.builder().ticker(ticker).battery(Energy.ofMicrojoules(500))
        .listener(events).build();
    try (var pipeline = TieredInferencePipeline.<float[]>builder()
        .tier(tiny(ticker, meter).tier()).gate(new ThriftyGate()).tier(big(ticker, meter).tier())
        .meter(meter).ticker(ticker).budget(budget).subtractMeterOverhead(false).build()) {
      StringBuilder stops = new StringBuilder();
      for (int i = 0; i < 6; i++) {
        stops.append(pipeline.run(input(1, false)).stopReason() == StopReason.FINAL_TIER ? 'F' : 'a');
      }
      // 110 µJ per escalation: after 4 (440 of 500 µJ) the soft limit is passed and the gate accepts
      assertThat(stops).hasToString("FFFFaa");
      assertThat(events.states()).containsExactly(BudgetState.SOFT_LIMIT);
      assertThat(budget.used()).isEqualTo(Energy.ofMicrojoules(4 * 110 + 2 * 10));
    }
  }
}
