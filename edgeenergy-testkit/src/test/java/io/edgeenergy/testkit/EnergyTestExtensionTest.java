package io.edgeenergy.testkit;

import static io.edgeenergy.testkit.EnergyAssertions.assertConserved;
import static io.edgeenergy.testkit.EnergyAssertions.assertEnergyWithin;
import static io.edgeenergy.testkit.EnergyAssertions.assertEstimated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.Energy;
import io.edgeenergy.EnergyQuality;
import io.edgeenergy.Power;
import io.edgeenergy.pipeline.InputBinder;
import io.edgeenergy.pipeline.ScoreReader;
import io.edgeenergy.pipeline.Tier;
import io.edgeenergy.pipeline.TieredInferencePipeline;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EnergyTestExtension.class)
class EnergyTestExtensionTest {
  @Test
  void injectsATickerAndAMeterDrivenByIt(FakeTicker ticker, SimulatedMeter meter) {
    assertThat(meter.ticker()).isSameAs(ticker);
    assertThat(meter.readNanojoules()).isZero();
    ScriptedModel m = ScriptedModel.builder("m").classes(2).script(new float[] {0.9f, 0.1f})
        .cost(Duration.ofMillis(2), Energy.ofMicrojoules(5), ticker, meter).build();
    try (var p = TieredInferencePipeline.<float[]>builder()
        .tier(Tier.<float[]>builder("m").model(m).input(InputBinder.floats()).scores(ScoreReader.probabilities("probs")).build())
        .meter(meter).ticker(ticker).subtractMeterOverhead(false).build()) {
      var r = p.run(new float[64]);
      assertEstimated(r.quality());
      assertEnergyWithin(Energy.ofMicrojoules(5), r.energy(), 0.0);
      assertConserved(p.ledger().snapshot());
    }
  }

  @Test
  void eachTestGetsAFreshPair(FakeTicker ticker, SimulatedMeter meter) {
    assertThat(ticker.read()).isEqualTo(Duration.ofMillis(1).toNanos());
    assertThat(meter.totalNanojoules()).isZero();
  }

  @Test
  void simulatedMeterIntegratesBasePowerAndWraps() {
    FakeTicker ticker = FakeTicker.create();
    SimulatedMeter meter = SimulatedMeter.builder(ticker).basePower(Power.ofWatts(2)).wrapAt(5_000_000_000L).build();
    ticker.advance(Duration.ofSeconds(3));
    assertThat(meter.readNanojoules()).isEqualTo(1_000_000_000L);   // 6 J wrapped at 5 J
    assertThat(meter.totalNanojoules()).isEqualTo(6_000_000_000L);
    assertThatThrownBy(() -> ticker.advanceNanos(-1)).hasMessageContaining("cannot go back");
    SimulatedMeter dead = SimulatedMeter.builder(ticker).unavailable("sensor gone").quality(EnergyQuality.MEASURED).build();
    assertThat(dead.availability().reason()).isEqualTo("sensor gone");
    assertThat(dead.readNanojoules()).isZero();
  }

  @Test
  void assertionsReportTheNumbers() {
    assertThatThrownBy(() -> assertEnergyWithin(Energy.ofMicrojoules(100), Energy.ofMicrojoules(120), 0.15))
        .hasMessageContaining("100 µJ").hasMessageContaining("120 µJ");
    assertThatThrownBy(() -> assertEstimated(EnergyQuality.MEASURED)).hasMessageContaining("claims MEASURED");
  }

  @Test
  void scriptedModelValidatesLikeARealBackend() {
    ScriptedModel m = ScriptedModel.builder("m").classes(2).script(new float[] {1f, 0f}).build();
    var in = m.newInputs();
    var out = m.newOutputs();
    assertThatThrownBy(() -> m.run(new io.edgeenergy.model.Tensor[0], out)).hasMessageContaining("takes 1 inputs");
    m.run(in, out);
    assertThat(m.runs()).isEqualTo(1);
    m.close();
    assertThatThrownBy(() -> m.run(in, out)).hasMessageContaining("closed");
    assertThatThrownBy(() -> ScriptedModel.builder("empty").build()).hasMessageContaining("script");
  }
}
