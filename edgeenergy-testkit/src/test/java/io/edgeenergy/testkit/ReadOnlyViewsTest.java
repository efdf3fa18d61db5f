package io.edgeenergy.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeenergy.Energy;
import io.edgeenergy.energy.BudgetView;
import io.edgeenergy.energy.EnergyLedger;
import io.edgeenergy.model.Model;
import io.edgeenergy.pipeline.InferenceResult;
import io.edgeenergy.pipeline.InputBinder;
import io.edgeenergy.pipeline.ScoreReader;
import io.edgeenergy.pipeline.Tier;
import io.edgeenergy.pipeline.TieredInferencePipeline;
import io.edgeenergy.policy.GatePolicy;
import io.edgeenergy.policy.Prediction;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the pipeline hands to callers and policies can be read, not written: no cast of a
 * {@link Prediction} reaches a method that rewrites the pipeline's scores, none of its
 * {@link EnergyLedger} one that breaks conservation.
 */
class ReadOnlyViewsTest {
  private final FakeTicker ticker = FakeTicker.create();
  private final SimulatedMeter meter = SimulatedMeter.workOnly(ticker);

  @Test
  void predictionsGivenToCallersAndPoliciesOfferOnlyThePredictionMethods() {
    List<Prediction> seenByGate = new ArrayList<>();
    GatePolicy recording = new GatePolicy() {
      @Override
      public Decision decide(Prediction p, BudgetView budget) {
        seenByGate.add(p);
        return Decision.ESCALATE;
      }
    };
    try (var p = TieredInferencePipeline.<float[]>builder().tier(tier("tiny", model("tiny", 0.6f)))
        .gate(recording).tier(tier("big", model("big", 0.9f))).meter(meter).ticker(ticker)
        .subtractMeterOverhead(false).build()) {
      InferenceResult result = p.run(new float[64]);
      assertThat(result.top1()).isZero();
      assertThat(seenByGate).hasSize(1);
      for (Prediction seen : List.of(result.prediction(), seenByGate.get(0), result.copy().prediction(),
          Prediction.of(0.2f, 0.8f))) {
        assertOnlyPredictionMethods(seen);
      }
    }
  }

  @Test
  void theLedgerCallersGetIsLiveButHasNoWriter() {
    try (var p = TieredInferencePipeline.<float[]>builder().tier(tier("tiny", model("tiny", 0.9f))).meter(meter)
        .ticker(ticker).subtractMeterOverhead(false).build()) {
      EnergyLedger ledger = p.ledger();
      p.run(new float[64]);
      assertThat(ledger.snapshot().inferences()).as("a view, not a copy").isOne();
      assertThat(ledger.meanTierNanojoules(0)).isEqualTo(10_000);
      assertThat(Modifier.isPublic(ledger.getClass().getModifiers())).isFalse();
      assertThat(Arrays.stream(ledger.getClass().getMethods()).map(Method::getName))
          .as("public methods of %s", ledger.getClass())
          .doesNotContain("chargeStage", "recordInference", "reset", "beginInference", "abandonInference")
          .contains("snapshot", "meanStageNanojoules", "meanTierNanojoules");
      p.reset();
      assertThat(ledger.snapshot().inferences()).as("zeroed through the pipeline").isZero();
    }
  }

  private static void assertOnlyPredictionMethods(Prediction p) {
    assertThat(Modifier.isPublic(p.getClass().getModifiers())).as("%s is a public class", p.getClass()).isFalse();
    List<String> allowed = new ArrayList<>();
    for (Method m : Prediction.class.getMethods()) {
      allowed.add(m.getName());
    }
    for (Method m : Object.class.getMethods()) {
      allowed.add(m.getName());
    }
    assertThat(Arrays.stream(p.getClass().getMethods()).map(Method::getName))
        .as("public methods of %s", p.getClass()).isSubsetOf(allowed);
  }

  private ScriptedModel model(String name, float top) {
    return ScriptedModel.builder(name).classes(2).script(new float[] {top, 1 - top})
        .cost(Duration.ofMillis(1), Energy.ofMicrojoules(10), ticker, meter).build();
  }

  private static Tier<float[]> tier(String name, Model m) {
    return Tier.<float[]>builder(name).model(m).input(InputBinder.floats())
        .scores(ScoreReader.probabilities("probs")).build();
  }
}
