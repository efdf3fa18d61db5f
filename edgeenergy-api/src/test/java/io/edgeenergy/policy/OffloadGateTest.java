package io.edgeenergy.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.Energy;
import io.edgeenergy.energy.BudgetView;
import io.edgeenergy.energy.EnergyBudget;
import io.edgeenergy.policy.GatePolicy.Decision;
import io.edgeenergy.policy.OffloadGate.RadioLink;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OffloadGateTest {
  private static final Prediction UNSURE = Prediction.of(0.5f, 0.5f);
  private static final Prediction SURE = Prediction.of(0.99f, 0.01f);

  @Test
  void theDefaultLinksCostWhatTheirSourcesSay() {
    // the seed's "a 4G upload costs ~5-10 J/MB": one 1 MB LTE transfer = 5.2 J of bytes + 12.6 J of tail
    assertThat(RadioLink.LTE.joulesPerMegabyte()).isBetween(5.0, 10.0);
    assertThat(RadioLink.LTE.cost(1_000_000).toJoules()).isCloseTo(5.2 + 12.586, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(RadioLink.WIFI.cost(0)).isEqualTo(Energy.ofMillijoules(38));
    assertThat(RadioLink.BLE.cost(1000)).isEqualTo(Energy.ofMicrojoules(1220));
    assertThat(RadioLink.NR_5G.source()).contains("coarse");
  }

  @Test
  void crossoverIsWhereSendingCostsAsMuchAsTheLocalTier() {
    Energy local = Energy.ofJoules(20);
    long bytes = OffloadGate.crossoverBytes(local, RadioLink.LTE);
    assertThat(RadioLink.LTE.cost(bytes)).isLessThanOrEqualTo(local);
    assertThat(RadioLink.LTE.cost(bytes + 1)).isGreaterThan(local);
    // a microjoule-scale model never pays for LTE's tail: offloading never wins
    assertThat(OffloadGate.crossoverBytes(Energy.ofMicrojoules(30), RadioLink.LTE)).isZero();
    // over BLE (no tail) 30 µJ buys 24 bytes
    assertThat(OffloadGate.crossoverBytes(Energy.ofMicrojoules(30), RadioLink.BLE)).isEqualTo(24);
  }

  @Test
  void offloadsWhenSendingIsCheaperThanTheNextTier() {
    OffloadGate gate = OffloadGate.builder(GatePolicy.maxProbability(0.9), RadioLink.WIFI)
        .payloadBytes(10_000).localCost(Energy.ofJoules(1)).build();   // 38 mJ + 24 mJ << 1 J
    assertThat(gate.decide(UNSURE, BudgetView.UNLIMITED)).isEqualTo(Decision.ACCEPT);
    assertThat(gate.offloadRecommended()).isTrue();
    assertThat(gate.decide(SURE, BudgetView.UNLIMITED)).isEqualTo(Decision.ACCEPT);
    assertThat(gate.offloadRecommended()).as("a confident answer needs nobody").isFalse();
  }

  @Test
  void runsLocallyWhenTheTierIsCheaperThanTheRadio() {
    OffloadGate gate = OffloadGate.builder(GatePolicy.maxProbability(0.9), RadioLink.LTE)
        .payloadBytes(256).localCost(Energy.ofMicrojoules(40)).build();
    assertThat(gate.decide(UNSURE, BudgetView.UNLIMITED)).isEqualTo(Decision.ESCALATE);
    assertThat(gate.offloadRecommended()).isFalse();
  }

  @Test
  void theBudgetDecidesWhenItCanAffordOnlyOneOfThem() {
    // 100 mJ per inference: the local tier (150 mJ) no, the Wi-Fi transfer (38 mJ + 2.4 µJ) yes
    EnergyBudget budget = EnergyBudget.builder().perInferenceCap(Energy.ofMillijoules(100)).build();
    OffloadGate gate = OffloadGate.builder(GatePolicy.alwaysEscalate(), RadioLink.WIFI)
        .payloadBytes(1).localCost(() -> Energy.ofMillijoules(150).nanojoules()).build();
    assertThat(gate.decide(UNSURE, budget)).isEqualTo(Decision.ACCEPT);
    assertThat(gate.offloadRecommended()).isTrue();
    // neither affordable: the inner decision stands, and the pipeline refuses the tier for budget
    OffloadGate lte = OffloadGate.builder(GatePolicy.alwaysEscalate(), RadioLink.LTE)
        .payloadBytes(1).localCost(Energy.ofMillijoules(150)).build();
    assertThat(lte.decide(UNSURE, budget)).isEqualTo(Decision.ESCALATE);
    assertThat(lte.offloadRecommended()).isFalse();
  }

  @Test
  void badFiguresAreRefusedWithTheirName() {
    assertThatThrownBy(() -> RadioLink.of("lora", Double.NaN, Energy.ZERO))
        .hasMessageContaining("lora").hasMessageContaining("NaN");
    assertThatThrownBy(() -> OffloadGate.builder(GatePolicy.alwaysEscalate(), RadioLink.LTE).build())
        .hasMessageContaining("payloadBytes");
    assertThatThrownBy(() -> RadioLink.LTE.cost(-1)).hasMessageContaining("-1");
  }
}
