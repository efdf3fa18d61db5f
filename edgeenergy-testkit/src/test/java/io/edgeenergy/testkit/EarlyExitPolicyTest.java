package io.edgeenergy.testkit;

import static io.edgeenergy.policy.EarlyExitPolicy.Decision.ABSTAIN;
import static io.edgeenergy.policy.EarlyExitPolicy.Decision.CONTINUE;
import static io.edgeenergy.policy.EarlyExitPolicy.Decision.EXIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.Energy;
import io.edgeenergy.energy.BudgetView;
import io.edgeenergy.energy.EnergyBudget;
import io.edgeenergy.internal.MutablePrediction;
import io.edgeenergy.policy.Confidence;
import io.edgeenergy.policy.EarlyExitPolicy;
import io.edgeenergy.policy.Prediction;
import org.junit.jupiter.api.Test;

class EarlyExitPolicyTest {
  private static final BudgetView NONE = BudgetView.UNLIMITED;

  private static Prediction agreeing(int stages, float... probs) {
    MutablePrediction p = new MutablePrediction(probs.length);
    System.arraycopy(probs, 0, p.scores(), 0, probs.length);
    p.update(0, stages - 1, 4, stages);
    return p;
  }

  @Test
  void confidenceAndEntropyExits() {
    assertThat(EarlyExitPolicy.confidence(0.9).decide(Prediction.of(0.95f, 0.05f), NONE)).isEqualTo(EXIT);
    assertThat(EarlyExitPolicy.confidence(0.9).decide(Prediction.of(0.6f, 0.4f), NONE)).isEqualTo(CONTINUE);
    assertThat(EarlyExitPolicy.entropy(0.3).decide(Prediction.of(0.99f, 0.01f), NONE)).isEqualTo(EXIT);
    assertThat(EarlyExitPolicy.entropy(0.3).decide(Prediction.of(0.5f, 0.5f), NONE)).isEqualTo(CONTINUE);
  }

  @Test
  void patienceCountsAgreeingExitsAndAbstainsBefore() {
    EarlyExitPolicy p = EarlyExitPolicy.patience(3);
    assertThat(p.decide(agreeing(2, 0.6f, 0.4f), NONE)).isEqualTo(ABSTAIN);
    assertThat(p.decide(agreeing(3, 0.6f, 0.4f), NONE)).isEqualTo(EXIT);
    assertThat(p.orElse(EarlyExitPolicy.confidence(0.9)).decide(agreeing(1, 0.95f, 0.05f), NONE)).isEqualTo(EXIT);
    assertThat(p.orElse(EarlyExitPolicy.never()).decide(agreeing(1, 0.95f, 0.05f), NONE)).isEqualTo(CONTINUE);
    assertThatThrownBy(() -> EarlyExitPolicy.patience(0)).hasMessageContaining(">= 1");
  }

  @Test
  void budgetAwareExitLeavesEarlierUnderPressure() {
    FakeTicker ticker = FakeTicker.create();
    EnergyBudget budget = EnergyBudget.builder().ticker(ticker).battery(Energy.ofJoules(100)).build();
    EarlyExitPolicy p = EarlyExitPolicy.confident(Confidence.MARGIN, 0.8, 0.2);
    Prediction modest = Prediction.of(0.7f, 0.3f);   // margin 0.4

    assertThat(p.decide(modest, budget)).isEqualTo(CONTINUE);
    budget.charge(Energy.ofJoules(90));              // battery pressure 0.9: threshold 0.26
    assertThat(p.decide(modest, budget)).isEqualTo(EXIT);
  }

  @Test
  void firstDecisiveNeedsPolicies() {
    assertThatThrownBy(EarlyExitPolicy::firstDecisive).hasMessageContaining("at least one");
    assertThat(EarlyExitPolicy.firstDecisive((p, b) -> ABSTAIN).decide(Prediction.of(1f), NONE)).isEqualTo(ABSTAIN);
  }
}
