package io.edgeenergy.testkit;

import static io.edgeenergy.policy.GatePolicy.Decision.ABSTAIN;
import static io.edgeenergy.policy.GatePolicy.Decision.ACCEPT;
import static io.edgeenergy.policy.GatePolicy.Decision.ESCALATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.edgeenergy.Energy;
import io.edgeenergy.energy.BudgetState;
import io.edgeenergy.energy.BudgetView;
import io.edgeenergy.energy.EnergyBudget;
import io.edgeenergy.policy.Confidence;
import io.edgeenergy.policy.GatePolicy;
import io.edgeenergy.policy.GatePolicy.Decision;
import io.edgeenergy.policy.Prediction;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The built-in gates, tested as a user would test their own: predictions in, decisions out. */
class GatePolicyTest {
  private static final BudgetView NONE = BudgetView.UNLIMITED;
  private static final Prediction SURE = Prediction.of(0.92f, 0.05f, 0.03f);
  private static final Prediction TORN = Prediction.of(0.48f, 0.46f, 0.06f);
  private static final Prediction FLAT = Prediction.of(1 / 3f, 1 / 3f, 1 / 3f);

  /** A gate with a fixed answer; ACCEPT and ESCALATE use the built-ins. */
  private static GatePolicy constant(Decision d) {
    return switch (d) {
      case ACCEPT -> GatePolicy.alwaysAccept();
      case ESCALATE -> GatePolicy.alwaysEscalate();
      case ABSTAIN -> (p, b) -> ABSTAIN;
    };
  }

  private static String stream(GatePolicy gate, int eventClass, float... eventProbabilities) {
    StringBuilder decisions = new StringBuilder();
    for (float p : eventProbabilities) {
      float[] probs = new float[2];
      probs[eventClass] = p;
      probs[1 - eventClass] = 1 - p;
      decisions.append(gate.decide(Prediction.of(probs), NONE) == ESCALATE ? 'E' : 'a');
    }
    return decisions.toString();
  }

  @Test
  void maxProbabilityAcceptsAtOrAboveTheThreshold() {
    GatePolicy g = GatePolicy.maxProbability(0.875);
    assertThat(g.decide(SURE, NONE)).isEqualTo(ACCEPT);
    assertThat(g.decide(TORN, NONE)).isEqualTo(ESCALATE);
    assertThat(g.decide(Prediction.of(0.875f, 0.125f), NONE)).as("exactly at the threshold").isEqualTo(ACCEPT);
    assertThat(g.decide(Prediction.of(0.125f, 0.875f), NONE)).as("any class").isEqualTo(ACCEPT);
    assertThat(g.decide(Prediction.of(0.75f, 0.25f), NONE)).isEqualTo(ESCALATE);
    assertThat(GatePolicy.maxProbability(0).decide(FLAT, NONE)).isEqualTo(ACCEPT);
    assertThat(GatePolicy.maxProbability(1).decide(SURE, NONE)).isEqualTo(ESCALATE);
  }

  @Test
  void marginLooksAtTheGapBetweenTheTopTwo() {
    GatePolicy g = GatePolicy.margin(0.25);
    assertThat(g.decide(SURE, NONE)).isEqualTo(ACCEPT);                      // 0.87 ahead
    assertThat(g.decide(TORN, NONE)).as("top-1 0.48 but only 0.02 ahead").isEqualTo(ESCALATE);
    assertThat(g.decide(Prediction.of(0.5f, 0.25f, 0.25f), NONE)).as("exactly at the threshold").isEqualTo(ACCEPT);
    assertThat(GatePolicy.margin(1).decide(Prediction.of(1f), NONE)).as("one class: margin 1").isEqualTo(ACCEPT);
  }

  @Test
  void entropyEscalatesUncertainPredictions() {
    GatePolicy g = GatePolicy.entropy(0.5);
    assertThat(SURE.normalizedEntropy()).isCloseTo(0.302, within(1e-3));
    assertThat(g.decide(SURE, NONE)).isEqualTo(ACCEPT);
    assertThat(FLAT.normalizedEntropy()).isCloseTo(1.0, within(1e-6));
    assertThat(g.decide(FLAT, NONE)).isEqualTo(ESCALATE);
    assertThat(GatePolicy.entropy(0).decide(Prediction.of(1f, 0f, 0f), NONE)).as("certain").isEqualTo(ACCEPT);
    assertThat(GatePolicy.entropy(0).decide(SURE, NONE)).isEqualTo(ESCALATE);
    assertThat(GatePolicy.entropy(1).decide(FLAT, NONE)).as("anything goes").isEqualTo(ACCEPT);
  }

  @Test
  void confidentSlidesItsThresholdWithARealBudgetsPressure() {
    FakeTicker ticker = FakeTicker.create();
    EnergyBudget budget = EnergyBudget.builder().ticker(ticker).window(Energy.ofJoules(10), Duration.ofHours(1)).build();
    GatePolicy g = GatePolicy.confident(Confidence.MAX_PROBABILITY, 0.9, 0.5);
    Prediction fair = Prediction.of(0.7f, 0.3f);

    assertThat(g.decide(fair, budget)).as("pressure 0: threshold 0.9").isEqualTo(ESCALATE);
    budget.charge(Energy.ofJoules(6));
    assertThat(budget.pressure()).isCloseTo(0.6, within(1e-9));
    assertThat(g.decide(fair, budget)).as("pressure 0.6: threshold 0.66").isEqualTo(ACCEPT);
    ticker.advance(Duration.ofMinutes(30));                    // the window refills 5 J: 9 J left
    assertThat(budget.pressure()).isCloseTo(0.1, within(1e-9));
    assertThat(g.decide(fair, budget)).as("pressure 0.1: threshold 0.86").isEqualTo(ESCALATE);
  }

  @Test
  void confidentReactsToABatteryThatWillNotLastItsTargetLifetime() {
    FakeTicker ticker = FakeTicker.create();
    EnergyBudget budget = EnergyBudget.builder().ticker(ticker)
        .battery(Energy.ofJoules(100), Duration.ofHours(10)).build();
    GatePolicy g = GatePolicy.confident(Confidence.MARGIN, 0.8, 0.0);
    Prediction modest = Prediction.of(0.625f, 0.375f);         // margin 0.25

    ticker.advance(Duration.ofHours(1));
    budget.charge(Energy.ofJoules(5));                         // 5 J/h: 95 J last 19 h > 9 h left
    assertThat(budget.pressure()).isZero();
    assertThat(g.decide(modest, budget)).isEqualTo(ESCALATE);
    budget.charge(Energy.ofJoules(45));                        // 50 J/h: 50 J last 1 h of 9 h left
    assertThat(budget.pressure()).isCloseTo(1 - 1 / 9.0, within(1e-9));
    assertThat(budget.state()).isEqualTo(BudgetState.SOFT_LIMIT);
    assertThat(g.decide(modest, budget)).as("threshold 0.8 × (1/9) = 0.089").isEqualTo(ACCEPT);
  }

  @Test
  void confidentMayAlsoGetStricterUnderPressure() {
    FakeTicker ticker = FakeTicker.create();
    EnergyBudget budget = EnergyBudget.builder().ticker(ticker).battery(Energy.ofJoules(1)).build();
    GatePolicy strict = GatePolicy.confident(Confidence.MAX_PROBABILITY, 0.5, 1.0);
    assertThat(strict.decide(SURE, budget)).isEqualTo(ACCEPT);
    budget.charge(Energy.ofJoules(1));
    assertThat(strict.decide(SURE, budget)).isEqualTo(ESCALATE);
    assertThat(strict.toString()).contains("sliding to 1.0");
  }

  @Test
  void alwaysAcceptAndAlwaysEscalateIgnoreTheirInput() {
    for (Prediction p : new Prediction[] {SURE, TORN, FLAT}) {
      assertThat(GatePolicy.alwaysAccept().decide(p, NONE)).isEqualTo(ACCEPT);
      assertThat(GatePolicy.alwaysEscalate().decide(p, NONE)).isEqualTo(ESCALATE);
    }
    assertThat(GatePolicy.alwaysAccept()).isSameAs(GatePolicy.alwaysAccept()).hasToString("always ACCEPT");
  }

  @Test
  void classTriggerHasHysteresisAndHangover() {
    GatePolicy trigger = GatePolicy.classTrigger(1, 0.6, 0.4, 2);
    // 0.5 alone does not trigger (below on); after 0.7 it holds while >= 0.4, then two hang-over frames
    assertThat(stream(trigger, 1, 0.1f, 0.5f, 0.7f, 0.5f, 0.45f, 0.2f, 0.2f, 0.2f, 0.5f)).isEqualTo("aaEEEEEaa");
  }

  @Test
  void classTriggerThresholdsAreInclusiveAtOnAndOff() {
    GatePolicy trigger = GatePolicy.classTrigger(0, 0.75, 0.25, 0);
    assertThat(stream(trigger, 0, 0.5f, 0.75f, 0.25f, 0.125f, 0.5f)).isEqualTo("aEEaa");
  }

  @Test
  void anEventDuringTheHangoverRearmsIt() {
    GatePolicy trigger = GatePolicy.classTrigger(1, 0.5, 0.5, 2);
    assertThat(stream(trigger, 1, 0.9f, 0.1f, 0.9f, 0.1f, 0.1f, 0.1f)).isEqualTo("EEEEEa");
  }

  @Test
  void withoutHangoverTheTriggerReleasesAtOnce() {
    assertThat(stream(GatePolicy.classTrigger(1, 0.5, 0.5, 0), 1, 0.9f, 0.1f, 0.9f)).isEqualTo("EaE");
  }

  @Test
  void resetForgetsTheStreamAndInstancesAreIndependent() {
    GatePolicy a = GatePolicy.classTrigger(1, 0.6, 0.4, 3);
    GatePolicy b = GatePolicy.classTrigger(1, 0.6, 0.4, 3);
    a.decide(Prediction.of(0.1f, 0.9f), NONE);
    assertThat(a.decide(Prediction.of(0.9f, 0.1f), NONE)).as("hang-over").isEqualTo(ESCALATE);
    assertThat(b.decide(Prediction.of(0.9f, 0.1f), NONE)).isEqualTo(ACCEPT);
    a.reset();
    assertThat(a.decide(Prediction.of(0.5f, 0.5f), NONE)).isEqualTo(ACCEPT);
  }

  @Test
  void resetReachesNestedStatefulPolicies() {
    GatePolicy trigger = GatePolicy.classTrigger(1, 0.6, 0.4, 5);
    GatePolicy composed = GatePolicy.anyOf(GatePolicy.alwaysAccept(), trigger).negate().negate().orElse(constant(ACCEPT));
    composed.decide(Prediction.of(0.1f, 0.9f), NONE);
    assertThat(composed.decide(Prediction.of(0.9f, 0.1f), NONE)).isEqualTo(ESCALATE);
    composed.reset();
    assertThat(composed.decide(Prediction.of(0.9f, 0.1f), NONE)).isEqualTo(ACCEPT);
  }

  @Test
  void classTriggerRejectsAClassTheTierDoesNotHave() {
    assertThatThrownBy(() -> GatePolicy.classTrigger(5, 0.6, 0.4, 0).decide(SURE, NONE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("class 5").hasMessageContaining("3 classes");
  }

  @ParameterizedTest(name = "{0} then {1}: firstDecisive {2}, allOf {3}, anyOf {4}")
  @CsvSource({
      "ACCEPT,   ACCEPT,   ACCEPT,   ACCEPT,   ACCEPT",
      "ACCEPT,   ESCALATE, ACCEPT,   ACCEPT,   ESCALATE",
      "ACCEPT,   ABSTAIN,  ACCEPT,   ACCEPT,   ACCEPT",
      "ESCALATE, ACCEPT,   ESCALATE, ACCEPT,   ESCALATE",
      "ESCALATE, ESCALATE, ESCALATE, ESCALATE, ESCALATE",
      "ESCALATE, ABSTAIN,  ESCALATE, ESCALATE, ESCALATE",
      "ABSTAIN,  ACCEPT,   ACCEPT,   ACCEPT,   ACCEPT",
      "ABSTAIN,  ESCALATE, ESCALATE, ESCALATE, ESCALATE",
      "ABSTAIN,  ABSTAIN,  ABSTAIN,  ABSTAIN,  ABSTAIN"})
  void compositionTruthTables(Decision a, Decision b, Decision first, Decision all, Decision any) {
    GatePolicy ga = constant(a);
    GatePolicy gb = constant(b);
    assertThat(GatePolicy.firstDecisive(ga, gb).decide(SURE, NONE)).isEqualTo(first);
    assertThat(ga.orElse(gb).decide(SURE, NONE)).isEqualTo(first);
    assertThat(GatePolicy.allOf(ga, gb).decide(SURE, NONE)).isEqualTo(all);
    assertThat(GatePolicy.anyOf(ga, gb).decide(SURE, NONE)).isEqualTo(any);
  }

  @ParameterizedTest
  @CsvSource({"ACCEPT, ESCALATE", "ESCALATE, ACCEPT", "ABSTAIN, ABSTAIN"})
  void negateSwapsAcceptAndEscalate(Decision d, Decision negated) {
    assertThat(constant(d).negate().decide(SURE, NONE)).isEqualTo(negated);
    assertThat(constant(d).negate().negate().decide(SURE, NONE)).isEqualTo(d);
  }

  @Test
  void compositesOfThreeAndTheirNames() {
    GatePolicy acc = GatePolicy.alwaysAccept();
    GatePolicy esc = GatePolicy.alwaysEscalate();
    GatePolicy abstain = constant(ABSTAIN);
    assertThat(GatePolicy.firstDecisive(abstain, abstain, esc).decide(SURE, NONE)).isEqualTo(ESCALATE);
    assertThat(GatePolicy.allOf(esc, abstain, esc).decide(SURE, NONE)).isEqualTo(ESCALATE);
    assertThat(GatePolicy.anyOf(acc, abstain, acc).decide(SURE, NONE)).isEqualTo(ACCEPT);
    assertThat(GatePolicy.anyOf(acc, esc)).hasToString("anyOf(always ACCEPT, always ESCALATE)");
    assertThat(esc.negate()).hasToString("not(always ESCALATE)");
    assertThat(GatePolicy.maxProbability(0.9).toString()).contains("MAX_PROBABILITY").contains("0.9");
  }

  @ParameterizedTest
  @ValueSource(doubles = {-0.1, 1.1, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
  void thresholdsOutsideZeroToOneAreRejected(double bad) {
    assertThatThrownBy(() -> GatePolicy.maxProbability(bad)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[0, 1]").hasMessageContaining(String.valueOf(bad));
    assertThatThrownBy(() -> GatePolicy.margin(bad)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GatePolicy.entropy(bad)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxNormalizedEntropy");
    assertThatThrownBy(() -> GatePolicy.confident(Confidence.MARGIN, 0.5, bad)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("full pressure");
    assertThatThrownBy(() -> GatePolicy.classTrigger(0, bad, 0.1, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("on threshold");
    assertThatThrownBy(() -> GatePolicy.classTrigger(0, 0.9, bad, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void triggerAndCompositeArgumentsAreChecked() {
    assertThatThrownBy(() -> GatePolicy.classTrigger(0, 0.3, 0.6, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("off threshold (0.6) must not exceed on threshold (0.3)");
    assertThatThrownBy(() -> GatePolicy.classTrigger(-1, 0.6, 0.3, 1)).hasMessageContaining("eventClass");
    assertThatThrownBy(() -> GatePolicy.classTrigger(0, 0.6, 0.3, -1)).hasMessageContaining("hangoverFrames");
    assertThatThrownBy(GatePolicy::anyOf).hasMessageContaining("at least one");
    assertThatThrownBy(GatePolicy::allOf).hasMessageContaining("at least one");
    assertThatThrownBy(GatePolicy::firstDecisive).hasMessageContaining("at least one");
    assertThatThrownBy(() -> GatePolicy.anyOf(GatePolicy.alwaysAccept(), null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void policiesWithoutABudgetSeeAnUnlimitedOne() {
    assertThat(NONE.state()).isEqualTo(BudgetState.HEALTHY);
    assertThat(NONE.pressure()).isZero();
    assertThat(NONE.canAfford(Long.MAX_VALUE)).isTrue();
  }
}
