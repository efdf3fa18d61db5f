package io.edgeenergy.testkit;

import static io.edgeenergy.testkit.EnergyAssertions.assertConserved;
import static io.edgeenergy.testkit.EnergyAssertions.assertEnergyWithin;
import static io.edgeenergy.testkit.EnergyAssertions.assertEstimated;
import static io.edgeenergy.testkit.EnergyAssertions.assertJoules;
import static io.edgeenergy.testkit.EnergyAssertions.assertQuality;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.Energy;
import io.edgeenergy.EnergyQuality;
import io.edgeenergy.energy.BudgetState;
import io.edgeenergy.energy.EnergyBudget;
import io.edgeenergy.energy.LedgerSnapshot;
import io.edgeenergy.pipeline.TieredInferencePipeline;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

@EdgeEnergyTest
class EnergyTestExtensionTest {
  @Test
  void injectsATickerAndAMeterDrivenByIt(FakeTicker ticker, SimulatedMeter meter) {
    assertThat(meter.ticker()).isSameAs(ticker);
    assertThat(meter.readNanojoules()).isZero();
    ScriptedModel m = ScriptedModel.builder("m").classes(2).script(new float[] {0.9f, 0.1f})
        .cost(Duration.ofMillis(2), Energy.ofMicrojoules(5), ticker, meter).build();
    try (var p = TieredInferencePipeline.<float[]>builder().tier(m.tier())
        .meter(meter).ticker(ticker).subtractMeterOverhead(false).build()) {
      var r = p.run(new float[64]);
      assertEstimated(r.quality());
      assertEnergyWithin(Energy.ofMicrojoules(5), r.energy(), 0.0);
      assertConserved(p);
    }
  }

  @Test
  void eachTestGetsAFreshSet(FakeTicker ticker, SimulatedMeter meter, RecordingBudgetListener events) {
    assertThat(ticker.read()).isEqualTo(Duration.ofMillis(1).toNanos());
    assertThat(meter.totalNanojoules()).isZero();
    assertThat(events.events()).isEmpty();
    ticker.advance(Duration.ofSeconds(1));                      // must not leak into another test
    EnergyBudget.builder().ticker(ticker).battery(Energy.ofJoules(1)).listener(events).build().charge(Energy.ofJoules(1));
    assertThat(events.states()).containsExactly(BudgetState.EXHAUSTED);
  }

  @Test
  void theSameTestGetsTheSameObjects(FakeTicker a, FakeTicker b, SimulatedMeter m1, SimulatedMeter m2) {
    assertThat(a).isSameAs(b);
    assertThat(m1).isSameAs(m2);
  }

  @Test
  void assertionsReportTheNumbers() {
    assertThatThrownBy(() -> assertEnergyWithin(Energy.ofMicrojoules(100), Energy.ofMicrojoules(120), 0.15))
        .hasMessageContaining("100 µJ").hasMessageContaining("120 µJ").hasMessageContaining("off by 20.0 µJ");
    assertEnergyWithin(Energy.ofMicrojoules(100), Energy.ofMicrojoules(114), 0.15);
    assertThatThrownBy(() -> assertEstimated(EnergyQuality.MEASURED)).hasMessageContaining("claims MEASURED");
    assertThatThrownBy(() -> assertQuality(EnergyQuality.MEASURED, EnergyQuality.ESTIMATED))
        .hasMessageContaining("figure is ESTIMATED, expected MEASURED");
    assertJoules(1.5, Energy.ofMicrojoules(1_499_500), 0.001);
    assertThatThrownBy(() -> assertJoules(1.5, Energy.ofJoules(2), 0.1)).hasMessageContaining("1.5 J ± 0.1 J, was 2.0 J");
  }

  @Test
  void assertConservedCatchesALedgerThatDoesNotAddUp() {
    // the pipeline's own ledger refuses such a total (LedgerProperties); a snapshot built by hand or
    // deserialized is caught by the assertion
    LedgerSnapshot.StageStats stage = new LedgerSnapshot.StageStats("m", 1, 1, Energy.ofNanojoules(100), 1,
        EnergyQuality.ESTIMATED);
    List<LedgerSnapshot.TierStats> tiers = List.of(new LedgerSnapshot.TierStats("t", List.of(stage)));
    assertThatCode(() -> assertConserved(new LedgerSnapshot(1, Energy.ofNanojoules(100), EnergyQuality.ESTIMATED, 0,
        tiers))).doesNotThrowAnyException();
    LedgerSnapshot bad = new LedgerSnapshot(1, Energy.ofNanojoules(99), EnergyQuality.ESTIMATED, 0, tiers);
    assertThatThrownBy(() -> assertConserved(bad)).hasMessageContaining("not conserved")
        .hasMessageContaining("99 nJ").hasMessageContaining("100 nJ");
  }
}
