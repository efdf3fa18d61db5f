package io.edgeenergy.testkit;

import static io.edgeenergy.policy.GatePolicy.Decision.ABSTAIN;
import static io.edgeenergy.policy.GatePolicy.Decision.ACCEPT;
import static io.edgeenergy.policy.GatePolicy.Decision.ESCALATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.Energy;
import io.edgeenergy.energy.BudgetState;
import io.edgeenergy.energy.BudgetView;
import io.edgeenergy.energy.EnergyBudget;
import io.edgeenergy.policy.Confidence;
import io.edgeenergy.policy.GatePolicy;
import io.edgeenergy.policy.Prediction;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The built-in gates, as a user would test their own: predictions in, decisions out. */
class GatePolicyTest {
  private static final BudgetView NONE = BudgetView.UNLIMITED;
  private static final Prediction SURE = Prediction.of(0.92f, 0.05f, 0.03f);
  private static final Prediction TORN = Prediction.of(0.48f, 0.46f, 0.06f);
  private static final Prediction FLAT = Prediction.of(1 / 3f, 1 / 3f, 1 / 3f);

  @Test
  void maxProbabilityAcceptsAtOrAboveTheThreshold() {
    GatePolicy g = GatePolicy.maxProbability(0.9);
    assertThat(g.decide(SURE, NONE)).isEqualTo(ACCEPT);
    assertThat(g.decide(TORN, NONE)).isEqualTo(ESCALATE);
    assertThat(GatePolicy.maxProbability(0.92).decide(Prediction.of(0.92f, 0.08f), NONE)).isEqualTo(ACCEPT);
  }

  @Test
  void marginLooksAtTheGapBetweenTheTopTwo() {
    GatePolicy g = GatePolicy.margin(0.2);
    assertThat(g.decide(SURE, NONE)).isEqualTo(ACCEPT);
    assertThat(g.decide(TORN, NONE)).isEqualTo(ESCALATE);  // top-1 0.48 but only 0.02 ahead
  }

  @Test
  void entropyEscalatesUncertainPredictions() {
    GatePolicy g = GatePolicy.entropy(0.5);
    assertThat(g.decide(SURE, NONE)).isEqualTo(ACCEPT);
    assertThat(g.decide(FLAT, NONE)).isEqualTo(ESCALATE);
    assertThat(FLAT.normalizedEntropy()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void budgetAwareGateAcceptsLessSureAnswersUnderPressure() {
    FakeTicker ticker = FakeTicker.create();
    EnergyBudget budget = EnergyBudget.builder().ticker(ticker).window(Energy.ofJoules(10), Duration.ofHours(1)).build();
    GatePolicy g = GatePolicy.confident(Confidence.MAX_PROBABILITY, 0.9, 0.5);
    Prediction fair = Prediction.of(0.7f, 0.3f);

    assertThat(g.decide(fair, budget)).isEqualTo(ESCALATE);      // pressure 0: threshold 0.9
    budget.charge(Energy.ofJoules(6));                          // pressure 0.6: threshold 0.66
    assertThat(budget.pressure()).isCloseTo(0.6, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(g.decide(fair, budget)).isEqualTo(ACCEPT);
  }

  @Test
  void classTriggerHasHysteresisAndHangover() {
    GatePolicy trigger = GatePolicy.classTrigger(1, 0.6, 0.4, 2);
    float[] probs = {0.1f, 0.5f, 0.7f, 0.5f, 0.45f, 0.2f, 0.2f, 0.2f, 0.5f};
    StringBuilder decisions = new StringBuilder();
    for (float p : probs) {
      decisions.append(trigger.decide(Prediction.of(1 - p, p), NONE) == ESCALATE ? 'E' : 'a');
    }
    // 0.5 alone does not trigger (below on); after 0.7 it holds while >= 0.4, then two hang-over frames
    assertThat(decisions).hasToString("aaEEEEEaa");
    trigger.reset();
    assertThat(trigger.decide(Prediction.of(0.5f, 0.5f), NONE)).isEqualTo(ACCEPT);
  }

  @Test
  void classTriggerRejectsAClassTheTierDoesNotHave() {
    assertThatThrownBy(() -> GatePolicy.classTrigger(5, 0.6, 0.4, 0).decide(SURE, NONE))
        .hasMessageContaining("class 5").hasMessageContaining("3 classes");
  }

  @Test
  void compositionTruthTables() {
    GatePolicy acc = GatePolicy.alwaysAccept();
    GatePolicy esc = GatePolicy.alwaysEscalate();
    GatePolicy abstain = (p, b) -> ABSTAIN;

    assertThat(GatePolicy.allOf(esc, esc).decide(SURE, NONE)).isEqualTo(ESCALATE);
    assertThat(GatePolicy.allOf(esc, acc).decide(SURE, NONE)).isEqualTo(ACCEPT);
    assertThat(GatePolicy.allOf(esc, abstain).decide(SURE, NONE)).isEqualTo(ESCALATE);
    assertThat(GatePolicy.anyOf(acc, esc).decide(SURE, NONE)).isEqualTo(ESCALATE);
    assertThat(GatePolicy.anyOf(acc, acc).decide(SURE, NONE)).isEqualTo(ACCEPT);
    assertThat(GatePolicy.anyOf(abstain, abstain).decide(SURE, NONE)).isEqualTo(ABSTAIN);
    assertThat(abstain.orElse(esc).decide(SURE, NONE)).isEqualTo(ESCALATE);
    assertThat(GatePolicy.firstDecisive(abstain, acc, esc).decide(SURE, NONE)).isEqualTo(ACCEPT);
    assertThat(acc.negate().decide(SURE, NONE)).isEqualTo(ESCALATE);
    assertThat(esc.negate().decide(SURE, NONE)).isEqualTo(ACCEPT);
    assertThat(abstain.negate().decide(SURE, NONE)).isEqualTo(ABSTAIN);
    assertThat(GatePolicy.anyOf(acc, esc)).hasToString("anyOf(always ACCEPT, always ESCALATE)");
  }

  @Test
  void resetReachesNestedStatefulPolicies() {
    GatePolicy trigger = GatePolicy.classTrigger(1, 0.6, 0.4, 5);
    GatePolicy composed = GatePolicy.anyOf(GatePolicy.alwaysAccept(), trigger).negate().negate();
    composed.decide(Prediction.of(0.1f, 0.9f), NONE);
    assertThat(composed.decide(Prediction.of(0.9f, 0.1f), NONE)).isEqualTo(ESCALATE);   // hang-over
    composed.reset();
    assertThat(composed.decide(Prediction.of(0.9f, 0.1f), NONE)).isEqualTo(ACCEPT);
  }

  @ParameterizedTest
  @ValueSource(doubles = {-0.1, 1.1, Double.NaN})
  void thresholdsOutsideZeroToOneAreRejected(double bad) {
    assertThatThrownBy(() -> GatePolicy.maxProbability(bad)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[0, 1]");
    assertThatThrownBy(() -> GatePolicy.margin(bad)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GatePolicy.entropy(bad)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void triggerArgumentsAreChecked() {
    assertThatThrownBy(() -> GatePolicy.classTrigger(0, 0.3, 0.6, 1)).hasMessageContaining("must not exceed");
    assertThatThrownBy(() -> GatePolicy.classTrigger(-1, 0.6, 0.3, 1)).hasMessageContaining("eventClass");
    assertThatThrownBy(() -> GatePolicy.classTrigger(0, 0.6, 0.3, -1)).hasMessageContaining("hangover");
    assertThatThrownBy(GatePolicy::anyOf).hasMessageContaining("at least one");
  }

  @Test
  void budgetStateIsVisibleToPolicies() {
    assertThat(NONE.state()).isEqualTo(BudgetState.HEALTHY);
    assertThat(NONE.canAfford(Long.MAX_VALUE)).isTrue();
  }
}
