package io.edgeenergy.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeenergy.Energy;
import io.edgeenergy.energy.EnergyBudget;
import io.edgeenergy.energy.LedgerSnapshot;
import io.edgeenergy.pipeline.InferenceResult;
import io.edgeenergy.pipeline.InputBinder;
import io.edgeenergy.pipeline.ScoreReader;
import io.edgeenergy.pipeline.Tier;
import io.edgeenergy.pipeline.TieredInferencePipeline;
import io.edgeenergy.policy.GatePolicy;
import io.edgeenergy.testkit.ScriptedModel.Cost;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * Ledger conservation through a real pipeline: the pipeline measures every stage with its meter and
 * charges the ledger and the budget itself, while this test keeps its own account of what each model
 * run cost (random costs per run, random escalations). The result of every inference, the ledger's
 * parts per tier and model, its total and the budget must all agree with that independent account.
 * (It replaces a property that computed the totals it then checked.)
 */
class LedgerConservationProperties {
  private static final float[] SURE = {0.95f, 0.05f};
  private static final float[] UNSURE = {0.6f, 0.4f};

  @Property(tries = 200)
  void everyPartAndTheTotalMatchAnIndependentAccount(
      @ForAll @Size(min = 1, max = 5) List<@LongRange(min = 0, max = 5_000_000_000L) Long> tinyCosts,
      @ForAll @Size(min = 1, max = 5) List<@LongRange(min = 0, max = 5_000_000_000L) Long> bigCosts,
      @ForAll @Size(min = 1, max = 300) List<@IntRange(min = 0, max = 99) Integer> inputs) {
    FakeTicker ticker = FakeTicker.create();
    SimulatedMeter meter = SimulatedMeter.workOnly(ticker);
    ScriptedModel tiny = ScriptedModel.builder("tiny").classes(2).function(x -> x[0] < 0.3f ? UNSURE : SURE)
        .simulatedOn(ticker, meter).costs(costs(tinyCosts)).build();
    ScriptedModel big = ScriptedModel.builder("big").classes(2).function(x -> SURE)
        .simulatedOn(ticker, meter).costs(costs(bigCosts)).build();
    EnergyBudget budget = EnergyBudget.builder().ticker(ticker).battery(Energy.ofJoules(1e9)).build();
    long tinySum = 0;
    long bigSum = 0;
    long escalated = 0;
    try (var p = TieredInferencePipeline.<float[]>builder()
        .tier(tier("tiny", tiny)).gate(GatePolicy.maxProbability(0.9)).tier(tier("big", big))
        .meter(meter).ticker(ticker).budget(budget).subtractMeterOverhead(false).build()) {
      float[] x = new float[64];
      for (int input : inputs) {
        x[0] = input / 100f;
        long spent = tinyCosts.get((int) (tiny.runs() % tinyCosts.size()));
        boolean escalates = x[0] < 0.3f;
        tinySum += spent;
        if (escalates) {
          long b = bigCosts.get((int) (big.runs() % bigCosts.size()));
          spent += b;
          bigSum += b;
          escalated++;
        }
        InferenceResult r = p.run(x);
        assertThat(r.nanojoules()).as("inference %d", tiny.runs()).isEqualTo(spent);
        assertThat(r.tier()).isEqualTo(escalates ? 1 : 0);
      }
      LedgerSnapshot s = p.ledger().snapshot();
      assertThat(s.inferences()).isEqualTo(inputs.size());
      assertThat(s.tiers().get(0).energy().nanojoules()).isEqualTo(tinySum);
      assertThat(s.tiers().get(1).energy().nanojoules()).isEqualTo(bigSum);
      assertThat(s.tiers().get(0).stages().get(0).runs()).isEqualTo(inputs.size());
      assertThat(s.tiers().get(1).stages().get(0).runs()).isEqualTo(escalated);
      assertThat(s.total().nanojoules()).isEqualTo(tinySum + bigSum).isEqualTo(s.sumOfStages().nanojoules());
      assertThat(budget.used().nanojoules()).isEqualTo(tinySum + bigSum);
      assertThat(meter.totalNanojoules()).as("the meter saw the same").isEqualTo(tinySum + bigSum);
    }
  }

  private static Cost[] costs(List<Long> nanojoules) {
    return nanojoules.stream().map(nj -> Cost.of(Duration.ofNanos(10_000), Energy.ofNanojoules(nj))).toArray(Cost[]::new);
  }

  private static Tier<float[]> tier(String name, ScriptedModel m) {
    return Tier.<float[]>builder(name).model(m).input(InputBinder.floats()).scores(ScoreReader.probabilities("probs")).build();
  }
}
